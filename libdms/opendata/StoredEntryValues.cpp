// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/StoredEntryValues.h"

#include <cstring>

namespace dms {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/** The length of the well-formed UTF-8 sequence at `p` (RFC 3629: no overlong
 *  forms, no surrogates, nothing above U+10FFFF), or 0. */
int utf8Length(const unsigned char *p, const unsigned char *end)
{
    const auto continuation = [&](int i, unsigned char low = 0x80, unsigned char high = 0xbf) {
        return p + i < end && p[i] >= low && p[i] <= high;
    };
    const unsigned char c = p[0];
    if (c >= 0xc2 && c <= 0xdf)
        return continuation(1) ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        const unsigned char low = c == 0xe0 ? 0xa0 : 0x80;
        const unsigned char high = c == 0xed ? 0x9f : 0xbf;
        return continuation(1, low, high) && continuation(2) ? 3 : 0;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        const unsigned char low = c == 0xf0 ? 0x90 : 0x80;
        const unsigned char high = c == 0xf4 ? 0x8f : 0xbf;
        return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
    }
    return 0;
}

char *appendUtf8(char *out, char32_t code)
{
    if (code < 0x80) {
        *out++ = char(code);
    } else if (code < 0x800) {
        *out++ = char(0xc0 | (code >> 6));
        *out++ = char(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
        *out++ = char(0xe0 | (code >> 12));
        *out++ = char(0x80 | ((code >> 6) & 0x3f));
        *out++ = char(0x80 | (code & 0x3f));
    } else {
        *out++ = char(0xf0 | (code >> 18));
        *out++ = char(0x80 | ((code >> 12) & 0x3f));
        *out++ = char(0x80 | ((code >> 6) & 0x3f));
        *out++ = char(0x80 | (code & 0x3f));
    }
    return out;
}

} // namespace

StoredEntryValues::StoredEntryValues(const QStringList &fieldNames)
    : m_values(size_t(fieldNames.size()))
{
    for (const QString &name : fieldNames)
        m_names.append(name.toUtf8());
}

qsizetype StoredEntryValues::fieldIndex(QByteArrayView key) const
{
    for (qsizetype i = 0; i < m_names.size(); ++i) {
        const QByteArray &name = m_names.at(i);
        if (name.size() == key.size() && std::memcmp(name.constData(), key.data(), size_t(key.size())) == 0)
            return i;
    }
    return -1;
}

bool StoredEntryValues::parse(QByteArrayView json)
{
    for (Value &value : m_values)
        value = Value {};
    // A decoded string is never longer than its JSON text, so all of them fit.
    if (m_decoded.size() < size_t(json.size()))
        m_decoded.resize(size_t(json.size()));
    m_decodedUsed = 0;
    m_pos = json.data();
    m_end = m_pos + json.size();
    const auto skipSpace = [this] {
        while (m_pos < m_end && (*m_pos == ' ' || *m_pos == '\n' || *m_pos == '\r' || *m_pos == '\t'))
            ++m_pos;
    };
    const auto literal = [this](const char *word, size_t length) {
        if (size_t(m_end - m_pos) < length || std::memcmp(m_pos, word, length) != 0)
            return false;
        m_pos += length;
        return true;
    };
    skipSpace();
    if (m_pos == m_end || *m_pos != '{')
        return false;
    ++m_pos;
    skipSpace();
    if (m_pos < m_end && *m_pos == '}') {
        ++m_pos;
    } else {
        for (;;) {
            QByteArrayView key;
            if (!parseString(key, true))
                return false;
            skipSpace();
            if (m_pos == m_end || *m_pos != ':')
                return false;
            ++m_pos;
            skipSpace();
            if (m_pos == m_end)
                return false;
            const qsizetype index = fieldIndex(key);
            Value value;
            const char c = *m_pos;
            if (c == '"') {
                value.kind = Kind::String;
                if (!parseString(value.text, index >= 0))
                    return false;
            } else if (c == '-' || isDigit(c)) {
                value.kind = Kind::Number;
                if (!parseNumber(value.text))
                    return false;
            } else if (literal("true", 4)) {
                value.kind = Kind::True;
            } else if (literal("false", 5)) {
                value.kind = Kind::False;
            } else if (literal("null", 4)) {
                value.kind = Kind::Null;
            } else {
                return false; // objects, arrays and anything else
            }
            if (index >= 0)
                m_values[size_t(index)] = value;
            skipSpace();
            if (m_pos == m_end)
                return false;
            if (*m_pos == '}') {
                ++m_pos;
                break;
            }
            if (*m_pos != ',')
                return false;
            ++m_pos;
            skipSpace();
        }
    }
    skipSpace();
    return m_pos == m_end;
}

bool StoredEntryValues::parseString(QByteArrayView &text, bool keep)
{
    if (m_pos == m_end || *m_pos != '"')
        return false;
    const char *start = ++m_pos;
    char *out = nullptr; // where decoded bytes go once an escape was met
    const char *copied = start; // the bytes before it are in `out` already
    while (m_pos < m_end) {
        const auto c = static_cast<unsigned char>(*m_pos);
        if (c == '"') {
            if (!out) {
                text = keep ? QByteArrayView(start, m_pos - start) : QByteArrayView();
            } else {
                const size_t length = size_t(m_pos - copied);
                std::memcpy(out, copied, length);
                out += length;
                char *begin = m_decoded.data() + m_decodedUsed;
                text = keep ? QByteArrayView(begin, out - begin) : QByteArrayView();
                m_decodedUsed = size_t(out - m_decoded.data());
            }
            ++m_pos;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c >= 0x80) {
            const int length = utf8Length(reinterpret_cast<const unsigned char *>(m_pos),
                                          reinterpret_cast<const unsigned char *>(m_end));
            if (length == 0)
                return false;
            m_pos += length;
            continue;
        }
        if (c != '\\') {
            ++m_pos;
            continue;
        }
        if (!out)
            out = m_decoded.data() + m_decodedUsed;
        const size_t length = size_t(m_pos - copied);
        std::memcpy(out, copied, length);
        out += length;
        if (++m_pos == m_end)
            return false;
        const char escape = *m_pos++;
        switch (escape) {
        case '"':
        case '\\':
        case '/':
            *out++ = escape;
            break;
        case 'b':
            *out++ = '\b';
            break;
        case 'f':
            *out++ = '\f';
            break;
        case 'n':
            *out++ = '\n';
            break;
        case 'r':
            *out++ = '\r';
            break;
        case 't':
            *out++ = '\t';
            break;
        case 'u': {
            const auto hex4 = [this](char32_t &code) {
                if (m_end - m_pos < 4)
                    return false;
                code = 0;
                for (int i = 0; i < 4; ++i) {
                    const int digit = hexValue(m_pos[i]);
                    if (digit < 0)
                        return false;
                    code = (code << 4) | char32_t(digit);
                }
                m_pos += 4;
                return true;
            };
            char32_t code = 0;
            if (!hex4(code))
                return false;
            if (code >= 0xdc00 && code <= 0xdfff)
                return false; // a low surrogate without its high one
            if (code >= 0xd800 && code <= 0xdbff) {
                char32_t low = 0;
                if (m_end - m_pos < 2 || m_pos[0] != '\\' || m_pos[1] != 'u')
                    return false;
                m_pos += 2;
                if (!hex4(low) || low < 0xdc00 || low > 0xdfff)
                    return false;
                code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
            }
            out = appendUtf8(out, code);
            break;
        }
        default:
            return false;
        }
        copied = m_pos;
    }
    return false; // no closing quote
}

bool StoredEntryValues::parseNumber(QByteArrayView &number)
{
    const char *start = m_pos;
    const auto digits = [this] {
        const char *first = m_pos;
        while (m_pos < m_end && isDigit(*m_pos))
            ++m_pos;
        return m_pos > first;
    };
    if (*m_pos == '-')
        ++m_pos;
    if (m_pos < m_end && *m_pos == '0')
        ++m_pos; // no leading zeros
    else if (!digits())
        return false;
    if (m_pos < m_end && *m_pos == '.') {
        ++m_pos;
        if (!digits())
            return false;
    }
    if (m_pos < m_end && (*m_pos == 'e' || *m_pos == 'E')) {
        ++m_pos;
        if (m_pos < m_end && (*m_pos == '+' || *m_pos == '-'))
            ++m_pos;
        if (!digits())
            return false;
    }
    number = QByteArrayView(start, m_pos - start);
    return true;
}

} // namespace dms
