// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"
#include "signing/verify/CertificateValidator.h"
#include "signing/verify/RevocationEvidence.h"
#include "signing/verify/SignatureReport.h"
#include "signing/verify/ValidationPolicy.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

namespace dms {

class Clock;
class QualificationSource;
class RevocationFetcher;

/** Verifies detached CAdES signatures (.p7s, B-B, B-T and with embedded revocation
 *  data B-LT) against configured trust anchors and produces a SignatureReport.
 *  Checked: structure (one SignerInfo, id-data, detached), messageDigest against the
 *  streamed content, the signature value over the signed attributes (RSA, ECDSA),
 *  ESS signing-certificate-v2, the digest algorithm and key size, the signature
 *  time-stamp (imprint, TSA chain and timeStamping usage, genTime within the TSA
 *  certificate), and through CertificateValidator the chain to an anchor at the
 *  best-signature-time (a verified time-stamp's genTime, else now), key usage,
 *  revocation (OCSP/CRL embedded in the CMS first, then online through the
 *  RevocationFetcher) and the qualified level (QcStatements and the
 *  QualificationSource). Blocking (online revocation): call off the GUI thread. */
class CadesVerifier
{
public:
    /** @p clock gives the verification time; it must outlive the verifier. */
    explicit CadesVerifier(const Clock &clock);

    /** The certificates trusted to end a chain (roots or issuing CAs); replaces any set before. */
    void setTrustAnchors(const QList<CertificateInfo> &anchors) { m_validator.setTrustAnchors(anchors); }
    QList<CertificateInfo> trustAnchors() const { return m_validator.trustAnchors(); }
    /** Default: ValidationPolicy() (revocation status required). */
    void setPolicy(const ValidationPolicy &policy) { m_validator.setPolicy(policy); }
    ValidationPolicy policy() const { return m_validator.policy(); }
    /** Online OCSP/CRL (not owned; must outlive the verifier); nullptr (default):
     *  only the revocation data embedded in the signature is used. */
    void setRevocationFetcher(RevocationFetcher *fetcher) { m_validator.setRevocationFetcher(fetcher); }
    /** The Trusted List (not owned); nullptr (default): the level is at most AdES-QC. */
    void setQualificationSource(const QualificationSource *source)
    {
        m_validator.setQualificationSource(source);
    }
    /** The validator, for the PAdES and XAdES verifiers that share this configuration. */
    const CertificateValidator &certificateValidator() const { return m_validator; }

    /** setTrustAnchors() with every certificate of the PEM file @p path. InvalidInput
     *  when it cannot be read or holds no certificate; the anchors are then unchanged. */
    [[nodiscard]] Status loadTrustAnchorsPem(const QString &path);

    /** Verifies the DER @p p7s over everything readable from @p content (open for
     *  reading; read to its end in 64 KiB chunks). Never fails: every problem,
     *  an unreadable content included (INDETERMINATE/SIGNED_DATA_NOT_FOUND), is in the report. */
    SignatureReport verify(const QByteArray &p7s, QIODevice &content) const;
    /** verify() with @p extraEvidence (e.g. a PDF's DSS) tried after the revocation
     *  data embedded in the CMS. */
    SignatureReport verify(const QByteArray &p7s, QIODevice &content,
                           const RevocationEvidence &extraEvidence) const;

private:
    const Clock &m_clock;
    CertificateValidator m_validator;
};

} // namespace dms
