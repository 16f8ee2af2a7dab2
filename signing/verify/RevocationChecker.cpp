// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/RevocationChecker.h"

#include "signing/SigningLog.h"
#include "signing/verify/RevocationFetcher.h"
#include "signing/verify/X509Helpers.h"

#include <QUrl>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace dms {

namespace {

using namespace X509Helpers;
using State = RevocationStatus::State;
using Source = RevocationStatus::Source;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, OpenSsl::Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, OpenSsl::Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>>;
using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, OpenSsl::Deleter<OCSP_REQUEST, OCSP_REQUEST_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, OpenSsl::Deleter<OCSP_CERTID, OCSP_CERTID_free>>;
using CrlPtr = std::unique_ptr<X509_CRL, OpenSsl::Deleter<X509_CRL, X509_CRL_free>>;

/** The verdict of one piece of revocation data. */
struct Verdict
{
    enum class Outcome { Good, Revoked, Unknown, Rejected };
    Outcome outcome = Outcome::Rejected;
    QDateTime revocationTime;
    int reason = -1;
    QDateTime thisUpdate;
    QDateTime nextUpdate;
    QString problem;
    bool stale = false;
    bool outOfBounds = false;
};

/** The certificate, its issuer and helpers for chains, parsed once per check. */
struct Subject
{
    OpenSsl::X509Ptr certificate;
    OpenSsl::X509Ptr issuer;
    X509StackPtr untrusted;
    QDateTime notAfter;
};

QString sourceLabel(Source source)
{
    RevocationStatus named;
    named.source = source;
    return named.sourceName();
}

Verdict rejected(const QString &problem)
{
    Verdict verdict;
    verdict.problem = problem;
    return verdict;
}

/** Applies the freshness rule and the bounds rule to a verdict that has its times set. */
Verdict judgeTimes(Verdict verdict, const QDateTime &controlTime, const QDateTime &now,
                   const ValidationPolicy &policy, const QString &what)
{
    if (!verdict.thisUpdate.isValid())
        return rejected(what + QStringLiteral(": no thisUpdate"));
    if (verdict.thisUpdate > now.addSecs(policy.clockSkewSeconds))
        return rejected(what
                        + QStringLiteral(": thisUpdate %1 is in the future")
                              .arg(verdict.thisUpdate.toString(Qt::ISODate)));
    if (verdict.outcome == Verdict::Outcome::Revoked)
        return verdict; // a revocation stays true however old the data is
    const bool fresh = verdict.nextUpdate.isValid()
        ? controlTime <= verdict.nextUpdate.addSecs(policy.clockSkewSeconds)
        : verdict.thisUpdate >= controlTime.addSecs(-policy.maxRevocationAgeSeconds);
    if (!fresh) {
        Verdict stale = rejected(what
                                 + QStringLiteral(": stale (thisUpdate %1, nextUpdate %2, needed for %3)")
                                       .arg(verdict.thisUpdate.toString(Qt::ISODate),
                                            verdict.nextUpdate.toString(Qt::ISODate),
                                            controlTime.toString(Qt::ISODate)));
        stale.stale = true;
        return stale;
    }
    return verdict;
}

Verdict evaluateOcsp(const QByteArray &der, const Subject &subject, OCSP_REQUEST *request,
                     const QList<CertificateInfo> &anchors, const QDateTime &controlTime,
                     const QDateTime &now, const ValidationPolicy &policy)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, der.size()));
    if (!response)
        return rejected(QStringLiteral("OCSP: not an OCSPResponse"));
    const int status = OCSP_response_status(response.get());
    if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        return rejected(QStringLiteral("OCSP: responder status %1")
                            .arg(QString::fromLatin1(OCSP_response_status_str(status))));
    OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
    if (!basic)
        return rejected(QStringLiteral("OCSP: no basic response"));
    if (request && OCSP_check_nonce(request, basic.get()) == 0)
        return rejected(QStringLiteral("OCSP: the nonce does not match the request"));

    // The CertID may use SHA-1 (usual) or SHA-256.
    int index = -1;
    for (const EVP_MD *md : {EVP_sha1(), EVP_sha256()}) {
        OcspCertIdPtr id(OCSP_cert_to_id(md, subject.certificate.get(), subject.issuer.get()));
        if (id && (index = OCSP_resp_find(basic.get(), id.get(), -1)) >= 0)
            break;
    }
    if (index < 0)
        return rejected(QStringLiteral("OCSP: the response is not about this certificate"));

    // Signature and responder authorisation: the CA itself, or a responder it
    // certified for id-kp-OCSPSigning; its chain is checked when the response was made.
    const QDateTime producedAt = toDateTime(OCSP_resp_get0_produced_at(basic.get()));
    StorePtr store = anchorStore(anchors, producedAt.isValid() ? producedAt : now);
    if (!store || OCSP_basic_verify(basic.get(), subject.untrusted.get(), store.get(), 0) != 1)
        return rejected(
            OpenSsl::takeErrors(QStringLiteral("OCSP: response signature or responder not accepted")));

    Verdict verdict;
    int reason = -1;
    ASN1_GENERALIZEDTIME *revoked = nullptr;
    ASN1_GENERALIZEDTIME *thisUpdate = nullptr;
    ASN1_GENERALIZEDTIME *nextUpdate = nullptr;
    const int certStatus = OCSP_single_get0_status(OCSP_resp_get0(basic.get(), index), &reason, &revoked,
                                                   &thisUpdate, &nextUpdate);
    verdict.thisUpdate = toDateTime(thisUpdate);
    verdict.nextUpdate = toDateTime(nextUpdate);
    switch (certStatus) {
    case V_OCSP_CERTSTATUS_GOOD:
        verdict.outcome = Verdict::Outcome::Good;
        break;
    case V_OCSP_CERTSTATUS_REVOKED:
        verdict.outcome = Verdict::Outcome::Revoked;
        verdict.revocationTime = toDateTime(revoked);
        verdict.reason = reason;
        break;
    default:
        verdict.outcome = Verdict::Outcome::Unknown;
        break;
    }
    return judgeTimes(verdict, controlTime, now, policy, QStringLiteral("OCSP"));
}

CrlPtr parseCrl(const QByteArray &data)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data.constData());
    CrlPtr crl(d2i_X509_CRL(nullptr, &p, data.size()));
    if (!crl && data.startsWith("-----BEGIN")) {
        OpenSsl::BioPtr bio(BIO_new_mem_buf(data.constData(), static_cast<int>(data.size())));
        crl.reset(bio ? PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    }
    return crl;
}

Verdict evaluateCrl(const QByteArray &data, const Subject &subject, const QDateTime &controlTime,
                    const QDateTime &now, const ValidationPolicy &policy)
{
    CrlPtr crl = parseCrl(data);
    if (!crl)
        return rejected(QStringLiteral("CRL: not a CRL"));
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_issuer_name(subject.certificate.get())) != 0)
        return rejected(QStringLiteral("CRL: of another issuer"));
    if (X509_CRL_get_ext_by_NID(crl.get(), NID_delta_crl, -1) >= 0)
        return rejected(QStringLiteral("CRL: delta CRLs are not supported"));
    const bool mayIssueCrls = !(X509_get_extension_flags(subject.issuer.get()) & EXFLAG_KUSAGE)
        || (X509_get_key_usage(subject.issuer.get()) & KU_CRL_SIGN);
    if (!mayIssueCrls || X509_CRL_verify(crl.get(), X509_get0_pubkey(subject.issuer.get())) != 1)
        return rejected(OpenSsl::takeErrors(QStringLiteral("CRL: not signed by the issuer")));

    Verdict verdict;
    verdict.thisUpdate = toDateTime(X509_CRL_get0_lastUpdate(crl.get()));
    verdict.nextUpdate = toDateTime(X509_CRL_get0_nextUpdate(crl.get()));
    X509_REVOKED *entry = nullptr;
    if (X509_CRL_get0_by_serial(crl.get(), &entry, X509_get0_serialNumber(subject.certificate.get())) == 1) {
        verdict.outcome = Verdict::Outcome::Revoked;
        verdict.revocationTime = toDateTime(X509_REVOKED_get0_revocationDate(entry));
        if (auto *reason = static_cast<ASN1_ENUMERATED *>(
                X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nullptr, nullptr))) {
            verdict.reason = static_cast<int>(ASN1_ENUMERATED_get(reason));
            ASN1_ENUMERATED_free(reason);
        }
    } else {
        verdict.outcome = Verdict::Outcome::Good;
    }
    return judgeTimes(verdict, controlTime, now, policy, QStringLiteral("CRL"));
}

} // namespace

RevocationChecker::RevocationChecker(const QList<CertificateInfo> &anchors, const ValidationPolicy &policy,
                                     RevocationFetcher *fetcher)
    : m_anchors(anchors)
    , m_policy(policy)
    , m_fetcher(fetcher)
{ }

bool RevocationChecker::skipUnreachable(const QString &url) const
{
    const QUrl parsed(url);
    return m_unreachableHosts.contains(parsed.host() + QLatin1Char(':') + QString::number(parsed.port(80)));
}

void RevocationChecker::markUnreachable(const QString &url) const
{
    const QUrl parsed(url);
    m_unreachableHosts.insert(parsed.host() + QLatin1Char(':') + QString::number(parsed.port(80)));
}

QStringList RevocationChecker::ocspUrls(const CertificateInfo &certificate)
{
    QStringList urls;
    OpenSsl::X509Ptr x509 = toX509(certificate);
    if (!x509)
        return urls;
    STACK_OF(OPENSSL_STRING) *list = X509_get1_ocsp(x509.get());
    for (int i = 0; i < sk_OPENSSL_STRING_num(list); ++i)
        urls.append(QString::fromUtf8(sk_OPENSSL_STRING_value(list, i)));
    X509_email_free(list);
    return urls;
}

QStringList RevocationChecker::crlUrls(const CertificateInfo &certificate)
{
    QStringList urls;
    OpenSsl::X509Ptr x509 = toX509(certificate);
    auto *points = x509 ? static_cast<STACK_OF(DIST_POINT) *>(
                       X509_get_ext_d2i(x509.get(), NID_crl_distribution_points, nullptr, nullptr))
                        : nullptr;
    for (int i = 0; i < sk_DIST_POINT_num(points); ++i) {
        const DIST_POINT *point = sk_DIST_POINT_value(points, i);
        if (!point->distpoint || point->distpoint->type != 0)
            continue;
        const GENERAL_NAMES *names = point->distpoint->name.fullname;
        for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
            const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, j);
            if (name->type == GEN_URI)
                urls.append(QString::fromUtf8(OpenSsl::bytes(name->d.uniformResourceIdentifier)));
        }
    }
    sk_DIST_POINT_pop_free(points, DIST_POINT_free);
    return urls;
}

RevocationStatus RevocationChecker::check(const CertificateInfo &certificate, const CertificateInfo &issuer,
                                          const QList<CertificateInfo> &otherCertificates,
                                          const QDateTime &controlTime, const QDateTime &now,
                                          const RevocationEvidence &embedded) const
{
    RevocationStatus status;
    Subject subject {toX509(certificate), toX509(issuer), toStack(otherCertificates + QList {issuer}),
                     certificate.notAfter()};
    if (!subject.certificate || !subject.issuer || !subject.untrusted) {
        status.problems.append(QStringLiteral("certificate or issuer cannot be parsed"));
        return status;
    }
    bool sawUnknown = false;

    // Takes a verdict; true when it decides the status.
    auto decide = [&](const Verdict &verdict, Source source, const QByteArray &data) {
        if (verdict.outcome == Verdict::Outcome::Good && verdict.thisUpdate > subject.notAfter) {
            status.sawOutOfBoundsData = true;
            status.problems.append(
                QStringLiteral("%1: issued after the certificate expired").arg(sourceLabel(source)));
            return false;
        }
        switch (verdict.outcome) {
        case Verdict::Outcome::Rejected:
            status.problems.append(verdict.problem);
            status.sawStaleData = status.sawStaleData || verdict.stale;
            status.sawInvalidData = status.sawInvalidData || !verdict.stale;
            return false;
        case Verdict::Outcome::Unknown:
            sawUnknown = true;
            status.problems.append(QStringLiteral("OCSP: status unknown"));
            return false;
        case Verdict::Outcome::Good:
        case Verdict::Outcome::Revoked:
            break;
        }
        status.state = verdict.outcome == Verdict::Outcome::Good ? State::Good : State::Revoked;
        status.source = source;
        status.revocationTime = verdict.revocationTime;
        status.revocationReason = verdict.reason;
        status.thisUpdate = verdict.thisUpdate;
        status.nextUpdate = verdict.nextUpdate;
        status.evidence = data;
        return true;
    };

    for (const QByteArray &response : embedded.ocspResponses) {
        if (decide(evaluateOcsp(response, subject, nullptr, m_anchors, controlTime, now, m_policy),
                   Source::EmbeddedOcsp, response))
            return status;
    }
    for (const QByteArray &crl : embedded.crls) {
        if (decide(evaluateCrl(crl, subject, controlTime, now, m_policy), Source::EmbeddedCrl, crl))
            return status;
    }
    ERR_clear_error();

    if (m_fetcher && m_policy.onlineRevocation) {
        for (const QString &url : ocspUrls(certificate)) {
            if (skipUnreachable(url)) {
                status.sawFetchFailure = true;
                status.problems.append(QStringLiteral("OCSP %1: host unreachable before").arg(url));
                continue;
            }
            OcspRequestPtr request(OCSP_REQUEST_new());
            OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), subject.certificate.get(), subject.issuer.get());
            if (!request || !id || !OCSP_request_add0_id(request.get(), id)) {
                OCSP_CERTID_free(id);
                status.problems.append(OpenSsl::takeErrors(QStringLiteral("OCSP request")));
                continue;
            }
            OCSP_request_add1_nonce(request.get(), nullptr, -1);
            auto answer = m_fetcher->postOcsp(url, OpenSsl::toDer(i2d_OCSP_REQUEST, request.get()));
            if (!answer) {
                status.sawFetchFailure = true;
                if (answer.error().code == ErrorCode::Network || answer.error().code == ErrorCode::Timeout)
                    markUnreachable(url);
                status.problems.append(QStringLiteral("OCSP %1: %2").arg(url, answer.error().detail));
                continue;
            }
            if (decide(evaluateOcsp(*answer, subject, request.get(), m_anchors, controlTime, now, m_policy),
                       Source::OnlineOcsp, *answer))
                return status;
        }
        for (const QString &url : crlUrls(certificate)) {
            if (skipUnreachable(url)) {
                status.sawFetchFailure = true;
                status.problems.append(QStringLiteral("CRL %1: host unreachable before").arg(url));
                continue;
            }
            auto answer = m_fetcher->fetchCrl(url);
            if (!answer) {
                status.sawFetchFailure = true;
                if (answer.error().code == ErrorCode::Network || answer.error().code == ErrorCode::Timeout)
                    markUnreachable(url);
                status.problems.append(QStringLiteral("CRL %1: %2").arg(url, answer.error().detail));
                continue;
            }
            if (decide(evaluateCrl(*answer, subject, controlTime, now, m_policy), Source::OnlineCrl, *answer))
                return status;
        }
        ERR_clear_error();
    }
    status.state = sawUnknown ? State::Unknown : State::Unavailable;
    if (!status.problems.isEmpty())
        qCDebug(dmsSigning) << "revocation status not established:" << status.problems;
    return status;
}

} // namespace dms
