// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/TokenSigningKey.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/SequentialSignatureBatch.h"
#include "signing/SignatureEncoding.h"

#include <optional>
#include <utility>

namespace dms {

namespace {

/** A token's raw batch as a SigningKey batch: SHA-256 digests in (as DigestInfo for
 *  RSA), DER ECDSA-Sig-Value out. A digest of the wrong size fails there and after,
 *  like any failure of a batch. */
class TokenKeyBatch final : public SignatureBatch
{
public:
    TokenKeyBatch(std::unique_ptr<SignatureBatch> raw, bool ecdsa)
        : m_raw(std::move(raw))
        , m_ecdsa(ecdsa)
    { }

    void add(const QByteArray &digest) override
    {
        if (!m_failure) {
            Result<QByteArray> input = digest;
            if (digest.size() != 32)
                input = makeError(ErrorCode::InvalidInput, Tr::tr("The digest has the wrong size."),
                                  QStringLiteral("digest of %1 bytes, expected 32").arg(digest.size()));
            else if (!m_ecdsa)
                input = SignatureEncoding::digestInfo(DigestAlgorithm::Sha256, digest);
            if (input) {
                m_raw->add(*input);
            } else {
                m_failure = input.error();
                m_failureAt = m_added;
            }
        }
        ++m_added;
    }

    Result<QByteArray> take() override
    {
        if (m_failure && m_taken >= m_failureAt && m_taken < m_added) {
            ++m_taken;
            return *m_failure;
        }
        ++m_taken;
        auto raw = m_raw->take();
        if (!raw || !m_ecdsa)
            return raw;
        return SignatureEncoding::ecdsaRawToDer(*raw);
    }

    void cancel() override { m_raw->cancel(); }

private:
    std::unique_ptr<SignatureBatch> m_raw;
    bool m_ecdsa;
    std::optional<Error> m_failure;
    qsizetype m_failureAt = 0;
    qsizetype m_added = 0;
    qsizetype m_taken = 0;
};

} // namespace

TokenSigningKey::TokenSigningKey(std::shared_ptr<Token> token, TokenCertificate certificate,
                                 const Clock &clock)
    : m_token(std::move(token))
    , m_certificate(std::move(certificate))
    , m_clock(clock)
{ }

CertificateInfo TokenSigningKey::certificate() const
{
    return m_certificate.certificate;
}

Result<QByteArray> TokenSigningKey::signSha256(const QByteArray &digest)
{
    return signDigest(DigestAlgorithm::Sha256, digest);
}

Status TokenSigningKey::checkValidity() const
{
    const CertificateInfo &cert = m_certificate.certificate;
    const QDateTime now = m_clock.now();
    if (!cert.isValidAt(now))
        return makeError(ErrorCode::CertExpired,
                         now < cert.notBefore() ? Tr::tr("The signing certificate is not valid yet.")
                                                : Tr::tr("The signing certificate has expired."),
                         QStringLiteral("valid %1 .. %2, now %3")
                             .arg(cert.notBefore().toString(Qt::ISODate),
                                  cert.notAfter().toString(Qt::ISODate), now.toString(Qt::ISODate)));
    return {};
}

std::unique_ptr<SignatureBatch> TokenSigningKey::startSha256Batch()
{
    const Status valid = checkValidity();
    const CertificateInfo::KeyType keyType = m_certificate.certificate.keyType();
    if (!valid || keyType == CertificateInfo::KeyType::Unknown) {
        // The same error as signSha256() for every input, without touching the token.
        return std::make_unique<SequentialSignatureBatch>(
            [this](const QByteArray &digest) { return signSha256(digest); });
    }
    const bool ecdsa = keyType != CertificateInfo::KeyType::Rsa;
    return std::make_unique<TokenKeyBatch>(
        m_token->startSignBatch(m_certificate.keyId, ecdsa ? SignMechanism::Ecdsa : SignMechanism::RsaPkcs1),
        ecdsa);
}

Result<QByteArray> TokenSigningKey::signDigest(DigestAlgorithm algorithm, const QByteArray &digest)
{
    DMS_TRY(checkValidity());
    const CertificateInfo &cert = m_certificate.certificate;
    switch (cert.keyType()) {
    case CertificateInfo::KeyType::Rsa: {
        auto digestInfo = SignatureEncoding::digestInfo(algorithm, digest);
        if (!digestInfo)
            return digestInfo.error();
        return m_token->signRaw(m_certificate.keyId, SignMechanism::RsaPkcs1, *digestInfo);
    }
    case CertificateInfo::KeyType::EcP256:
    case CertificateInfo::KeyType::EcOther: {
        const int expected = algorithm == DigestAlgorithm::Sha1 ? 20 : 32;
        if (digest.size() != expected)
            return makeError(
                ErrorCode::InvalidInput, Tr::tr("The digest has the wrong size."),
                QStringLiteral("digest of %1 bytes, expected %2").arg(digest.size()).arg(expected));
        auto raw = m_token->signRaw(m_certificate.keyId, SignMechanism::Ecdsa, digest);
        if (!raw)
            return raw.error();
        return SignatureEncoding::ecdsaRawToDer(*raw);
    }
    case CertificateInfo::KeyType::Unknown:
        break;
    }
    return makeError(ErrorCode::InvalidInput,
                     Tr::tr("The certificate's key type is not supported for signing."),
                     QStringLiteral("key type neither RSA nor EC"));
}

} // namespace dms
