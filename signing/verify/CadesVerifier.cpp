// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/CadesVerifier.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/CadesInspector.h"
#include "signing/OpenSsl.h"
#include "signing/SigningLog.h"

#include <QIODevice>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509_vfy.h>

namespace dms {

namespace {

using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;

constexpr qint64 s_chunkSize = 64 * 1024;
const QLatin1String s_idData("1.2.840.113549.1.7.1");
const QLatin1String s_sha256("2.16.840.1.101.3.4.2.1");
const QLatin1String s_sha384("2.16.840.1.101.3.4.2.2");
const QLatin1String s_sha512("2.16.840.1.101.3.4.2.3");

void fail(SignatureReport &report, Indication indication, SubIndication subIndication, const QString &message)
{
    report.fail(indication, subIndication, message);
}

struct DigestChoice
{
    bool supported = false;
    const EVP_MD *algorithm = nullptr;
};

DigestChoice digestFor(const QString &oid)
{
    if (oid == s_sha256)
        return {true, EVP_sha256()};
    if (oid == s_sha384)
        return {true, EVP_sha384()};
    if (oid == s_sha512)
        return {true, EVP_sha512()};
    return {};
}

/** The digest of everything readable from @p content; empty with @p why set when it
 *  cannot be read. OpenSSL's EVP (assembly SHA-2, SHA-NI) rather than QCryptographicHash. */
QByteArray hashContent(QIODevice &content, const EVP_MD *algorithm, QString &why)
{
    if (!content.isOpen() || !content.isReadable()) {
        why = QStringLiteral("device not open for reading");
        return {};
    }
    OpenSsl::MdCtxPtr hash(EVP_MD_CTX_new());
    if (!hash || EVP_DigestInit_ex(hash.get(), algorithm, nullptr) != 1) {
        why = OpenSsl::takeErrors(QStringLiteral("EVP_DigestInit_ex"));
        return {};
    }
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
        if (EVP_DigestUpdate(hash.get(), chunk.constData(), static_cast<size_t>(n)) != 1) {
            why = OpenSsl::takeErrors(QStringLiteral("EVP_DigestUpdate"));
            return {};
        }
    }
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(hash.get(), reinterpret_cast<unsigned char *>(digest.data()), &length) != 1) {
        why = OpenSsl::takeErrors(QStringLiteral("EVP_DigestFinal_ex"));
        return {};
    }
    digest.resize(length);
    return digest;
}

/** The signature value over the signed attributes, checked with the signer's public key. */
bool signatureValueVerifies(CMS_ContentInfo *cms)
{
    STACK_OF(CMS_SignerInfo) *signerInfos = CMS_get0_SignerInfos(cms);
    // The signer's certificate is already set (CadesInspector found it).
    if (sk_CMS_SignerInfo_num(signerInfos) != 1)
        return false;
    CMS_SignerInfo *signerInfo = sk_CMS_SignerInfo_value(signerInfos, 0);
    X509 *signer = nullptr;
    CMS_SignerInfo_get0_algs(signerInfo, nullptr, &signer, nullptr, nullptr);
    if (!signer && CMS_set1_signers_certs(cms, nullptr, 0) < 1)
        return false;
    // Signed attributes are verified in the order and encoding they were received in.
    return CMS_SignerInfo_verify(signerInfo) == 1;
}

} // namespace

CadesVerifier::CadesVerifier(const Clock &clock)
    : m_clock(clock)
    , m_validator(clock)
{ }

Status CadesVerifier::loadTrustAnchorsPem(const QString &path)
{
    auto anchors = CertificateInfo::trustAnchorsFromPemFile(path);
    if (!anchors)
        return anchors.error();
    m_validator.setTrustAnchors(*anchors);
    return {};
}

SignatureReport CadesVerifier::verify(const QByteArray &p7s, QIODevice &content) const
{
    return verify(p7s, content, RevocationEvidence());
}

SignatureReport CadesVerifier::verify(const QByteArray &p7s, QIODevice &content,
                                      const RevocationEvidence &extraEvidence) const
{
    SignatureReport report;
    // Decoded once: the inspection, the signature value and the embedded evidence share it.
    auto cms = CadesInspector::parse(p7s);
    auto inspected = cms ? CadesInspector::inspect(cms->get()) : Result<CadesSignatureInfo>(cms.error());
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
    if (!signatureValueVerifies(cms->get()))
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
        const CertificateValidator::TimestampResult timestamp
            = m_validator.validateTimestamp(info.timestampToken, info.signatureValue);
        if (timestamp.valid) {
            report.signingTime = timestamp.genTime;
            report.signingTimeFromTimestamp = true;
            report.validationTime = timestamp.genTime;
            if (timestamp.genTime < info.signer.notBefore())
                fail(report, Indication::TotalFailed, SubIndication::NotYetValid,
                     Tr::tr("The time-stamp is older than the signer's certificate."));
            report.notes.append(Tr::tr("The revocation of the time-stamping authority's certificate was not "
                                       "checked."));
        } else {
            qCWarning(dmsSigning) << "signature time-stamp not verified:" << timestamp.problem;
            report.warnings.append(Tr::tr("The signature time-stamp could not be verified and was "
                                          "ignored; the certificates were checked at the current time."));
        }
    }
    if (!report.signingTimeFromTimestamp)
        report.notes.append(Tr::tr("The signing time is the signer's own claim; no time-stamp proves it."));

    RevocationEvidence evidence = RevocationEvidence::fromCms(p7s, cms->get());
    evidence.append(extraEvidence);
    const CertificateValidator::SignatureTimes times {report.validationTime, report.signingTimeFromTimestamp,
                                                      info.signingTime};
    const CertificateValidator::SignerResult signer
        = m_validator.validateSigner(info.signer, info.certificates, times, evidence, report);
    if (report.isPassed())
        report.level = m_validator.signatureLevel(signer.chain, report.validationTime, report);
    return report;
}

} // namespace dms
