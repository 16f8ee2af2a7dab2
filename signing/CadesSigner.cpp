// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/CadesSigner.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/CadesTemplate.h"
#include "signing/Der.h"
#include "signing/OpenSsl.h"
#include "signing/SignatureBatch.h"
#include "signing/SigningKey.h"
#include "signing/TimestampClient.h"

#include <QHash>
#include <QIODevice>
#include <QMutex>
#include <QSaveFile>

#include <algorithm>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <utility>

namespace dms {

namespace {

constexpr qint64 s_chunkSize = 64 * 1024;
/** Documents of a batch handed to the key before the oldest signature is taken. */
constexpr qsizetype s_batchLookahead = 8;

Error internal(const QString &context)
{
    return makeError(ErrorCode::Internal, Tr::tr("The CAdES signature could not be built."),
                     OpenSsl::takeErrors(context));
}

Error badTimestamp(const QString &context)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The time-stamping authority's answer is not valid."),
                     OpenSsl::takeErrors(context));
}

/** The DER SET OF the signed attributes, the bytes the signature covers (RFC 5652 5.4):
 *  DER orders the elements of a SET OF by their encodings. */
Result<QByteArray> signedAttributesDer(CMS_SignerInfo *signerInfo)
{
    QList<QByteArray> encoded;
    for (int i = 0; i < CMS_signed_get_attr_count(signerInfo); ++i) {
        const QByteArray der = OpenSsl::toDer(i2d_X509_ATTRIBUTE, CMS_signed_get_attr(signerInfo, i));
        if (der.isEmpty())
            return internal(QStringLiteral("i2d_X509_ATTRIBUTE"));
        encoded.append(der);
    }
    std::sort(encoded.begin(), encoded.end(),
              [](const QByteArray &a, const QByteArray &b) { return Der::setOfLess(a, b); });
    return Der::tlv(0x31, encoded.join());
}

/** An RFC 3161 request for the SHA-256 @p imprint with a random nonce, asking for the TSA certificate. */
OpenSsl::TsReqPtr timestampRequest(const QByteArray &imprint)
{
    OpenSsl::TsReqPtr request(TS_REQ_new());
    OpenSsl::TsMsgImprintPtr messageImprint(TS_MSG_IMPRINT_new());
    X509_ALGOR *algorithm = X509_ALGOR_new();
    unsigned char nonceBytes[16];
    BIGNUM *nonceNumber = nullptr;
    ASN1_INTEGER *nonce = nullptr;
    bool ok = request && messageImprint && algorithm
        && X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) == 1
        && TS_MSG_IMPRINT_set_algo(messageImprint.get(), algorithm) == 1
        && TS_MSG_IMPRINT_set_msg(messageImprint.get(),
                                  reinterpret_cast<unsigned char *>(const_cast<char *>(imprint.constData())),
                                  static_cast<int>(imprint.size()))
            == 1
        && TS_REQ_set_version(request.get(), 1) == 1
        && TS_REQ_set_msg_imprint(request.get(), messageImprint.get()) == 1
        && RAND_bytes(nonceBytes, sizeof nonceBytes) == 1;
    if (ok) {
        nonceBytes[0] &= 0x7f; // a positive INTEGER
        nonceNumber = BN_bin2bn(nonceBytes, sizeof nonceBytes, nullptr);
        nonce = nonceNumber ? BN_to_ASN1_INTEGER(nonceNumber, nullptr) : nullptr;
        ok = nonce && TS_REQ_set_nonce(request.get(), nonce) == 1
            && TS_REQ_set_cert_req(request.get(), 1) == 1;
    }
    ASN1_INTEGER_free(nonce);
    BN_free(nonceNumber);
    X509_ALGOR_free(algorithm);
    if (!ok)
        request.reset();
    return request;
}

} // namespace

/** What a signer re-uses from one signature to the next: the template of the last
 *  signer and chain, and for the OpenSSL path the parsed certificates and the DER of
 *  each signer's ESS signing-certificate-v2 attribute value (a hash of the certificate
 *  and a copy of its issuer name, which OpenSSL would otherwise redo on every
 *  CMS_add1_signer with CMS_CADES). */
struct CadesSignerX509Cache
{
    QMutex mutex;
    QHash<QByteArray, std::shared_ptr<X509>> parsed;
    QHash<QByteArray, QByteArray> signingCertificateV2;
    std::shared_ptr<const CadesTemplate> signedDataTemplate;

    /** The template for @p signer and @p chain, made on first use; nullptr when there
     *  can be none (a key type the template does not know: the OpenSSL path signs). */
    std::shared_ptr<const CadesTemplate> templateFor(const CertificateInfo &signer,
                                                     const QList<CertificateInfo> &chain)
    {
        QMutexLocker lock(&mutex);
        if (signedDataTemplate && signedDataTemplate->matches(signer, chain))
            return signedDataTemplate;
        auto made = CadesTemplate::create(signer, chain);
        if (!made)
            return nullptr;
        signedDataTemplate = std::make_shared<const CadesTemplate>(std::move(*made));
        return signedDataTemplate;
    }

    /** A new reference to the parsed @p der (the caller frees it), nullptr when it does not parse. */
    X509 *get(const QByteArray &der)
    {
        QMutexLocker lock(&mutex);
        auto it = parsed.find(der);
        if (it == parsed.end()) {
            const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
            X509 *x509 = d2i_X509(nullptr, &p, der.size());
            if (!x509)
                return nullptr;
            it = parsed.insert(der, std::shared_ptr<X509>(x509, X509_free));
        }
        X509_up_ref(it->get());
        return it->get();
    }

    /** The DER SigningCertificateV2 (RFC 5035) naming @p signer by its SHA-256 and
     *  issuer/serial, as CMS_CADES writes it; empty on failure. */
    QByteArray signingCertificateV2Der(const QByteArray &der, const X509 *signer)
    {
        QMutexLocker lock(&mutex);
        auto it = signingCertificateV2.constFind(der);
        if (it != signingCertificateV2.constEnd())
            return *it;
        ESS_SIGNING_CERT_V2 *value = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), signer, nullptr, 1);
        const QByteArray encoded = value ? OpenSsl::toDer(i2d_ESS_SIGNING_CERT_V2, value) : QByteArray();
        ESS_SIGNING_CERT_V2_free(value);
        if (!encoded.isEmpty())
            signingCertificateV2.insert(der, encoded);
        return encoded;
    }
};

CadesSigner::CadesSigner(std::shared_ptr<SigningKey> key, const Clock &clock)
    : m_key(std::move(key))
    , m_clock(clock)
    , m_parsed(std::make_shared<CadesSignerX509Cache>())
{ }

Result<QByteArray> CadesSigner::sha256(QIODevice &content)
{
    if (!content.isOpen() || !content.isReadable())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document to sign cannot be read."),
                         QStringLiteral("device not open for reading: %1").arg(content.errorString()));
    OpenSsl::MdCtxPtr hash(EVP_MD_CTX_new());
    if (!hash || EVP_DigestInit_ex(hash.get(), OpenSsl::sha256Algorithm(), nullptr) != 1)
        return internal(QStringLiteral("EVP_DigestInit_ex"));
    // Small documents are common: the buffer need not be larger than the document.
    const qint64 size = content.isSequential() ? s_chunkSize : content.size() - content.pos();
    QByteArray buffer(qBound<qint64>(1, size, s_chunkSize), Qt::Uninitialized);
    for (;;) {
        const qint64 read = content.read(buffer.data(), buffer.size());
        if (read < 0)
            return makeError(ErrorCode::InvalidInput, Tr::tr("The document to sign cannot be read."),
                             QStringLiteral("read failed: %1").arg(content.errorString()));
        if (read == 0) {
            // A pipe or socket may have more on the way; a file is at its end.
            if (content.isSequential() && !content.atEnd() && content.waitForReadyRead(-1))
                continue;
            break;
        }
        if (EVP_DigestUpdate(hash.get(), buffer.constData(), static_cast<size_t>(read)) != 1)
            return internal(QStringLiteral("EVP_DigestUpdate"));
    }
    QByteArray digest(32, Qt::Uninitialized);
    if (EVP_DigestFinal_ex(hash.get(), reinterpret_cast<unsigned char *>(digest.data()), nullptr) != 1)
        return internal(QStringLiteral("EVP_DigestFinal_ex"));
    return digest;
}

Result<QByteArray> CadesSigner::sign(QIODevice &content) const
{
    auto digest = sha256(content);
    if (!digest)
        return digest.error();
    return signDigest(*digest);
}

Status CadesSigner::signToFile(QIODevice &content, const QString &p7sPath) const
{
    auto p7s = sign(content);
    if (!p7s)
        return p7s.error();
    QSaveFile file(p7sPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(*p7s) != p7s->size() || !file.commit())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The signature file cannot be written."),
                         QStringLiteral("%1: %2").arg(p7sPath, file.errorString()));
    return {};
}

Result<QByteArray> CadesSigner::signDigest(const QByteArray &sha256) const
{
    if (sha256.size() != 32)
        return makeError(ErrorCode::InvalidInput, Tr::tr("A SHA-256 digest has 32 bytes."),
                         QStringLiteral("digest of %1 bytes").arg(sha256.size()));
    const CertificateInfo certificate = m_key->certificate();
    const QDateTime now = m_clock.now();
    // Before the key is touched, so that no PIN is asked for a signature that cannot be valid.
    DMS_TRY(checkValidity(certificate, now));

    if (!m_timestampClient && !m_openSslEncoding) {
        if (auto fast = m_parsed->templateFor(certificate, m_chain))
            return signWithTemplate(*fast, sha256, now);
    }

    ERR_clear_error();
    OpenSsl::X509Ptr signer(m_parsed->get(certificate.der()));
    if (!signer)
        return internal(QStringLiteral("d2i_X509 signer"));

    // CMS_PARTIAL: OpenSSL builds the structure but never signs; the SigningKey does.
    const unsigned int flags = CMS_PARTIAL | CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES;
    OpenSsl::CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
    if (!cms)
        return internal(QStringLiteral("CMS_sign"));
    // The public key passes CMS_add1_signer's key/certificate match. Signing-certificate-v2
    // (what CMS_CADES would add) comes from the cache.
    const QByteArray signingCertificateV2
        = m_parsed->signingCertificateV2Der(certificate.der(), signer.get());
    if (signingCertificateV2.isEmpty())
        return internal(QStringLiteral("OSSL_ESS_signing_cert_v2_new_init"));
    CMS_SignerInfo *signerInfo = CMS_add1_signer(cms.get(), signer.get(), X509_get0_pubkey(signer.get()),
                                                 EVP_sha256(), flags & ~CMS_CADES);
    if (!signerInfo)
        return internal(QStringLiteral("CMS_add1_signer"));
    if (CMS_signed_add1_attr_by_NID(signerInfo, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE,
                                    signingCertificateV2.constData(),
                                    static_cast<int>(signingCertificateV2.size()))
            != 1
        || CMS_signed_add1_attr_by_NID(signerInfo, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                       OBJ_nid2obj(NID_pkcs7_data), -1)
            != 1
        || CMS_signed_add1_attr_by_NID(signerInfo, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
                                       sha256.constData(), static_cast<int>(sha256.size()))
            != 1)
        return internal(QStringLiteral("CMS_signed_add1_attr_by_NID"));
    if (m_signingTimeIncluded) {
        OpenSsl::AsnTimePtr signingTime(ASN1_TIME_set(nullptr, static_cast<time_t>(now.toSecsSinceEpoch())));
        if (!signingTime
            || CMS_signed_add1_attr_by_NID(signerInfo, NID_pkcs9_signingTime,
                                           ASN1_STRING_type(signingTime.get()), signingTime.get(), -1)
                != 1)
            return internal(QStringLiteral("signingTime"));
    }

    auto attributes = signedAttributesDer(signerInfo);
    if (!attributes)
        return attributes.error();
    auto signature = m_key->signSha256(OpenSsl::sha256(*attributes));
    if (!signature)
        return signature.error();
    if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(signerInfo), signature->constData(),
                        static_cast<int>(signature->size()))
        != 1)
        return internal(QStringLiteral("ASN1_STRING_set signature"));

    QList<QByteArray> embedded {certificate.der()};
    for (const CertificateInfo &extra : m_chain) {
        if (extra.isNull() || embedded.contains(extra.der()))
            continue; // CMS_add1_cert refuses a certificate already present
        embedded.append(extra.der());
        OpenSsl::X509Ptr x509(m_parsed->get(extra.der()));
        if (!x509 || CMS_add1_cert(cms.get(), x509.get()) != 1)
            return internal(QStringLiteral("CMS_add1_cert"));
    }

    if (m_timestampClient) {
        auto token = timestampToken(*signature);
        if (!token)
            return token.error();
        if (CMS_unsigned_add1_attr_by_NID(signerInfo, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                          token->constData(), static_cast<int>(token->size()))
            != 1)
            return internal(QStringLiteral("CMS_unsigned_add1_attr_by_NID timeStampToken"));
    }

    const QByteArray der = OpenSsl::toDer(i2d_CMS_ContentInfo, cms.get());
    if (der.isEmpty())
        return internal(QStringLiteral("i2d_CMS_ContentInfo"));
    return der;
}

Status CadesSigner::checkValidity(const CertificateInfo &certificate, const QDateTime &now) const
{
    if (certificate.isValidAt(now))
        return {};
    return makeError(ErrorCode::CertExpired,
                     now < certificate.notBefore() ? Tr::tr("The signing certificate is not valid yet.")
                                                   : Tr::tr("The signing certificate has expired."),
                     QStringLiteral("valid %1 .. %2, now %3")
                         .arg(certificate.notBefore().toString(Qt::ISODate),
                              certificate.notAfter().toString(Qt::ISODate), now.toString(Qt::ISODate)));
}

CadesBatchResult CadesSigner::signBatch(const QList<QIODevice *> &contents,
                                        const BatchProgress &progress) const
{
    CadesBatchResult out;
    if (contents.isEmpty())
        return out;
    const CertificateInfo certificate = m_key->certificate();
    const auto cmsTemplate
        = m_timestampClient || m_openSslEncoding ? nullptr : m_parsed->templateFor(certificate, m_chain);
    if (!cmsTemplate)
        return signEach(contents, progress);
    if (Status valid = checkValidity(certificate, m_clock.now()); !valid) {
        out.status = valid;
        return out;
    }

    std::unique_ptr<SignatureBatch> batch = m_key->startSha256Batch();
    QList<QByteArray> pending; // signed attributes of the documents added and not taken
    bool cancelled = false;
    const auto takeOne = [&]() -> bool {
        auto signature = batch->take();
        const QByteArray attributes = pending.takeFirst();
        auto p7s = signature ? cmsTemplate->signedData(attributes, *signature)
                             : Result<QByteArray>(signature.error());
        if (!p7s) {
            out.status = p7s.error();
            return false;
        }
        out.signatures.append(*p7s);
        if (progress && !cancelled && !progress(out.signatures.size())) {
            cancelled = true;
            batch->cancel();
        }
        return true;
    };

    Status unreadable;
    for (QIODevice *content : contents) {
        if (cancelled || !out.status)
            break;
        auto digest = sha256(*content);
        if (!digest) {
            unreadable = digest.error();
            break;
        }
        pending.append(
            cmsTemplate->signedAttributes(*digest, m_signingTimeIncluded ? m_clock.now() : QDateTime()));
        batch->add(OpenSsl::sha256(pending.constLast()));
        // A few inputs ahead keep the token busy; more would only delay progress and cancel.
        while (pending.size() >= s_batchLookahead && out.status)
            takeOne();
    }
    while (!pending.isEmpty() && out.status)
        takeOne();
    if (out.status && !unreadable)
        out.status = unreadable;
    if (out.status && out.signatures.size() < contents.size())
        out.status = makeError(ErrorCode::Cancelled, Tr::tr("Cancelled."), QStringLiteral("CAdES batch"));
    return out;
}

CadesBatchResult CadesSigner::signEach(const QList<QIODevice *> &contents,
                                       const BatchProgress &progress) const
{
    CadesBatchResult out;
    for (QIODevice *content : contents) {
        auto p7s = sign(*content);
        if (!p7s) {
            out.status = p7s.error();
            return out;
        }
        out.signatures.append(*p7s);
        if (progress && !progress(out.signatures.size()) && out.signatures.size() < contents.size()) {
            out.status = makeError(ErrorCode::Cancelled, Tr::tr("Cancelled."), QStringLiteral("CAdES batch"));
            return out;
        }
    }
    return out;
}

Result<QByteArray> CadesSigner::signWithTemplate(const CadesTemplate &cmsTemplate, const QByteArray &sha256,
                                                 const QDateTime &now) const
{
    const QByteArray attributes
        = cmsTemplate.signedAttributes(sha256, m_signingTimeIncluded ? now : QDateTime());
    auto signature = m_key->signSha256(OpenSsl::sha256(attributes));
    if (!signature)
        return signature.error();
    return cmsTemplate.signedData(attributes, *signature);
}

Result<QByteArray> CadesSigner::timestampToken(const QByteArray &signatureValue) const
{
    OpenSsl::TsReqPtr request = timestampRequest(OpenSsl::sha256(signatureValue));
    if (!request)
        return internal(QStringLiteral("TS_REQ"));
    const QByteArray requestDer = OpenSsl::toDer(i2d_TS_REQ, request.get());
    if (requestDer.isEmpty())
        return internal(QStringLiteral("i2d_TS_REQ"));
    auto responseDer = m_timestampClient->timestamp(requestDer);
    if (!responseDer)
        return responseDer.error();
    ERR_clear_error();
    const auto *p = reinterpret_cast<const unsigned char *>(responseDer->constData());
    OpenSsl::TsRespPtr response(d2i_TS_RESP(nullptr, &p, responseDer->size()));
    if (!response)
        return badTimestamp(QStringLiteral("d2i_TS_RESP"));
    // Status granted, same imprint and nonce, version; the TSA's signature and
    // certificate are checked by the verifier against its trust anchors.
    OpenSsl::TsVerifyCtxPtr verify(TS_REQ_to_TS_VERIFY_CTX(request.get(), nullptr));
    if (!verify || TS_RESP_verify_response(verify.get(), response.get()) != 1)
        return badTimestamp(QStringLiteral("TS_RESP_verify_response"));
    const QByteArray token = OpenSsl::toDer(i2d_PKCS7, TS_RESP_get_token(response.get()));
    if (token.isEmpty())
        return badTimestamp(QStringLiteral("no time-stamp token"));
    return token;
}

} // namespace dms
