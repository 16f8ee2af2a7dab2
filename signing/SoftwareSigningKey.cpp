// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SoftwareSigningKey.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/OpenSsl.h"

#include <QFile>

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <utility>

namespace dms {

namespace {

Error invalid(const QString &message, const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, message, OpenSsl::takeErrors(detail));
}

Result<CertificateInfo> certificateOf(X509 *x509)
{
    return CertificateInfo::fromDer(OpenSsl::toDer(i2d_X509, x509));
}

} // namespace

SoftwareSigningKey::SoftwareSigningKey(EVP_PKEY *key, CertificateInfo certificate,
                                       QList<CertificateInfo> caCertificates, const Clock &clock)
    : m_key(key)
    , m_certificate(std::move(certificate))
    , m_caCertificates(std::move(caCertificates))
    , m_clock(clock)
{ }

SoftwareSigningKey::~SoftwareSigningKey()
{
    EVP_PKEY_free(m_key);
}

Result<std::unique_ptr<SoftwareSigningKey>>
SoftwareSigningKey::fromPkcs12(const QByteArray &pkcs12, const QByteArray &password, const Clock &clock)
{
    ERR_clear_error();
    const auto *p = reinterpret_cast<const unsigned char *>(pkcs12.constData());
    OpenSsl::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, pkcs12.size()));
    if (!p12)
        return invalid(Tr::tr("The key file is not a PKCS#12 file."), QStringLiteral("d2i_PKCS12"));
    const QByteArray passwordZ = password + '\0';
    if (PKCS12_mac_present(p12.get()) == 1
        && PKCS12_verify_mac(p12.get(), passwordZ.constData(), static_cast<int>(password.size())) != 1) {
        ERR_clear_error();
        return makeError(ErrorCode::WrongPin, Tr::tr("The password of the key file is wrong."),
                         QStringLiteral("PKCS#12 MAC check failed"));
    }
    EVP_PKEY *rawKey = nullptr;
    X509 *rawCert = nullptr;
    STACK_OF(X509) *rawCas = nullptr;
    if (PKCS12_parse(p12.get(), passwordZ.constData(), &rawKey, &rawCert, &rawCas) != 1)
        return invalid(Tr::tr("The key file cannot be read."), QStringLiteral("PKCS12_parse"));
    OpenSsl::PkeyPtr key(rawKey);
    OpenSsl::X509Ptr cert(rawCert);
    QList<CertificateInfo> cas;
    for (int i = 0; i < sk_X509_num(rawCas); ++i) {
        auto ca = certificateOf(sk_X509_value(rawCas, i));
        if (ca)
            cas.append(*ca);
    }
    sk_X509_pop_free(rawCas, X509_free);
    if (!key || !cert)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The key file does not hold a private key with its certificate."),
                         QStringLiteral("PKCS#12 without key or certificate"));
    auto info = certificateOf(cert.get());
    if (!info)
        return info.error();
    auto wrapped = fromKey(key.get(), *info, clock);
    if (!wrapped)
        return wrapped.error();
    (*wrapped)->m_caCertificates = cas;
    return wrapped;
}

Result<std::unique_ptr<SoftwareSigningKey>>
SoftwareSigningKey::fromPkcs12File(const QString &path, const QByteArray &password, const Clock &clock)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The key file cannot be opened."),
                         file.errorString());
    return fromPkcs12(file.readAll(), password, clock);
}

Result<std::unique_ptr<SoftwareSigningKey>>
SoftwareSigningKey::fromKey(EVP_PKEY *key, const CertificateInfo &certificate, const Clock &clock)
{
    ERR_clear_error();
    if (!key || certificate.isNull())
        return makeError(ErrorCode::InvalidInput, Tr::tr("A key and its certificate are needed."),
                         QStringLiteral("null key or certificate"));
    const auto *p = reinterpret_cast<const unsigned char *>(certificate.der().constData());
    OpenSsl::X509Ptr x509(d2i_X509(nullptr, &p, certificate.der().size()));
    if (!x509 || X509_check_private_key(x509.get(), key) != 1)
        return invalid(Tr::tr("The private key does not belong to the certificate."),
                       QStringLiteral("X509_check_private_key"));
    if (certificate.keyType() == CertificateInfo::KeyType::Unknown)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The certificate's key type is not supported for signing."),
                         QStringLiteral("key type neither RSA nor EC"));
    EVP_PKEY_up_ref(key);
    return std::unique_ptr<SoftwareSigningKey>(new SoftwareSigningKey(key, certificate, {}, clock));
}

CertificateInfo SoftwareSigningKey::certificate() const
{
    return m_certificate;
}

Result<QByteArray> SoftwareSigningKey::signSha256(const QByteArray &digest)
{
    return signDigest(DigestAlgorithm::Sha256, digest);
}

Result<QByteArray> SoftwareSigningKey::signDigest(DigestAlgorithm algorithm, const QByteArray &digest)
{
    const QDateTime now = m_clock.now();
    if (!m_certificate.isValidAt(now))
        return makeError(ErrorCode::CertExpired,
                         now < m_certificate.notBefore() ? Tr::tr("The signing certificate is not valid yet.")
                                                         : Tr::tr("The signing certificate has expired."),
                         QStringLiteral("valid %1 .. %2, now %3")
                             .arg(m_certificate.notBefore().toString(Qt::ISODate),
                                  m_certificate.notAfter().toString(Qt::ISODate), now.toString(Qt::ISODate)));
    const bool sha1 = algorithm == DigestAlgorithm::Sha1;
    const int expected = sha1 ? 20 : 32;
    if (digest.size() != expected)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The digest has the wrong size."),
                         QStringLiteral("digest of %1 bytes, expected %2").arg(digest.size()).arg(expected));
    ERR_clear_error();
    OpenSsl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new(m_key, nullptr));
    // The PKCS#1 v1.5 padding is RSA's default; the md makes OpenSSL build the DigestInfo.
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1
        || EVP_PKEY_CTX_set_signature_md(ctx.get(), sha1 ? EVP_sha1() : EVP_sha256()) != 1)
        return makeError(ErrorCode::Internal, Tr::tr("The signature could not be created."),
                         OpenSsl::takeErrors(QStringLiteral("EVP_PKEY_sign_init")));
    const auto *in = reinterpret_cast<const unsigned char *>(digest.constData());
    size_t length = 0;
    if (EVP_PKEY_sign(ctx.get(), nullptr, &length, in, static_cast<size_t>(digest.size())) != 1)
        return makeError(ErrorCode::Internal, Tr::tr("The signature could not be created."),
                         OpenSsl::takeErrors(QStringLiteral("EVP_PKEY_sign size")));
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, in,
                      static_cast<size_t>(digest.size()))
        != 1)
        return makeError(ErrorCode::Internal, Tr::tr("The signature could not be created."),
                         OpenSsl::takeErrors(QStringLiteral("EVP_PKEY_sign")));
    signature.truncate(static_cast<qsizetype>(length));
    return signature;
}

} // namespace dms
