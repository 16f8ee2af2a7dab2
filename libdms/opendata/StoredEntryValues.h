// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringList>

#include <vector>

namespace dms {

/** Reads the stored values of a municipal register entry (the compact JSON object
 *  of `field_values`, UTF-8) for a fixed list of fields, without building a
 *  QJsonObject: the open-data export reads a million of them.
 *
 *  parse() accepts exactly a JSON object (RFC 8259) whose values are scalars;
 *  whitespace, escapes, duplicate keys (the last wins) and keys of other fields
 *  are allowed. It refuses nested objects or arrays, malformed JSON, invalid
 *  UTF-8, raw control characters in strings, unpaired surrogates and anything
 *  after the object. Strings are decoded to UTF-8; numbers keep their JSON text.
 *  Values of fields not in the list are checked but never decoded or kept.
 *  Views returned by value() stay valid until the next parse() and only while
 *  the parsed bytes live. Not thread-safe; one instance per export. */
class StoredEntryValues
{
public:
    enum class Kind { Missing, Null, String, Number, True, False };
    struct Value
    {
        Kind kind = Kind::Missing;
        QByteArrayView text; ///< String: decoded UTF-8; Number: its JSON text
    };

    /** `fieldNames`: the fields whose values value() gives, by index. */
    explicit StoredEntryValues(const QStringList &fieldNames);

    /** False when `json` is not an object of scalars as described above; the
     *  values are undefined then. */
    bool parse(QByteArrayView json);
    const Value &value(qsizetype field) const { return m_values[size_t(field)]; }
    qsizetype fieldCount() const { return qsizetype(m_values.size()); }

private:
    bool parseString(QByteArrayView &text, bool keep);
    bool parseNumber(QByteArrayView &number);
    qsizetype fieldIndex(QByteArrayView key) const;

    QList<QByteArray> m_names;
    std::vector<Value> m_values;
    std::vector<char> m_decoded; ///< decoded strings with escapes; never reallocated during a parse
    const char *m_pos = nullptr;
    const char *m_end = nullptr;
    size_t m_decodedUsed = 0;
};

} // namespace dms
