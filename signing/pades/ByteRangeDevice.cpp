// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/ByteRangeDevice.h"

#include "core/Tr.h"

namespace dms {

ByteRangeDevice::ByteRangeDevice(const QString &path, const QList<QPair<qint64, qint64>> &ranges)
    : m_file(path)
    , m_ranges(ranges)
{ }

bool ByteRangeDevice::open(OpenMode mode)
{
    if ((mode & WriteOnly) || !m_file.open(QIODevice::ReadOnly)) {
        setErrorString(m_file.errorString());
        return false;
    }
    m_range = 0;
    m_doneInRange = 0;
    return QIODevice::open(mode | Unbuffered);
}

void ByteRangeDevice::close()
{
    m_file.close();
    QIODevice::close();
}

qint64 ByteRangeDevice::readData(char *data, qint64 maxSize)
{
    qint64 total = 0;
    while (total < maxSize && m_range < m_ranges.size()) {
        const auto &[offset, length] = m_ranges.at(m_range);
        if (m_doneInRange >= length) {
            ++m_range;
            m_doneInRange = 0;
            continue;
        }
        if (!m_file.seek(offset + m_doneInRange)) {
            setErrorString(m_file.errorString());
            return -1;
        }
        const qint64 got = m_file.read(data + total, qMin(maxSize - total, length - m_doneInRange));
        if (got <= 0) {
            setErrorString(Tr::tr("The signed byte range lies beyond the end of the file."));
            return -1;
        }
        total += got;
        m_doneInRange += got;
    }
    return total;
}

} // namespace dms
