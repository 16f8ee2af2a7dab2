// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/CsvReader.h"

#include "core/Tr.h"

#include <QStringDecoder>

namespace dms {

namespace {

Error malformed(const QString &message, qsizetype line)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("CSV line %1: %2").arg(line).arg(message),
                     QStringLiteral("csv line %1").arg(line));
}

/** The field's bytes as text; nullopt when they are not UTF-8. The delimiters are
 *  ASCII, so splitting on bytes first never cuts a character in two. */
std::optional<QString> decode(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

} // namespace

Result<QList<CsvReader::Record>> CsvReader::parse(QByteArrayView utf8, qsizetype maxRecords)
{
    QByteArrayView data = utf8;
    if (data.startsWith("\xEF\xBB\xBF"))
        data = data.sliced(3);

    QList<Record> records;
    Record record;
    qsizetype line = 1;
    qsizetype pos = 0;
    const qsizetype size = data.size();
    const auto field = [&](QByteArrayView bytes) -> Status {
        auto text = decode(bytes);
        if (!text)
            return malformed(Tr::tr("the text is not valid UTF-8."), line);
        record.fields << *text;
        return {};
    };

    while (pos < size) {
        if (record.fields.isEmpty()) {
            // An empty line is no row (spreadsheets leave them at the end).
            const qsizetype lineEnd = data.at(pos) == '\r' && pos + 1 < size ? pos + 1 : pos;
            if (data.at(lineEnd) == '\n') {
                pos = lineEnd + 1;
                ++line;
                continue;
            }
            record.line = line;
        }
        QByteArray quoted;
        bool wasQuoted = false;
        qsizetype end = pos;
        if (data.at(pos) == '"') {
            wasQuoted = true;
            const qsizetype opening = line;
            ++pos;
            for (;;) {
                if (pos >= size)
                    return malformed(Tr::tr("a quoted field is not closed."), opening);
                const char c = data.at(pos);
                if (c == '"') {
                    if (pos + 1 < size && data.at(pos + 1) == '"') {
                        quoted += '"';
                        pos += 2;
                        continue;
                    }
                    ++pos;
                    break;
                }
                if (c == '\n')
                    ++line;
                quoted += c;
                ++pos;
            }
            end = pos;
        } else {
            while (end < size && data.at(end) != ',' && data.at(end) != '\n') {
                if (data.at(end) == '"')
                    return malformed(Tr::tr("a double quote inside a field that does not start with one."),
                                     line);
                ++end;
            }
        }
        if (wasQuoted) {
            if (end < size && data.at(end) == '\r' && end + 1 < size && data.at(end + 1) == '\n')
                ++end;
            else if (end < size && data.at(end) != ',' && data.at(end) != '\n')
                return malformed(Tr::tr("text after the closing double quote of a field."), line);
            DMS_TRY(field(quoted));
            pos = end;
        } else {
            QByteArrayView bytes = data.sliced(pos, end - pos);
            // CRLF ends the row; the CR is not part of the last field.
            if (end < size && data.at(end) == '\n' && bytes.endsWith('\r'))
                bytes.chop(1);
            else if (end == size && bytes.endsWith('\r'))
                bytes.chop(1);
            DMS_TRY(field(bytes));
            pos = end;
        }
        if (pos >= size || data.at(pos) == '\n') {
            if (records.size() >= maxRecords)
                return malformed(Tr::tr("the file has more than %1 rows.").arg(maxRecords), line);
            records << record;
            record = Record();
            if (pos < size) {
                ++pos;
                ++line;
            }
        } else {
            ++pos; // the comma
            if (pos >= size) {
                // "a,b," at the very end: the row ends with an empty field.
                record.fields << QString();
                records << record;
                record = Record();
            }
        }
    }
    return records;
}

} // namespace dms
