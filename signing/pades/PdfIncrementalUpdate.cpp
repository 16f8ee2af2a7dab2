// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/PdfIncrementalUpdate.h"

#include <QList>

namespace dms {

namespace {

/** Consecutive runs of object numbers: the subsections of an xref section. */
QList<QPair<int, int>> subsections(const QList<int> &numbers)
{
    QList<QPair<int, int>> runs;
    for (int number : numbers) {
        if (!runs.isEmpty() && runs.last().first + runs.last().second == number)
            ++runs.last().second;
        else
            runs.append({number, 1});
    }
    return runs;
}

void appendBigEndian(QByteArray &out, quint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i)
        out.append(static_cast<char>((value >> (8 * i)) & 0xff));
}

} // namespace

PdfIncrementalUpdate::PdfIncrementalUpdate(qint64 originalSize, qint64 previousXref, XrefStyle style,
                                           int nextObjectNumber)
    : m_originalSize(originalSize)
    , m_previousXref(previousXref)
    , m_style(style)
    , m_nextObject(nextObjectNumber)
{ }

void PdfIncrementalUpdate::setObject(int number, int generation, const QByteArray &body)
{
    m_objects.insert(number, Entry {generation, body});
}

QByteArray PdfIncrementalUpdate::build() const
{
    QByteArray out;
    if (m_leadingNewline)
        out.append('\n');
    QMap<int, qint64> offsets;
    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it) {
        offsets.insert(it.key(), m_originalSize + out.size());
        out.append(QByteArray::number(it.key()) + ' ' + QByteArray::number(it->generation) + " obj\n");
        out.append(it->body);
        out.append("\nendobj\n");
    }
    const qint64 xrefOffset = m_originalSize + out.size();

    if (m_style == XrefStyle::Table) {
        const int size = m_nextObject;
        out.append("xref\n");
        for (const auto &run : subsections(offsets.keys())) {
            out.append(QByteArray::number(run.first) + ' ' + QByteArray::number(run.second) + '\n');
            for (int n = run.first; n < run.first + run.second; ++n)
                out.append(QByteArray::number(offsets.value(n)).rightJustified(10, '0') + ' '
                           + QByteArray::number(m_objects.value(n).generation).rightJustified(5, '0')
                           + " n\r\n");
        }
        out.append("trailer\n<< /Size " + QByteArray::number(size) + " /Prev "
                   + QByteArray::number(m_previousXref) + ' ' + m_trailerEntries + " >>\n");
    } else {
        // The cross-reference stream is an object itself and lists itself.
        const int streamNumber = m_nextObject;
        const int size = streamNumber + 1;
        QMap<int, QPair<qint64, int>> entries;
        for (auto it = offsets.cbegin(); it != offsets.cend(); ++it)
            entries.insert(it.key(), {it.value(), m_objects.value(it.key()).generation});
        entries.insert(streamNumber, {xrefOffset, 0});
        QByteArray index;
        for (const auto &run : subsections(entries.keys()))
            index.append(QByteArray::number(run.first) + ' ' + QByteArray::number(run.second) + ' ');
        QByteArray data;
        for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
            appendBigEndian(data, 1, 1);
            appendBigEndian(data, static_cast<quint64>(it->first), 5);
            appendBigEndian(data, static_cast<quint64>(it->second), 2);
        }
        out.append(QByteArray::number(streamNumber) + " 0 obj\n<< /Type /XRef /Size "
                   + QByteArray::number(size) + " /Index [" + index.trimmed() + "] /W [1 5 2] /Prev "
                   + QByteArray::number(m_previousXref) + ' ' + m_trailerEntries + " /Length "
                   + QByteArray::number(data.size()) + " >>\nstream\n");
        out.append(data);
        out.append("\nendstream\nendobj\n");
    }
    out.append("startxref\n" + QByteArray::number(xrefOffset) + "\n%%EOF\n");
    return out;
}

} // namespace dms
