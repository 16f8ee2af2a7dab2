// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"

#include <QByteArray>

#include <memory>

namespace dms {

class SignatureBatch;

/** The hash a signature is computed over. SHA-1 exists only for peers that still
 *  expect it (Article 18 XMLDSig, RSA-SHA1); new signatures use SHA-256. */
enum class DigestAlgorithm { Sha1, Sha256 };

/** A private key with its certificate that produces raw signature values, the
 *  building block of CAdES, PAdES and XAdES. Implementations: a token key
 *  (TokenSigningKey) or a software key (SoftwareSigningKey). */
class SigningKey
{
public:
    virtual ~SigningKey();

    virtual CertificateInfo certificate() const = 0;

    /** Signs a SHA-256 @p digest (32 bytes, hashed by the caller). RSA keys give a
     *  PKCS#1 v1.5 signature over the SHA-256 DigestInfo; EC keys give a DER
     *  ECDSA-Sig-Value. Cancelled when the user declines the PIN. */
    [[nodiscard]] virtual Result<QByteArray> signSha256(const QByteArray &digest) = 0;

    /** Signs a @p digest made with @p algorithm (20 bytes for SHA-1, 32 for SHA-256),
     *  same encodings as signSha256(). The default forwards SHA-256 to signSha256()
     *  and refuses other algorithms (InvalidInput). */
    [[nodiscard]] virtual Result<QByteArray> signDigest(DigestAlgorithm algorithm, const QByteArray &digest);

    /** A batch of signSha256() (see SignatureBatch): inputs are SHA-256 digests. The
     *  default signs on the caller's thread in take(); this key must outlive the batch. */
    [[nodiscard]] virtual std::unique_ptr<SignatureBatch> startSha256Batch();
};

} // namespace dms
