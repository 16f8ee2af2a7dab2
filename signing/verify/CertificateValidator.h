// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"
#include "signing/verify/RevocationEvidence.h"
#include "signing/verify/RevocationStatus.h"
#include "signing/verify/SignatureReport.h"
#include "signing/verify/ValidationPolicy.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

#include <memory>
#include <openssl/types.h>

namespace dms {

class Clock;
class QualificationSource;
class RevocationFetcher;

/** The certificate part of signature validation (ETSI EN 319 102-1 "X.509
 *  certificate validation", DSS-style), shared by the CAdES, PAdES and XAdES
 *  verifiers: the signer's chain to the configured trust anchors at the
 *  best-signature-time, its key usage and validity at that time, the revocation
 *  of the signer and the CAs below the anchor (RevocationChecker: embedded
 *  evidence first, then online), the signature time-stamp's TSA, and the
 *  qualified level from QcStatements and a QualificationSource (Trusted List).
 *  Blocking when online revocation is used: call it off the GUI thread. The
 *  fetcher and the qualification source are not owned and must outlive the
 *  validator; a validator is used from one thread at a time. */
class CertificateValidator
{
public:
    /** When the signature was made, as far as the verifier knows. */
    struct SignatureTimes
    {
        /** A verified time-stamp's genTime, else the verification time. */
        QDateTime bestSignatureTime;
        /** bestSignatureTime comes from a verified time-stamp (a proof of existence). */
        bool proven = false;
        /** The signer's own claim (signingTime attribute, PDF /M); may be null. */
        QDateTime claimedSigningTime;
    };

    /** What validateSigner() found besides the report entries. */
    struct SignerResult
    {
        /** Signer first, trust anchor last; empty when no chain was found. */
        QList<CertificateInfo> chain;
        RevocationStatus revocation;
    };

    /** What validateTimestamp() found. */
    struct TimestampResult
    {
        bool valid = false;
        QDateTime genTime;
        /** The TSA's certificate (null when not even that was found). */
        CertificateInfo tsa;
        /** Technical reason when not valid. */
        QString problem;
    };

    /** @p clock gives the current time; it must outlive the validator. */
    explicit CertificateValidator(const Clock &clock);

    void setTrustAnchors(const QList<CertificateInfo> &anchors)
    {
        m_anchors = anchors;
        m_anchorStore.reset();
    }
    QList<CertificateInfo> trustAnchors() const { return m_anchors; }
    void setPolicy(const ValidationPolicy &policy) { m_policy = policy; }
    ValidationPolicy policy() const { return m_policy; }
    /** Online OCSP/CRL; nullptr (default) checks embedded evidence only. */
    void setRevocationFetcher(RevocationFetcher *fetcher) { m_fetcher = fetcher; }
    /** The Trusted List; nullptr (default) caps the level at AdES-QC with a note. */
    void setQualificationSource(const QualificationSource *source) { m_qualification = source; }

    /** Validates @p signer's certificate (with @p otherCertificates as chain candidates
     *  and @p evidence as embedded revocation data) and records failures, warnings and
     *  notes in @p report (SignatureReport::fail ranks them). */
    SignerResult validateSigner(const CertificateInfo &signer,
                                const QList<CertificateInfo> &otherCertificates, const SignatureTimes &times,
                                const RevocationEvidence &evidence, SignatureReport &report) const;

    /** The level of a TOTAL_PASSED signature by @p chain's signer (chain from
     *  validateSigner) made at @p at; explanations go to @p report's notes. */
    SignatureReport::SignatureLevel signatureLevel(const QList<CertificateInfo> &chain, const QDateTime &at,
                                                   SignatureReport &report) const;

    /** Checks the DER RFC 3161 TimeStampToken @p token over @p timestampedData (its
     *  imprint must be that data's SHA-256/384/512): signature, TSA chain to the
     *  anchors now, TSA certificate with the critical timeStamping extended key usage
     *  and genTime within its validity. The TSA's revocation is not checked. */
    TimestampResult validateTimestamp(const QByteArray &token, const QByteArray &timestampedData) const;

private:
    /** The anchors parsed once into an X509_STORE (without a time: set per check). */
    X509_STORE *anchorStore() const;
    void checkRevocation(const SignerResult &result, const QList<CertificateInfo> &otherCertificates,
                         const SignatureTimes &times, const RevocationEvidence &evidence,
                         SignatureReport &report, RevocationStatus &signerStatus) const;

    const Clock &m_clock;
    QList<CertificateInfo> m_anchors;
    ValidationPolicy m_policy;
    RevocationFetcher *m_fetcher = nullptr;
    const QualificationSource *m_qualification = nullptr;
    /** Lazily built from m_anchors; shared by copies (X509_STORE is read-only here). */
    mutable std::shared_ptr<X509_STORE> m_anchorStore;
};

} // namespace dms
