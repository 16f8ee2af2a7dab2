// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/SigningKey.h"

#include <QByteArray>

namespace dms {

/** Conversions between hashes, token outputs and the encodings signatures use. */
namespace SignatureEncoding {

/** DER DigestInfo { sha256, digest } that PKCS#1 v1.5 signs (RFC 8017 9.2);
 *  InvalidInput unless @p digest has 32 bytes. */
[[nodiscard]] Result<QByteArray> sha256DigestInfo(const QByteArray &digest);

/** The DigestInfo of a SHA-1 (20 bytes) or SHA-256 (32 bytes) @p digest;
 *  InvalidInput when the size does not match @p algorithm. */
[[nodiscard]] Result<QByteArray> digestInfo(DigestAlgorithm algorithm, const QByteArray &digest);

/** DER ECDSA-Sig-Value (as CMS wants it) from the r‖s a PKCS#11 token returns;
 *  InvalidInput for an empty or odd-length input. */
[[nodiscard]] Result<QByteArray> ecdsaRawToDer(const QByteArray &raw);

/** r‖s, each left-padded to @p componentBytes (32 for P-256), as XMLDSig wants it. */
[[nodiscard]] Result<QByteArray> ecdsaDerToRaw(const QByteArray &der, int componentBytes);

} // namespace SignatureEncoding

} // namespace dms
