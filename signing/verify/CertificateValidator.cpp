// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/CertificateValidator.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/SigningLog.h"
#include "signing/verify/QualificationSource.h"
#include "signing/verify/RevocationChecker.h"
#include "signing/verify/X509Helpers.h"

#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

namespace dms {

namespace {

using namespace X509Helpers;
using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;
using Level = SignatureReport::SignatureLevel;
using State = RevocationStatus::State;

QString isoTime(const QDateTime &time)
{
    return time.toString(Qt::ISODate);
}

/** The chain as CertificateInfos, reusing the already parsed @p known ones (parsing
 *  a certificate is the costliest step of a small verification). */
QList<CertificateInfo> toInfos(STACK_OF(X509) * stack, const QList<const QList<CertificateInfo> *> &known)
{
    QList<CertificateInfo> infos;
    for (int i = 0; i < sk_X509_num(stack); ++i) {
        const QByteArray der = OpenSsl::toDer(i2d_X509, sk_X509_value(stack, i));
        const CertificateInfo *found = nullptr;
        for (const QList<CertificateInfo> *list : known) {
            for (const CertificateInfo &candidate : *list) {
                if (candidate.der() == der) {
                    found = &candidate;
                    break;
                }
            }
            if (found)
                break;
        }
        if (found) {
            infos.append(*found);
        } else if (auto info = CertificateInfo::fromDer(der)) {
            infos.append(*info);
        }
    }
    return infos;
}

void reportChainError(SignatureReport &report, int error, int depth,
                      const CertificateValidator::SignatureTimes &times)
{
    const QString at = isoTime(times.bestSignatureTime);
    switch (error) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        report.fail(Indication::Indeterminate, SubIndication::NoCertificateChainFound,
                    Tr::tr("The signer's certificate does not chain to a trusted certificate authority."));
        break;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        if (depth == 0 && times.proven)
            report.fail(Indication::TotalFailed, SubIndication::Expired,
                        Tr::tr("The time-stamp proves the signature was made at %1, after the signer's "
                               "certificate had expired.")
                            .arg(at));
        else if (depth == 0)
            report.fail(Indication::Indeterminate, SubIndication::OutOfBoundsNoPoe,
                        Tr::tr("The signer's certificate had expired at %1 and no time-stamp proves the "
                               "signature existed earlier.")
                            .arg(at));
        else
            report.fail(
                Indication::Indeterminate, SubIndication::OutOfBoundsNoPoe,
                Tr::tr("A certificate authority's certificate in the chain had expired at %1.").arg(at));
        break;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        report.fail(Indication::TotalFailed, SubIndication::NotYetValid,
                    Tr::tr("A certificate in the chain was not yet valid at %1.").arg(at));
        break;
    default:
        report.fail(Indication::Indeterminate, SubIndication::CertificateChainGeneralFailure,
                    Tr::tr("The signer's certificate chain is not valid: %1.")
                        .arg(QString::fromUtf8(X509_verify_cert_error_string(error))));
        break;
    }
}

/** TRY_LATER (or a warning when the policy does not require revocation data). */
void revocationMissing(SignatureReport &report, const ValidationPolicy &policy, const QString &message)
{
    if (policy.revocationRequired)
        report.fail(Indication::Indeterminate, SubIndication::TryLater, message);
    else
        report.warnings.append(message);
}

QString unavailableMessage(const RevocationStatus &status, bool signer)
{
    if (status.state == State::Unknown)
        return signer ? Tr::tr("The OCSP responder does not know the signer's certificate.")
                      : Tr::tr("The OCSP responder does not know a certificate authority's certificate.");
    if (status.sawStaleData)
        return signer
            ? Tr::tr("The revocation data of the signer's certificate is out of date.")
            : Tr::tr("The revocation data of a certificate authority's certificate is out of date.");
    if (status.sawInvalidData)
        return signer ? Tr::tr("The revocation data of the signer's certificate could not be verified (wrong "
                               "signature or responder, another certificate, malformed or an error answer).")
                      : Tr::tr("The revocation data of a certificate authority's certificate could not be "
                               "verified (wrong signature or responder, another certificate, malformed or an "
                               "error answer).");
    if (status.sawFetchFailure)
        return signer ? Tr::tr("The revocation status of the signer's certificate could not be obtained: "
                               "the revocation service cannot be reached.")
                      : Tr::tr("The revocation status of a certificate authority's certificate could not "
                               "be obtained: the revocation service cannot be reached.");
    return signer
        ? Tr::tr("No acceptable revocation data (OCSP or CRL) was found for the signer's certificate.")
        : Tr::tr("No acceptable revocation data (OCSP or CRL) was found for a certificate "
                 "authority's certificate.");
}

} // namespace

CertificateValidator::CertificateValidator(const Clock &clock)
    : m_clock(clock)
{ }

X509_STORE *CertificateValidator::anchorStore() const
{
    if (!m_anchorStore) {
        // The time given here is replaced per verification (X509_STORE_CTX_set_time).
        StorePtr store = X509Helpers::anchorStore(m_anchors, m_clock.now());
        if (store)
            m_anchorStore.reset(store.release(), X509_STORE_free);
    }
    return m_anchorStore.get();
}

CertificateValidator::SignerResult CertificateValidator::validateSigner(
    const CertificateInfo &signer, const QList<CertificateInfo> &otherCertificates,
    const SignatureTimes &times, const RevocationEvidence &evidence, SignatureReport &report) const
{
    SignerResult result;
    OpenSsl::X509Ptr x509 = toX509(signer);
    X509_STORE *store = anchorStore();
    StoreCtxPtr context(X509_STORE_CTX_new());
    X509StackPtr untrusted = toStack(otherCertificates);
    const bool initialised = x509 && store && context && untrusted
        && X509_STORE_CTX_init(context.get(), store, x509.get(), untrusted.get()) == 1;
    if (initialised)
        X509_STORE_CTX_set_time(context.get(), 0,
                                static_cast<time_t>(times.bestSignatureTime.toSecsSinceEpoch()));
    const bool verified = initialised && X509_verify_cert(context.get()) == 1;
    if (!verified) {
        reportChainError(report, context ? X509_STORE_CTX_get_error(context.get()) : X509_V_ERR_UNSPECIFIED,
                         context ? X509_STORE_CTX_get_error_depth(context.get()) : 0, times);
        ERR_clear_error();
        return result;
    }
    X509StackPtr chain(X509_STORE_CTX_get1_chain(context.get()));
    const QList<CertificateInfo> signerList {signer};
    result.chain = toInfos(chain.get(), {&signerList, &otherCertificates, &m_anchors});
    ERR_clear_error();

    if (signer.hasKeyUsageExtension()
        && !(signer.keyUsage() & (CertificateInfo::NonRepudiation | CertificateInfo::DigitalSignature)))
        report.fail(Indication::Indeterminate, SubIndication::ChainConstraintsFailure,
                    Tr::tr("The signer's certificate is not meant for signatures (no nonRepudiation or "
                           "digitalSignature key usage)."));
    else if (m_policy.requireNonRepudiation && !signer.hasNonRepudiation())
        report.fail(Indication::Indeterminate, SubIndication::ChainConstraintsFailure,
                    Tr::tr("The signer's certificate lacks the nonRepudiation key usage required for "
                           "qualified signatures."));

    if (result.chain.size() >= 2)
        checkRevocation(result, otherCertificates, times, evidence, report, result.revocation);
    return result;
}

void CertificateValidator::checkRevocation(const SignerResult &result,
                                           const QList<CertificateInfo> &otherCertificates,
                                           const SignatureTimes &times, const RevocationEvidence &evidence,
                                           SignatureReport &report, RevocationStatus &signerStatus) const
{
    const RevocationChecker checker(m_anchors, m_policy, m_fetcher);
    const QDateTime now = m_clock.now();
    const QDateTime at = times.bestSignatureTime;
    const QList<CertificateInfo> helpers = otherCertificates + result.chain;
    // The last certificate of the chain is the trust anchor: trusted as configured.
    const qsizetype checked = m_policy.checkCaRevocation ? result.chain.size() - 1 : 1;
    for (qsizetype i = 0; i < checked; ++i) {
        const bool isSigner = i == 0;
        const RevocationStatus status
            = checker.check(result.chain.at(i), result.chain.at(i + 1), helpers, at, now, evidence);
        if (isSigner)
            signerStatus = status;
        const QString name = isSigner
            ? Tr::tr("The signer's certificate")
            : Tr::tr("The certificate authority \"%1\"").arg(result.chain.at(i).commonName());
        switch (status.state) {
        case State::Good:
            report.notes.append(Tr::tr("%1 is not revoked (%2, issued %3).")
                                    .arg(name, status.sourceName(), isoTime(status.thisUpdate)));
            break;
        case State::Revoked:
            if (status.isOnHold()) {
                report.fail(
                    Indication::Indeterminate, SubIndication::TryLater,
                    Tr::tr("%1 is suspended (on hold) since %2.").arg(name, isoTime(status.revocationTime)));
            } else if (times.proven && status.revocationTime > at) {
                report.warnings.append(
                    Tr::tr("%1 was revoked on %2, after the time-stamp proves the signature "
                           "was made.")
                        .arg(name, isoTime(status.revocationTime)));
            } else if (!isSigner) {
                report.fail(Indication::Indeterminate, SubIndication::RevokedCaNoPoe,
                            Tr::tr("%1 was revoked on %2.").arg(name, isoTime(status.revocationTime)));
            } else if (times.proven
                       || (times.claimedSigningTime.isValid()
                           && times.claimedSigningTime >= status.revocationTime)) {
                report.fail(
                    Indication::TotalFailed, SubIndication::Revoked,
                    Tr::tr("The signer's certificate was revoked on %1, before the signature was made.")
                        .arg(isoTime(status.revocationTime)));
            } else {
                report.fail(Indication::Indeterminate, SubIndication::RevokedNoPoe,
                            Tr::tr("The signer's certificate was revoked on %1 and no time-stamp proves the "
                                   "signature was made earlier.")
                                .arg(isoTime(status.revocationTime)));
            }
            break;
        case State::Unknown:
        case State::Unavailable:
            if (status.sawOutOfBoundsData && m_policy.revocationRequired)
                report.fail(
                    Indication::Indeterminate, SubIndication::RevocationOutOfBoundsNoPoe,
                    Tr::tr("%1 had expired when its revocation data was issued; that data proves nothing.")
                        .arg(name));
            else
                revocationMissing(report, m_policy, unavailableMessage(status, isSigner));
            if (!status.problems.isEmpty())
                qCInfo(dmsSigning) << "revocation status missing:" << status.problems;
            break;
        }
    }
}

SignatureReport::SignatureLevel CertificateValidator::signatureLevel(const QList<CertificateInfo> &chain,
                                                                     const QDateTime &at,
                                                                     SignatureReport &report) const
{
    if (chain.isEmpty())
        return Level::NotApplicable;
    const CertificateInfo &signer = chain.first();
    if (!signer.isQcCompliant())
        return Level::AdES;
    if (!signer.hasNonRepudiation()) {
        report.notes.append(
            Tr::tr("The certificate claims to be qualified but lacks the nonRepudiation key usage."));
        return Level::AdES;
    }
    if (!m_qualification) {
        report.notes.append(
            Tr::tr("The certificate's qualified status has not been confirmed against a Trusted "
                   "List (none configured); the level is at most AdES-QC."));
        return Level::AdESQc;
    }
    const CertificateInfo issuer = chain.size() >= 2 ? chain.at(1) : signer;
    switch (m_qualification->statusOf(issuer, at)) {
    case QualificationSource::Status::Qualified:
        if (signer.isQcSscd())
            return Level::Qes;
        report.notes.append(Tr::tr("The key is not declared to be in a qualified signature creation device "
                                   "(QcSSCD)."));
        return Level::AdESQc;
    case QualificationSource::Status::NotQualified:
        report.notes.append(Tr::tr("The Trusted List does not list the issuer as a qualified service at the "
                                   "signing time."));
        return Level::AdES;
    case QualificationSource::Status::Unknown:
        break;
    }
    report.notes.append(Tr::tr("The issuer is not on the Trusted List; the qualified status is the "
                               "certificate's own claim."));
    return Level::AdESQc;
}

CertificateValidator::TimestampResult
CertificateValidator::validateTimestamp(const QByteArray &token, const QByteArray &timestampedData) const
{
    TimestampResult result;
    const auto *p = reinterpret_cast<const unsigned char *>(token.constData());
    OpenSsl::Pkcs7Ptr pkcs7(d2i_PKCS7(nullptr, &p, token.size()));
    OpenSsl::TsTstInfoPtr info(pkcs7 ? PKCS7_to_TS_TST_INFO(pkcs7.get()) : nullptr);
    if (!pkcs7 || !info) {
        result.problem = OpenSsl::takeErrors(QStringLiteral("not a TimeStampToken"));
        return result;
    }
    result.genTime = toDateTime(TS_TST_INFO_get_time(info.get()));
    if (STACK_OF(X509) *signers = PKCS7_get0_signers(pkcs7.get(), nullptr, 0)) {
        if (sk_X509_num(signers) == 1)
            result.tsa
                = CertificateInfo::fromDer(OpenSsl::toDer(i2d_X509, sk_X509_value(signers, 0))).valueOr({});
        sk_X509_free(signers);
    }
    ERR_clear_error();

    OpenSsl::TsVerifyCtxPtr context(TS_VERIFY_CTX_new());
    StorePtr store = X509Helpers::anchorStore(m_anchors, m_clock.now());
    OpenSsl::BioPtr data(
        BIO_new_mem_buf(timestampedData.constData(), static_cast<int>(timestampedData.size())));
    if (!context || !store || !data) {
        result.problem = OpenSsl::takeErrors(QStringLiteral("time-stamp verification setup"));
        return result;
    }
    // The signer check includes the TSA chain and its critical timeStamping EKU.
    TS_VERIFY_CTX_set_flags(context.get(), TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_DATA | TS_VFY_SIGNER);
    TS_VERIFY_CTX_set_data(context.get(), data.release()); // the context owns both
    TS_VERIFY_CTX_set_store(context.get(), store.release());
    if (TS_RESP_verify_token(context.get(), pkcs7.get()) != 1) {
        result.problem = OpenSsl::takeErrors(QStringLiteral("TS_RESP_verify_token"));
        return result;
    }
    OpenSsl::X509Ptr tsa = toX509(result.tsa);
    const bool timeStampingOnly = tsa && (X509_get_extension_flags(tsa.get()) & EXFLAG_XKUSAGE)
        && X509_get_extended_key_usage(tsa.get()) == XKU_TIMESTAMP;
    if (!timeStampingOnly) {
        result.problem = QStringLiteral("the TSA certificate is not for time-stamping only");
        return result;
    }
    if (!result.genTime.isValid() || !result.tsa.isValidAt(result.genTime)) {
        result.problem = QStringLiteral("genTime %1 outside the TSA certificate's validity")
                             .arg(isoTime(result.genTime));
        return result;
    }
    result.valid = true;
    return result;
}

} // namespace dms
