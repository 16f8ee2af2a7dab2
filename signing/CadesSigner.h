// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CadesBatchResult.h"
#include "signing/CertificateInfo.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

class QIODevice;

namespace dms {

class Clock;
class SigningKey;
class TimestampClient;
class CadesTemplate;
struct CadesSignerX509Cache;

/** Creates detached CAdES signatures (.p7s, DER CMS SignedData without the
 *  content): baseline B-B, and B-T when a TimestampClient is set. The content is
 *  hashed here with SHA-256 in chunks; only the DER of the signed attributes
 *  (contentType, messageDigest, signingTime, signing-certificate-v2) goes to the
 *  SigningKey, so a token or a software key signs the same way. B-B signatures with
 *  RSA or EC keys are encoded around a per-signer CadesTemplate; B-T and other keys
 *  go through OpenSSL's CMS API (same bytes for the same inputs). */
class CadesSigner
{
public:
    /** @p clock gives signingTime and the validity check; it must outlive the signer. */
    CadesSigner(std::shared_ptr<SigningKey> key, const Clock &clock);

    /** Certificates embedded next to the signer's (the issuing CA; the root may be
     *  left out). Default: none. */
    void setChain(const QList<CertificateInfo> &chain) { m_chain = chain; }

    /** B-T: time-stamp each signature value through @p client (not owned, must
     *  outlive the signer); nullptr (default) gives B-B. */
    void setTimestampClient(TimestampClient *client) { m_timestampClient = client; }

    /** Whether signingTime is among the signed attributes (default true; PAdES
     *  leaves it out, the time being in the signature dictionary). */
    void setSigningTimeIncluded(bool included) { m_signingTimeIncluded = included; }

    /** Builds every signature with OpenSSL's CMS API instead of the CadesTemplate (the
     *  reference the template is tested against). Default false. */
    void setOpenSslEncoding(bool openSsl) { m_openSslEncoding = openSsl; }

    /** Signs everything readable from @p content (open for reading; read to its end).
     *  InvalidInput when it cannot be read, CertExpired when the certificate is not
     *  valid now (checked before any PIN is asked), the key's errors (WrongPin,
     *  Cancelled, TokenRemoved, ...), the TimestampClient's errors, and InvalidInput
     *  when the TSA's answer is refused (not granted, other imprint or nonce, malformed). */
    [[nodiscard]] Result<QByteArray> sign(QIODevice &content) const;

    /** Like sign() over content whose SHA-256 the caller computed. */
    [[nodiscard]] Result<QByteArray> signDigest(const QByteArray &sha256) const;

    /** Called on the signing thread after each signature of a batch with the number
     *  made so far; returning false cancels the rest. */
    using BatchProgress = std::function<bool(qsizetype signedCount)>;

    /** sign() of each of @p contents (open for reading; each read to its end) with one
     *  SigningKey::startSha256Batch(): a token signs a document while this thread
     *  hashes the next ones and encodes the signed ones, the documents keep their
     *  order, and a key with a PIN per signature asks it for each. The first error
     *  stops the batch (see SignatureBatch and CadesBatchResult): the signatures made
     *  before it are returned, valid. With a TimestampClient or setOpenSslEncoding()
     *  the documents are signed one after the other, with the same rules. */
    [[nodiscard]] CadesBatchResult signBatch(const QList<QIODevice *> &contents,
                                             const BatchProgress &progress = {}) const;

    /** sign() written to @p p7sPath, atomically: on any error nothing is created and
     *  an existing file is left as it was. */
    [[nodiscard]] Status signToFile(QIODevice &content, const QString &p7sPath) const;

    /** SHA-256 of everything readable from @p content, read in 64 KiB chunks. */
    [[nodiscard]] static Result<QByteArray> sha256(QIODevice &content);

private:
    /** B-B through @p cmsTemplate: only the signed attributes are encoded per signature. */
    [[nodiscard]] Result<QByteArray> signWithTemplate(const CadesTemplate &cmsTemplate,
                                                      const QByteArray &sha256, const QDateTime &now) const;
    /** signBatch() one document after the other with sign(). */
    [[nodiscard]] CadesBatchResult signEach(const QList<QIODevice *> &contents,
                                            const BatchProgress &progress) const;
    /** The validity of the certificate now: CertExpired before any PIN is asked. */
    [[nodiscard]] Status checkValidity(const CertificateInfo &certificate, const QDateTime &now) const;
    /** The DER TimeStampToken over SHA-256 of @p signatureValue, checked against the request. */
    [[nodiscard]] Result<QByteArray> timestampToken(const QByteArray &signatureValue) const;

    std::shared_ptr<SigningKey> m_key;
    const Clock &m_clock;
    QList<CertificateInfo> m_chain;
    /** Parsed X509 of the signer and chain certificates by DER: d2i_X509 (the public
     *  key decoders of OpenSSL 3) cost more than the rest of a small signature.
     *  Shared by copies; guarded by its own mutex, so sign() stays thread-safe. */
    std::shared_ptr<CadesSignerX509Cache> m_parsed;
    TimestampClient *m_timestampClient = nullptr;
    bool m_signingTimeIncluded = true;
    bool m_openSslEncoding = false;
};

} // namespace dms
