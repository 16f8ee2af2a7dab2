// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"
#include "signing/verify/CertificateValidator.h"
#include "signing/verify/ValidationPolicy.h"
#include "signing/xml/XmlVerification.h"
#include "signing/xml/XmlVerificationOptions.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace dms {

class Clock;
class QualificationSource;
class RevocationFetcher;

/** Verifies one enveloped XMLDSig / XAdES-B signature with libxml2 and OpenSSL and
 *  produces a DSS-style report. Checked: hardened parsing (no DTD, no entities, no
 *  network, size limit), exactly one Signature, every Reference digest (URI="" with
 *  the enveloped transform, URI="#id" resolving to exactly one element, transforms
 *  and algorithms from an allow-list), the SignatureValue over the canonical
 *  SignedInfo with the first KeyInfo certificate (RSA-SHA1/SHA256, ECDSA-SHA256),
 *  wrapping (duplicate ids, a Signature not enveloped by the signed element, more
 *  than one content reference when the whole document is required), for XAdES the
 *  SignedProperties reference and SigningCertificate(V2) digest, and through the
 *  shared CertificateValidator the chain to the trust anchors at the verification
 *  time (B-B: no time-stamp), keyUsage, revocation (OCSP/CRL through the
 *  RevocationFetcher) and the qualified level (QcStatements and the
 *  QualificationSource). Blocking when a fetcher is set: call off the GUI thread. */
class XmlDsigVerifier
{
public:
    /** @p clock gives the verification time; it must outlive the verifier. */
    explicit XmlDsigVerifier(const Clock &clock);

    void setOptions(const XmlVerificationOptions &options) { m_options = options; }
    XmlVerificationOptions options() const { return m_options; }

    /** The certificates trusted to end a chain (roots or issuing CAs); replaces any set before. */
    void setTrustAnchors(const QList<CertificateInfo> &anchors) { m_validator.setTrustAnchors(anchors); }
    QList<CertificateInfo> trustAnchors() const { return m_validator.trustAnchors(); }
    /** setTrustAnchors() with every certificate of the PEM file @p path; InvalidInput
     *  when it cannot be read or holds none (the anchors are then unchanged). */
    [[nodiscard]] Status loadTrustAnchorsPem(const QString &path);

    /** Default: defaultPolicy(). */
    void setPolicy(const ValidationPolicy &policy) { m_validator.setPolicy(policy); }
    ValidationPolicy policy() const { return m_validator.policy(); }
    /** ValidationPolicy() except that a missing revocation status is a warning: XML
     *  B-B signatures carry no revocation data and the Article 18 and Trusted List
     *  callers have no responder to ask. Callers with a fetcher should require it. */
    static ValidationPolicy defaultPolicy();
    /** Online OCSP/CRL (not owned; must outlive the verifier); nullptr (default):
     *  revocation is not checked online. */
    void setRevocationFetcher(RevocationFetcher *fetcher) { m_validator.setRevocationFetcher(fetcher); }

    /** Optional (may be null; must outlive the verifier): confirms QES / AdES-QC
     *  from a Trusted List. Without it the level is at most AdES-QC. */
    void setQualificationSource(const QualificationSource *source)
    {
        m_validator.setQualificationSource(source);
    }

    /** Verifies the signature in @p xml. Never fails: every problem is in the report. */
    XmlVerification verify(const QByteArray &xml) const;

private:
    const Clock &m_clock;
    XmlVerificationOptions m_options;
    CertificateValidator m_validator;
};

} // namespace dms
