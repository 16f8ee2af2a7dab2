// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/Base64Decoder.h"

#include <array>

namespace dms::exchange {

namespace {

constexpr qsizetype kBlock = 48 * 1024;
constexpr signed char kSkip = -2;
constexpr signed char kBad = -1;
constexpr signed char kPad = 64;

constexpr std::array<signed char, 256> makeTable()
{
    std::array<signed char, 256> table {};
    for (auto &entry : table)
        entry = kBad;
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    table[static_cast<unsigned char>('=')] = kPad;
    for (const char c : {' ', '\t', '\r', '\n'})
        table[static_cast<unsigned char>(c)] = kSkip;
    return table;
}

constexpr std::array<signed char, 256> s_table = makeTable();

} // namespace

Base64Decoder::Base64Decoder(Sink sink)
    : m_sink(std::move(sink))
{
    m_out.reserve(kBlock + 3);
}

bool Base64Decoder::flush()
{
    if (m_out.isEmpty())
        return true;
    m_decodedSize += m_out.size();
    const bool accepted = m_sink(m_out);
    m_out.resize(0);
    if (!accepted)
        m_failed = true;
    return accepted;
}

bool Base64Decoder::feed(QByteArrayView text)
{
    if (m_failed)
        return false;
    for (const char c : text) {
        const signed char value = s_table[static_cast<unsigned char>(c)];
        if (value == kSkip)
            continue;
        if (value == kBad || m_ended) {
            m_failed = true;
            return false;
        }
        if (value == kPad) {
            // '=' only in the last two places of a quartet, and nothing but '=' after it.
            if (m_inQuartet < 2) {
                m_failed = true;
                return false;
            }
            ++m_padding;
        } else if (m_padding > 0) {
            m_failed = true;
            return false;
        } else {
            m_quartet = (m_quartet << 6) | static_cast<unsigned>(value);
        }
        if (++m_inQuartet < 4)
            continue;
        if (m_padding == 0) {
            m_out.append(static_cast<char>((m_quartet >> 16) & 0xff));
            m_out.append(static_cast<char>((m_quartet >> 8) & 0xff));
            m_out.append(static_cast<char>(m_quartet & 0xff));
        } else {
            m_quartet <<= 6 * m_padding;
            m_out.append(static_cast<char>((m_quartet >> 16) & 0xff));
            if (m_padding == 1)
                m_out.append(static_cast<char>((m_quartet >> 8) & 0xff));
            m_ended = true;
        }
        m_quartet = 0;
        m_inQuartet = 0;
        if (m_out.size() >= kBlock && !flush())
            return false;
    }
    return true;
}

bool Base64Decoder::finish()
{
    if (m_failed || m_inQuartet != 0) {
        m_failed = true;
        return false;
    }
    return flush();
}

bool Base64Decoder::decode(QByteArrayView text, QByteArray &out)
{
    out.clear();
    out.reserve(text.size() / 4 * 3);
    Base64Decoder decoder([&out](QByteArrayView decoded) {
        out.append(decoded);
        return true;
    });
    const bool ok = decoder.feed(text) && decoder.finish();
    if (!ok)
        out.clear();
    return ok;
}

} // namespace dms::exchange
