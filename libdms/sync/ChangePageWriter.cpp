// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ChangePageWriter.h"

namespace dms {

namespace {

/** Stored data is always an object written by QJsonDocument; anything else (a
 *  damaged row) becomes {} rather than breaking the whole page's JSON. */
bool looksLikeObject(const QByteArray &json)
{
    return json.size() >= 2 && json.front() == '{' && json.back() == '}';
}

} // namespace

void ChangePageWriter::appendString(QByteArray &out, const QString &text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.append('"');
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\');
            out.append(c);
        } else if (byte < 0x20) {
            out.append("\\u00", 4);
            out.append(hex[byte >> 4]);
            out.append(hex[byte & 0xf]);
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

QByteArray ChangePageWriter::write(const ChangePage &page)
{
    qsizetype size = 64;
    for (const SyncChange &change : page.changes)
        size += change.dataJson.size() + change.entity.size() + change.entityId.size() * 2 + 64;
    QByteArray out;
    out.reserve(size);
    out.append("{\"changes\":[");
    bool first = true;
    for (const SyncChange &change : page.changes) {
        if (!first)
            out.append(',');
        first = false;
        out.append("{\"seq\":");
        out.append(QByteArray::number(change.seq));
        out.append(",\"entity\":");
        appendString(out, change.entity);
        out.append(",\"id\":");
        appendString(out, change.entityId);
        out.append(",\"op\":\"upsert\",\"data\":");
        out.append(looksLikeObject(change.dataJson) ? change.dataJson : QByteArrayLiteral("{}"));
        out.append('}');
    }
    out.append("],\"next_cursor\":");
    out.append(QByteArray::number(page.nextCursor));
    out.append(",\"has_more\":");
    out.append(page.hasMore ? "true" : "false");
    out.append('}');
    return out;
}

} // namespace dms
