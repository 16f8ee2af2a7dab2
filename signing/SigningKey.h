// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"

#include <QByteArray>

namespace dms {

/** A private key with its certificate that produces raw signature values, the
 *  building block of CAdES, PAdES and XAdES. Implementations: a token key
 *  (TokenSigningKey), later a software key. */
class SigningKey
{
public:
    virtual ~SigningKey();

    virtual CertificateInfo certificate() const = 0;

    /** Signs a SHA-256 @p digest (32 bytes, hashed by the caller). RSA keys give a
     *  PKCS#1 v1.5 signature over the SHA-256 DigestInfo; EC keys give a DER
     *  ECDSA-Sig-Value. Cancelled when the user declines the PIN. */
    [[nodiscard]] virtual Result<QByteArray> signSha256(const QByteArray &digest) = 0;
};

} // namespace dms
