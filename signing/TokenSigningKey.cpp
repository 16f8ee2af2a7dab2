// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/TokenSigningKey.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/SignatureEncoding.h"

#include <utility>

namespace dms {

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

Result<QByteArray> TokenSigningKey::signDigest(DigestAlgorithm algorithm, const QByteArray &digest)
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
