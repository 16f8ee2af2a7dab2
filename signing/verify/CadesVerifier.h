// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"
#include "signing/verify/SignatureReport.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

namespace dms {

class Clock;

/** Verifies detached CAdES signatures (.p7s, B-B and B-T) against configured trust
 *  anchors and produces a SignatureReport. Checked: structure (one SignerInfo,
 *  id-data, detached), messageDigest against the streamed content, the signature
 *  value over the signed attributes (RSA, ECDSA), ESS signing-certificate-v2, the
 *  digest algorithm and key size, the chain to an anchor at the best-signature-time
 *  (a verified time-stamp's genTime, else now), the signer's keyUsage, and the
 *  signature time-stamp (imprint and TSA chain). Not yet: revocation (reported as a
 *  warning) and Trusted List qualification (reported as a note). */
class CadesVerifier
{
public:
    /** @p clock gives the verification time; it must outlive the verifier. */
    explicit CadesVerifier(const Clock &clock);

    /** The certificates trusted to end a chain (roots or issuing CAs); replaces any set before. */
    void setTrustAnchors(const QList<CertificateInfo> &anchors) { m_anchors = anchors; }
    QList<CertificateInfo> trustAnchors() const { return m_anchors; }

    /** setTrustAnchors() with every certificate of the PEM file @p path. InvalidInput
     *  when it cannot be read or holds no certificate; the anchors are then unchanged. */
    [[nodiscard]] Status loadTrustAnchorsPem(const QString &path);

    /** Verifies the DER @p p7s over everything readable from @p content (open for
     *  reading; read to its end in 64 KiB chunks). Never fails: every problem,
     *  an unreadable content included (INDETERMINATE/SIGNED_DATA_NOT_FOUND), is in the report. */
    SignatureReport verify(const QByteArray &p7s, QIODevice &content) const;

private:
    const Clock &m_clock;
    QList<CertificateInfo> m_anchors;
};

} // namespace dms
