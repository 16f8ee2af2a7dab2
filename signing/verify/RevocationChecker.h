// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"
#include "signing/verify/RevocationEvidence.h"
#include "signing/verify/RevocationStatus.h"
#include "signing/verify/ValidationPolicy.h"

#include <QDateTime>
#include <QList>
#include <QSet>

namespace dms {

class RevocationFetcher;

/** Establishes the revocation status of one certificate: embedded OCSP responses,
 *  embedded CRLs, then (when the policy allows and a fetcher is set) the OCSP
 *  responder named in its AIA and the CRLs of its distribution points. A source
 *  decides when it is verified and fresh: OCSP responses must be signed by the
 *  issuing CA or by a responder it delegated (id-kp-OCSPSigning, RFC 6960 4.2.2.2)
 *  whose chain reaches a trust anchor; CRLs by the issuer (cRLSign). Fresh means
 *  thisUpdate not in the future and the time of interest not after nextUpdate (or,
 *  without nextUpdate, thisUpdate within the policy's maximum age). A revocation
 *  entry decides even in otherwise stale data. Delta CRLs and indirect CRLs are not
 *  supported (such CRLs are rejected). A host that could not be reached is not asked
 *  again by the same checker (one signature's validation), so a dead responder costs
 *  one timeout, not one per URL. Not thread-safe (the fetcher is not). */
class RevocationChecker
{
public:
    /** @p anchors end the OCSP responder chains; @p fetcher may be nullptr (offline)
     *  and must outlive the checker. */
    RevocationChecker(const QList<CertificateInfo> &anchors, const ValidationPolicy &policy,
                      RevocationFetcher *fetcher);

    /** The status of @p certificate (issued by @p issuer) at @p controlTime, as seen
     *  at @p now; @p otherCertificates help build responder chains. */
    RevocationStatus check(const CertificateInfo &certificate, const CertificateInfo &issuer,
                           const QList<CertificateInfo> &otherCertificates, const QDateTime &controlTime,
                           const QDateTime &now, const RevocationEvidence &embedded) const;

    /** The OCSP responder URLs (AIA id-ad-ocsp) and CRL distribution point URLs of @p certificate. */
    static QStringList ocspUrls(const CertificateInfo &certificate);
    static QStringList crlUrls(const CertificateInfo &certificate);

private:
    /** Whether @p url's host (and port) could not be reached before. */
    bool skipUnreachable(const QString &url) const;
    void markUnreachable(const QString &url) const;

    QList<CertificateInfo> m_anchors;
    ValidationPolicy m_policy;
    RevocationFetcher *m_fetcher;
    mutable QSet<QString> m_unreachableHosts;
};

} // namespace dms
