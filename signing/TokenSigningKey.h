// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/SigningKey.h"
#include "signing/Token.h"
#include "signing/TokenCertificate.h"

#include <memory>

namespace dms {

class Clock;

/** The key of a token certificate as a SigningKey: builds the DigestInfo for RSA,
 *  turns the token's ECDSA r‖s into DER, and refuses certificates outside their
 *  validity period (CertExpired). Thread-safe like the Token. */
class TokenSigningKey final : public SigningKey
{
public:
    /** @p clock must outlive this object. */
    TokenSigningKey(std::shared_ptr<Token> token, TokenCertificate certificate, const Clock &clock);

    CertificateInfo certificate() const override;
    [[nodiscard]] Result<QByteArray> signSha256(const QByteArray &digest) override;
    /** SHA-1 or SHA-256. */
    [[nodiscard]] Result<QByteArray> signDigest(DigestAlgorithm algorithm, const QByteArray &digest) override;
    /** The token's batch (its worker signs while the caller prepares the next input),
     *  with the encodings of signSha256(). CertExpired for every input when the
     *  certificate is not valid when the batch starts. */
    [[nodiscard]] std::unique_ptr<SignatureBatch> startSha256Batch() override;

    const TokenCertificate &tokenCertificate() const { return m_certificate; }

private:
    [[nodiscard]] Status checkValidity() const;

    std::shared_ptr<Token> m_token;
    TokenCertificate m_certificate;
    const Clock &m_clock;
};

} // namespace dms
