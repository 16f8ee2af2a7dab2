// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/Der.h"

#include <algorithm>
#include <cstring>

namespace dms::Der {

qsizetype lengthSize(qsizetype length)
{
    qsizetype size = 1;
    if (length >= 0x80) {
        for (qsizetype rest = length; rest > 0; rest >>= 8)
            ++size;
    }
    return size;
}

void appendHeader(QByteArray &out, quint8 tag, qsizetype length)
{
    char header[2 + sizeof(qsizetype)];
    out.append(header, writeHeader(header, tag, length) - header);
}

char *writeHeader(char *out, quint8 tag, qsizetype length)
{
    *out++ = static_cast<char>(tag);
    if (length < 0x80) {
        *out++ = static_cast<char>(length);
        return out;
    }
    const qsizetype octets = lengthSize(length) - 1;
    *out++ = static_cast<char>(0x80 | octets);
    for (qsizetype i = octets - 1; i >= 0; --i)
        *out++ = static_cast<char>((length >> (8 * i)) & 0xff);
    return out;
}

char *write(char *out, QByteArrayView bytes)
{
    if (!bytes.isEmpty())
        std::memcpy(out, bytes.data(), static_cast<size_t>(bytes.size()));
    return out + bytes.size();
}

QByteArray tlv(quint8 tag, QByteArrayView content)
{
    QByteArray out;
    out.reserve(tlvSize(content.size()));
    appendHeader(out, tag, content.size());
    out.append(content);
    return out;
}

qsizetype unsignedIntegerSize(QByteArrayView magnitude)
{
    qsizetype start = 0;
    while (start < magnitude.size() && magnitude.at(start) == '\0')
        ++start;
    const bool pad = start == magnitude.size() || (static_cast<quint8>(magnitude.at(start)) & 0x80) != 0;
    return tlvSize(magnitude.size() - start + (pad ? 1 : 0));
}

char *writeUnsignedInteger(char *out, QByteArrayView magnitude)
{
    qsizetype start = 0;
    while (start < magnitude.size() && magnitude.at(start) == '\0')
        ++start;
    const QByteArrayView significant = magnitude.sliced(start);
    const bool pad = significant.isEmpty() || (static_cast<quint8>(significant.front()) & 0x80) != 0;
    out = writeHeader(out, 0x02, significant.size() + (pad ? 1 : 0));
    if (pad)
        *out++ = '\0';
    return write(out, significant);
}

bool setOfLess(QByteArrayView a, QByteArrayView b)
{
    // Unsigned octets; a shorter encoding that is a prefix of the other comes first.
    return std::lexicographical_compare(reinterpret_cast<const unsigned char *>(a.data()),
                                        reinterpret_cast<const unsigned char *>(a.data()) + a.size(),
                                        reinterpret_cast<const unsigned char *>(b.data()),
                                        reinterpret_cast<const unsigned char *>(b.data()) + b.size());
}

} // namespace dms::Der
