// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/CsvWriter.h"

#include "core/Tr.h"

#include <QIODevice>

namespace dms {

namespace {

constexpr qsizetype kBlockSize = 256 * 1024;

bool needsQuotes(QStringView text)
{
    for (QChar c : text) {
        if (c == u',' || c == u'"' || c == u'\r' || c == u'\n')
            return true;
    }
    return false;
}

void appendField(QByteArray &out, QStringView text)
{
    if (!needsQuotes(text)) {
        out += text.toUtf8();
        return;
    }
    out += '"';
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'"') {
            out += text.mid(start, i + 1 - start).toUtf8();
            out += '"';
            start = i + 1;
        }
    }
    out += text.mid(start).toUtf8();
    out += '"';
}

} // namespace

CsvWriter::CsvWriter(QIODevice &device)
    : m_device(device)
{
    m_buffer.reserve(kBlockSize + 4096);
}

void CsvWriter::addField(QStringView text)
{
    if (m_rowStarted)
        m_buffer += ',';
    m_rowStarted = true;
    appendField(m_buffer, text);
}

void CsvWriter::endRow()
{
    m_buffer += "\r\n";
    m_rowStarted = false;
    flushIfFull();
}

void CsvWriter::flushIfFull()
{
    if (m_buffer.size() < kBlockSize)
        return;
    if (!m_failed && m_device.write(m_buffer) != m_buffer.size())
        m_failed = true;
    m_buffer.clear();
}

Status CsvWriter::finish()
{
    if (!m_buffer.isEmpty() && !m_failed && m_device.write(m_buffer) != m_buffer.size())
        m_failed = true;
    m_buffer.clear();
    if (m_failed)
        return makeError(ErrorCode::Storage, Tr::tr("The CSV file could not be written."),
                         m_device.errorString());
    return {};
}

QByteArray CsvWriter::field(QStringView text)
{
    QByteArray out;
    appendField(out, text);
    return out;
}

} // namespace dms
