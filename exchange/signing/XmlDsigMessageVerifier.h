// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchange/MessageVerifier.h"
#include "signing/CertificateInfo.h"

#include <QList>

namespace dms {
class Clock;
}

namespace dms::exchange {

/** Verifies message signatures through signing/xml with the Article 18 options
 *  (exactly one Reference URI="" with the enveloped transform, Signature last, SHA-1
 *  accepted). The registry's certificate serial is the trust pin; with trust anchors
 *  set, the chain must also pass, otherwise an unknown chain or an expired
 *  certificate (as the real ДАЕУ samples have) does not refuse the message — a
 *  failed digest or signature value always does. */
class XmlDsigMessageVerifier final : public MessageVerifier
{
public:
    explicit XmlDsigMessageVerifier(const Clock &clock);
    void setTrustAnchors(const QList<CertificateInfo> &anchors) { m_anchors = anchors; }
    Result<VerifiedSignature> verify(const QByteArray &message) override;
    Result<VerifiedSignature> verifySpliced(const SplicedContent &message) override;

private:
    Result<VerifiedSignature> check(const QByteArray &message, const QList<SplicedContent::Part> &parts);

    const Clock &m_clock;
    QList<CertificateInfo> m_anchors;
};

} // namespace dms::exchange
