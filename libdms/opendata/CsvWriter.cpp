// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/CsvWriter.h"

#include "core/Tr.h"

#include <QIODevice>

namespace dms {

namespace {

constexpr qsizetype kBlockSize = 1024 * 1024;

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

void appendUtf8Field(QByteArray &out, QByteArrayView utf8)
{
    const char *data = utf8.data();
    const qsizetype size = utf8.size();
    qsizetype i = 0;
    while (i < size && data[i] != ',' && data[i] != '"' && data[i] != '\r' && data[i] != '\n')
        ++i;
    if (i == size) {
        out.append(data, size);
        return;
    }
    out += '"';
    qsizetype start = 0;
    for (; i < size; ++i) {
        if (data[i] == '"') {
            out.append(data + start, i + 1 - start);
            out += '"';
            start = i + 1;
        }
    }
    out.append(data + start, size - start);
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

void CsvWriter::addUtf8Field(QByteArrayView utf8)
{
    if (m_rowStarted)
        m_buffer += ',';
    m_rowStarted = true;
    appendUtf8Field(m_buffer, utf8);
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
    m_buffer.resize(0); // keeps the capacity for the next block
}

Status CsvWriter::finish()
{
    if (!m_buffer.isEmpty() && !m_failed && m_device.write(m_buffer) != m_buffer.size())
        m_failed = true;
    m_buffer.resize(0); // keeps the capacity for the next block
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
