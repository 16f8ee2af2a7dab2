// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace dms {

/** Minimal DER writing (X.690) for the encodings built without OpenSSL's ASN.1
 *  templates: the CAdES template and ECDSA-Sig-Value. Definite lengths only. */
namespace Der {

/** The size of the length octets for @p length content bytes. */
qsizetype lengthSize(qsizetype length);

/** The size of a TLV with a one-byte tag around @p length content bytes. */
inline qsizetype tlvSize(qsizetype length)
{
    return 1 + lengthSize(length) + length;
}

/** Appends a one-byte @p tag and the length octets of @p length to @p out. */
void appendHeader(QByteArray &out, quint8 tag, qsizetype length);

/** Writes the header of appendHeader() at @p out (room for tlvSize(length) - length
 *  bytes) and returns the position after it. */
char *writeHeader(char *out, quint8 tag, qsizetype length);

/** Copies @p bytes to @p out and returns the position after them. */
char *write(char *out, QByteArrayView bytes);

/** @p tag, length and @p content as one TLV. */
QByteArray tlv(quint8 tag, QByteArrayView content);

/** The size of the INTEGER writeUnsignedInteger() writes for @p magnitude. */
qsizetype unsignedIntegerSize(QByteArrayView magnitude);

/** Writes an INTEGER of the unsigned big-endian @p magnitude at @p out (leading zeros
 *  dropped, a 0x00 added when the high bit is set: X.690 8.3.2) and returns the
 *  position after it. */
char *writeUnsignedInteger(char *out, QByteArrayView magnitude);

/** Orders encodings as DER orders the elements of a SET OF (X.690 11.6). */
bool setOfLess(QByteArrayView a, QByteArrayView b);

} // namespace Der

} // namespace dms
