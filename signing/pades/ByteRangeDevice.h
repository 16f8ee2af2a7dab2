// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QIODevice>
#include <QList>
#include <QPair>

namespace dms {

/** A sequential read-only QIODevice that reads the byte ranges of a PDF signature's
 *  /ByteRange (offset, length pairs) from a file one after the other, so the signed
 *  content streams into CadesVerifier without being loaded. */
class ByteRangeDevice final : public QIODevice
{
public:
    /** @p ranges must lie inside the file (checked by the caller). */
    ByteRangeDevice(const QString &path, const QList<QPair<qint64, qint64>> &ranges);

    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QFile m_file;
    QList<QPair<qint64, qint64>> m_ranges;
    qsizetype m_range = 0;
    qint64 m_doneInRange = 0;
};

} // namespace dms
