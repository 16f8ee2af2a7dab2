// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace dms {

/** What the revocation sources said about one certificate (RevocationChecker).
 *  Plain value type. */
struct RevocationStatus
{
    enum class State {
        /** A verified, fresh OCSP response or CRL says the certificate is not revoked. */
        Good,
        /** A verified OCSP response or CRL lists it as revoked (see revocationTime). */
        Revoked,
        /** The responder answered "unknown" and nothing else decided. */
        Unknown,
        /** No verified, fresh revocation data was obtained (see problems). */
        Unavailable,
    };
    enum class Source { None, EmbeddedOcsp, EmbeddedCrl, OnlineOcsp, OnlineCrl };

    State state = State::Unavailable;
    Source source = Source::None;
    QDateTime revocationTime;
    /** RFC 5280 CRLReason (0 unspecified, 1 keyCompromise, 6 certificateHold, ...); -1 when none given. */
    int revocationReason = -1;
    /** thisUpdate of the deciding response or CRL; nextUpdate may be null. */
    QDateTime thisUpdate;
    QDateTime nextUpdate;
    /** DER of the deciding OCSPResponse or CRL (to be kept with the signature, B-LT). */
    QByteArray evidence;
    /** Why revocation data was rejected or not obtained, technical (for logs and details). */
    QStringList problems;
    /** Some data was only rejected as stale (outside thisUpdate..nextUpdate). */
    bool sawStaleData = false;
    /** Some data was rejected for another reason: bad signature, unauthorised
     *  responder, other certificate or issuer, malformed, responder error status. */
    bool sawInvalidData = false;
    /** An online source could not be reached. */
    bool sawFetchFailure = false;
    /** Some "good" data was issued after the certificate expired, when CAs may
     *  already have dropped it from their lists (so it proves nothing). */
    bool sawOutOfBoundsData = false;

    bool isOnHold() const { return state == State::Revoked && revocationReason == 6; }
    /** "OCSP (embedded)", "CRL (online)", ... */
    QString sourceName() const;
};

} // namespace dms
