// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/SigningKey.h"

#include <QList>
#include <QString>

#include <memory>
#include <openssl/types.h>

namespace dms {

class Clock;

/** A private key held in memory (a PKCS#12 file or an OpenSSL key) with its
 *  certificate, as a SigningKey: e-seals of the institution and the exchange
 *  module's message signatures. Same contract as TokenSigningKey: RSA PKCS#1 v1.5
 *  over the SHA-256 DigestInfo, ECDSA as DER, CertExpired outside the validity
 *  period. Not thread-safe. */
class SoftwareSigningKey final : public SigningKey
{
public:
    ~SoftwareSigningKey() override;
    SoftwareSigningKey(const SoftwareSigningKey &) = delete;
    SoftwareSigningKey &operator=(const SoftwareSigningKey &) = delete;

    /** Opens a PKCS#12 file (DER) protected by @p password. WrongPin when the
     *  password is wrong, InvalidInput when the data is no PKCS#12 or holds no key
     *  with its certificate. @p clock must outlive the key. */
    [[nodiscard]] static Result<std::unique_ptr<SoftwareSigningKey>>
    fromPkcs12(const QByteArray &pkcs12, const QByteArray &password, const Clock &clock);

    /** fromPkcs12() over the contents of @p path; InvalidInput when it cannot be read. */
    [[nodiscard]] static Result<std::unique_ptr<SoftwareSigningKey>>
    fromPkcs12File(const QString &path, const QByteArray &password, const Clock &clock);

    /** Wraps @p key (a reference is taken; the caller keeps its own) with its DER
     *  @p certificate; InvalidInput unless the key belongs to the certificate. */
    [[nodiscard]] static Result<std::unique_ptr<SoftwareSigningKey>>
    fromKey(EVP_PKEY *key, const CertificateInfo &certificate, const Clock &clock);

    CertificateInfo certificate() const override;
    [[nodiscard]] Result<QByteArray> signSha256(const QByteArray &digest) override;
    /** SHA-1 or SHA-256. */
    [[nodiscard]] Result<QByteArray> signDigest(DigestAlgorithm algorithm, const QByteArray &digest) override;

    /** The other certificates of the PKCS#12 file (normally the issuing CAs). */
    QList<CertificateInfo> caCertificates() const { return m_caCertificates; }

private:
    SoftwareSigningKey(EVP_PKEY *key, CertificateInfo certificate, QList<CertificateInfo> caCertificates,
                       const Clock &clock);

    EVP_PKEY *m_key;
    CertificateInfo m_certificate;
    QList<CertificateInfo> m_caCertificates;
    const Clock &m_clock;
};

} // namespace dms
