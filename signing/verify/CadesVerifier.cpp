// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/CadesVerifier.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/CadesInspector.h"
#include "signing/OpenSsl.h"
#include "signing/SigningLog.h"

#include <QCryptographicHash>
#include <QFile>
#include <QIODevice>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ts.h>
#include <openssl/x509_vfy.h>

namespace dms {

namespace {

using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;
using StorePtr = std::unique_ptr<X509_STORE, OpenSsl::Deleter<X509_STORE, X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSsl::Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;

constexpr qint64 s_chunkSize = 64 * 1024;
const QLatin1String s_idData("1.2.840.113549.1.7.1");
const QLatin1String s_sha256("2.16.840.1.101.3.4.2.1");
const QLatin1String s_sha384("2.16.840.1.101.3.4.2.2");
const QLatin1String s_sha512("2.16.840.1.101.3.4.2.3");

/** Records a failed check; the first TOTAL_FAILED wins over any INDETERMINATE, and
 *  the first of equal rank is kept. */
void fail(SignatureReport &report, Indication indication, SubIndication subIndication, const QString &message)
{
    report.errors.append(message);
    if (report.indication == Indication::TotalPassed
        || (report.indication == Indication::Indeterminate && indication == Indication::TotalFailed)) {
        report.indication = indication;
        report.subIndication = subIndication;
    }
}

OpenSsl::X509Ptr toX509(const QByteArray &der)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    return OpenSsl::X509Ptr(d2i_X509(nullptr, &p, der.size()));
}

/** A store of @p anchors checking at @p time; intermediate anchors end a chain too,
 *  as Trusted Lists name issuing CAs rather than roots. */
StorePtr anchorStore(const QList<CertificateInfo> &anchors, const QDateTime &time)
{
    StorePtr store(X509_STORE_new());
    if (!store)
        return store;
    for (const CertificateInfo &anchor : anchors) {
        OpenSsl::X509Ptr x509 = toX509(anchor.der());
        if (x509)
            X509_STORE_add_cert(store.get(), x509.get());
    }
    X509_VERIFY_PARAM *param = X509_STORE_get0_param(store.get());
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(time.toSecsSinceEpoch()));
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    return store;
}

struct DigestChoice
{
    bool supported = false;
    QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256;
};

DigestChoice digestFor(const QString &oid)
{
    if (oid == s_sha256)
        return {true, QCryptographicHash::Sha256};
    if (oid == s_sha384)
        return {true, QCryptographicHash::Sha384};
    if (oid == s_sha512)
        return {true, QCryptographicHash::Sha512};
    return {};
}

/** The digest of everything readable from @p content; empty with @p why set when it cannot be read. */
QByteArray hashContent(QIODevice &content, QCryptographicHash::Algorithm algorithm, QString &why)
{
    if (!content.isOpen() || !content.isReadable()) {
        why = QStringLiteral("device not open for reading");
        return {};
    }
    QCryptographicHash hash(algorithm);
    QByteArray chunk(s_chunkSize, Qt::Uninitialized);
    for (;;) {
        const qint64 n = content.read(chunk.data(), s_chunkSize);
        if (n < 0) {
            why = content.errorString();
            return {};
        }
        if (n == 0) {
            // A pipe or socket may have more on the way; a file is at its end.
            if (content.isSequential() && !content.atEnd() && content.waitForReadyRead(-1))
                continue;
            break;
        }
        hash.addData(QByteArrayView(chunk.constData(), n));
    }
    return hash.result();
}

/** The signature value over the signed attributes, checked with the signer's public key. */
bool signatureValueVerifies(const QByteArray &p7s)
{
    const auto *p = reinterpret_cast<const unsigned char *>(p7s.constData());
    OpenSsl::CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, p7s.size()));
    if (!cms)
        return false;
    STACK_OF(CMS_SignerInfo) *signerInfos = CMS_get0_SignerInfos(cms.get());
    if (sk_CMS_SignerInfo_num(signerInfos) != 1 || CMS_set1_signers_certs(cms.get(), nullptr, 0) < 1)
        return false;
    // Signed attributes are verified in the order and encoding they were received in.
    return CMS_SignerInfo_verify(sk_CMS_SignerInfo_value(signerInfos, 0)) == 1;
}

/** Whether the time-stamp token verifies: its signature, its TSA's chain to @p anchors
 *  at @p now, and its imprint = SHA-256 of @p signatureValue; @p why says what failed. */
bool timestampVerifies(const CadesSignatureInfo &info, const QList<CertificateInfo> &anchors,
                       const QDateTime &now, QString &why)
{
    if (info.timestampImprintAlgorithm != s_sha256) {
        why = QStringLiteral("imprint algorithm %1").arg(info.timestampImprintAlgorithm);
        return false;
    }
    const auto *p = reinterpret_cast<const unsigned char *>(info.timestampToken.constData());
    OpenSsl::Pkcs7Ptr token(d2i_PKCS7(nullptr, &p, info.timestampToken.size()));
    OpenSsl::TsVerifyCtxPtr context(TS_VERIFY_CTX_new());
    StorePtr store = anchorStore(anchors, now);
    const QByteArray imprint = QCryptographicHash::hash(info.signatureValue, QCryptographicHash::Sha256);
    auto *imprintCopy = static_cast<unsigned char *>(OPENSSL_memdup(imprint.constData(), imprint.size()));
    if (!token || !context || !store || !imprintCopy) {
        OPENSSL_free(imprintCopy);
        why = OpenSsl::takeErrors(QStringLiteral("time-stamp verification setup"));
        return false;
    }
    TS_VERIFY_CTX_set_flags(context.get(),
                            TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_SIGNER);
    TS_VERIFY_CTX_set_imprint(context.get(), imprintCopy, imprint.size()); // the context owns both
    TS_VERIFY_CTX_set_store(context.get(), store.release());
    if (TS_RESP_verify_token(context.get(), token.get()) != 1) {
        why = OpenSsl::takeErrors(QStringLiteral("TS_RESP_verify_token"));
        return false;
    }
    return true;
}

void checkChain(SignatureReport &report, const CadesSignatureInfo &info,
                const QList<CertificateInfo> &anchors)
{
    OpenSsl::X509Ptr signer = toX509(info.signer.der());
    StorePtr store = anchorStore(anchors, report.validationTime);
    StoreCtxPtr context(X509_STORE_CTX_new());
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    for (const CertificateInfo &certificate : info.certificates) {
        if (OpenSsl::X509Ptr x509 = toX509(certificate.der());
            x509 && sk_X509_push(untrusted, x509.get()) > 0)
            x509.release();
    }
    int error = X509_V_ERR_UNSPECIFIED;
    int depth = 0;
    const bool verified = signer && store && context && untrusted
        && X509_STORE_CTX_init(context.get(), store.get(), signer.get(), untrusted) == 1
        && X509_verify_cert(context.get()) == 1;
    if (!verified && context) {
        error = X509_STORE_CTX_get_error(context.get());
        depth = X509_STORE_CTX_get_error_depth(context.get());
    }
    sk_X509_pop_free(untrusted, X509_free);
    ERR_clear_error();
    if (verified)
        return;

    switch (error) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        fail(report, Indication::Indeterminate, SubIndication::NoCertificateChainFound,
             Tr::tr("The signer's certificate does not chain to a trusted certificate authority."));
        break;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        fail(report, Indication::Indeterminate, SubIndication::OutOfBoundsNoPoe,
             depth == 0 ? Tr::tr("The signer's certificate had expired at %1 and no time-stamp proves "
                                 "the signature existed earlier.")
                              .arg(report.validationTime.toString(Qt::ISODate))
                        : Tr::tr("A certificate authority's certificate in the chain had expired at %1.")
                              .arg(report.validationTime.toString(Qt::ISODate)));
        break;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        fail(report, Indication::TotalFailed, SubIndication::NotYetValid,
             Tr::tr("A certificate in the chain was not yet valid at %1.")
                 .arg(report.validationTime.toString(Qt::ISODate)));
        break;
    default:
        fail(report, Indication::Indeterminate, SubIndication::CertificateChainGeneralFailure,
             Tr::tr("The signer's certificate chain is not valid: %1.")
                 .arg(QString::fromUtf8(X509_verify_cert_error_string(error))));
        break;
    }
}

} // namespace

CadesVerifier::CadesVerifier(const Clock &clock)
    : m_clock(clock)
{ }

Status CadesVerifier::loadTrustAnchorsPem(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The trusted certificates file cannot be read."),
                         QStringLiteral("%1: %2").arg(path, file.errorString()));
    auto anchors = CertificateInfo::listFromPem(file.readAll());
    if (!anchors)
        return anchors.error();
    if (anchors->isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The trusted certificates file holds no certificate."), path);
    m_anchors = *anchors;
    return {};
}

SignatureReport CadesVerifier::verify(const QByteArray &p7s, QIODevice &content) const
{
    SignatureReport report;
    auto inspected = CadesInspector::inspect(p7s);
    if (!inspected) {
        report.errors.append(inspected.error().message);
        return report; // TOTAL_FAILED/FORMAT_FAILURE
    }
    const CadesSignatureInfo &info = *inspected;
    report.signer = info.signer;
    if (!info.isDetached) {
        report.errors.append(Tr::tr("The signature is not detached: it contains the signed document."));
        return report;
    }
    if (info.contentType != s_idData || info.messageDigest.isEmpty()) {
        report.errors.append(Tr::tr("The signature lacks the contentType (id-data) or messageDigest signed "
                                    "attribute."));
        return report;
    }
    report.indication = Indication::TotalPassed;
    report.subIndication = SubIndication::None;
    const bool timestamped = !info.timestampToken.isEmpty();
    report.format = timestamped ? QStringLiteral("CAdES-BASELINE-T") : QStringLiteral("CAdES-BASELINE-B");
    const QDateTime now = m_clock.now();

    // Integrity: the content digest, then the signature value.
    const DigestChoice digest = digestFor(info.digestAlgorithm);
    if (!digest.supported) {
        fail(report, Indication::Indeterminate, SubIndication::CryptoConstraintsFailure,
             Tr::tr("The signature uses a digest algorithm that is not accepted (%1); SHA-256 or "
                    "stronger is required.")
                 .arg(info.digestAlgorithm));
    } else {
        QString why;
        const QByteArray actual = hashContent(content, digest.algorithm, why);
        if (actual.isEmpty())
            fail(report, Indication::Indeterminate, SubIndication::SignedDataNotFound,
                 Tr::tr("The signed document cannot be read: %1").arg(why));
        else if (actual != info.messageDigest)
            fail(report, Indication::TotalFailed, SubIndication::HashFailure,
                 Tr::tr("The document has been changed after it was signed (its digest does not match "
                        "the signature)."));
    }
    if (!signatureValueVerifies(p7s))
        fail(report, Indication::TotalFailed, SubIndication::SigCryptoFailure,
             Tr::tr("The signature value is not valid for the signer's certificate."));
    ERR_clear_error();

    const bool weakRsa
        = info.signer.keyType() == CertificateInfo::KeyType::Rsa && info.signer.keyBits() < 2048;
    const bool weakEc
        = info.signer.keyType() == CertificateInfo::KeyType::EcOther && info.signer.keyBits() < 256;
    if (weakRsa || weakEc || info.signer.keyType() == CertificateInfo::KeyType::Unknown)
        fail(report, Indication::Indeterminate, SubIndication::CryptoConstraintsFailure,
             Tr::tr("The signer's key (%1 bits) is too weak or of an unsupported type.")
                 .arg(info.signer.keyBits()));

    if (!info.hasSigningCertificateV2 || !info.signingCertificateV2Matches)
        fail(report, Indication::Indeterminate, SubIndication::NoSigningCertificateFound,
             info.hasSigningCertificateV2
                 ? Tr::tr("The signing-certificate attribute does not name the certificate in the signature.")
                 : Tr::tr("The signature lacks the signing-certificate-v2 attribute binding the signer's "
                          "certificate."));

    // Best-signature-time: only a verified time-stamp proves when the signature existed.
    report.validationTime = now;
    report.signingTime = info.signingTime;
    if (timestamped) {
        QString why;
        if (timestampVerifies(info, m_anchors, now, why) && info.timestampTime.isValid()) {
            report.signingTime = info.timestampTime;
            report.signingTimeFromTimestamp = true;
            report.validationTime = info.timestampTime;
            if (info.timestampTime < info.signer.notBefore())
                fail(report, Indication::TotalFailed, SubIndication::NotYetValid,
                     Tr::tr("The time-stamp is older than the signer's certificate."));
        } else {
            qCWarning(dmsSigning) << "signature time-stamp not verified:" << why;
            report.warnings.append(Tr::tr("The signature time-stamp could not be verified and was "
                                          "ignored; the certificates were checked at the current time."));
        }
    }
    if (!report.signingTimeFromTimestamp)
        report.notes.append(Tr::tr("The signing time is the signer's own claim; no time-stamp proves it."));

    checkChain(report, info, m_anchors);

    if (info.signer.hasKeyUsageExtension()
        && !(info.signer.keyUsage() & (CertificateInfo::NonRepudiation | CertificateInfo::DigitalSignature)))
        fail(report, Indication::Indeterminate, SubIndication::ChainConstraintsFailure,
             Tr::tr("The signer's certificate is not meant for signatures (no nonRepudiation or "
                    "digitalSignature key usage)."));

    report.warnings.append(Tr::tr("Revocation of the certificates was not checked (OCSP/CRL)."));
    if (report.isPassed()) {
        report.level = info.signer.isQcCompliant()
            ? (info.signer.isQcSscd() ? SignatureReport::SignatureLevel::Qes
                                      : SignatureReport::SignatureLevel::AdESQc)
            : SignatureReport::SignatureLevel::AdES;
        report.notes.append(Tr::tr("The level is read from the signer's certificate only; it has not been "
                                   "confirmed against the EU Trusted Lists."));
    }
    return report;
}

} // namespace dms
