// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace dms {

/** The verdict on one signature, modelled on the EU DSS "simple report" (ETSI EN
 *  319 102-1): an indication, a sub-indication saying why it is not TOTAL_PASSED,
 *  the signature level, who signed and when, and human-readable (translated)
 *  errors, warnings and notes. Plain value type. */
struct SignatureReport
{
    enum class Indication { TotalPassed, Indeterminate, TotalFailed };

    /** ETSI EN 319 102-1 table 5; None when the indication is TOTAL_PASSED. */
    enum class SubIndication {
        None,
        FormatFailure,
        HashFailure,
        SigCryptoFailure,
        NotYetValid,
        NoSigningCertificateFound,
        NoCertificateChainFound,
        CertificateChainGeneralFailure,
        ChainConstraintsFailure,
        CryptoConstraintsFailure,
        OutOfBoundsNoPoe,
        SignedDataNotFound,
        /** TOTAL_FAILED: revoked, and the signature was (provably or by its own
         *  claim) made after the revocation. */
        Revoked,
        /** TOTAL_FAILED: a time-stamp proves the signature was made after the
         *  signer's certificate expired. */
        Expired,
        /** The signer's certificate is revoked and nothing proves the signature
         *  was made before the revocation. */
        RevokedNoPoe,
        /** A CA certificate of the chain is revoked (no proof of an earlier signature). */
        RevokedCaNoPoe,
        /** No acceptable revocation status (responder unreachable, stale or
         *  unverifiable data, status unknown, certificate on hold): try again later. */
        TryLater,
        /** The revocation data was issued outside the certificate's validity period. */
        RevocationOutOfBoundsNoPoe,
    };

    /** QES needs QcCompliance and QcSSCD (ETSI EN 319 412-5) and a Trusted List that
     *  lists the issuer as qualified; QcCompliance alone (or no Trusted List) gives
     *  at most AdES-QC. NotApplicable unless TOTAL_PASSED. */
    enum class SignatureLevel { NotApplicable, AdES, AdESQc, Qes };

    Indication indication = Indication::TotalFailed;
    SubIndication subIndication = SubIndication::FormatFailure;
    SignatureLevel level = SignatureLevel::NotApplicable;
    /** "CAdES-BASELINE-B" or "CAdES-BASELINE-T"; empty when the format is not recognised. */
    QString format;
    /** Null when the file could not be read as a signature. */
    CertificateInfo signer;
    /** The time-stamp's genTime when a verified time-stamp is present, otherwise the
     *  signer's claimed signingTime (null when there is none). */
    QDateTime signingTime;
    /** Whether signingTime comes from a verified time-stamp (a proof) or is the signer's claim. */
    bool signingTimeFromTimestamp = false;
    /** The time the certificates were checked at (best-signature-time): the verified
     *  time-stamp's genTime, else the verification time. */
    QDateTime validationTime;
    QStringList errors;
    QStringList warnings;
    QStringList notes;

    bool isPassed() const { return indication == Indication::TotalPassed; }

    /** Records a failed check: @p message goes to errors; the indication becomes the
     *  worse of the current one and @p indication (TOTAL_FAILED over INDETERMINATE),
     *  the first sub-indication of equal rank being kept. */
    void fail(Indication indication, SubIndication subIndication, const QString &message);

    /** "TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED". */
    static QString indicationName(Indication indication);
    /** "HASH_FAILURE", ...; empty for None. */
    static QString subIndicationName(SubIndication subIndication);
    /** "QES", "AdES-QC", "AdES", "N/A". */
    static QString levelName(SignatureLevel level);
};

} // namespace dms
