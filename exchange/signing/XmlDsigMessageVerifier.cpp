// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/signing/XmlDsigMessageVerifier.h"

#include "core/Tr.h"
#include "signing/xml/XmlDsigVerifier.h"

namespace dms::exchange {

XmlDsigMessageVerifier::XmlDsigMessageVerifier(const Clock &clock)
    : m_clock(clock)
{ }

Result<VerifiedSignature> XmlDsigMessageVerifier::verify(const QByteArray &message)
{
    return check(message, {});
}

Result<VerifiedSignature> XmlDsigMessageVerifier::verifySpliced(const SplicedContent &message)
{
    return check(message.skeleton(), message.parts());
}

Result<VerifiedSignature> XmlDsigMessageVerifier::check(const QByteArray &message,
                                                        const QList<SplicedContent::Part> &parts)
{
    XmlDsigVerifier verifier(m_clock);
    XmlVerificationOptions options = XmlVerificationOptions::article18();
    options.maxInputBytes = qMax<qsizetype>(options.maxInputBytes, message.size());
    options.externalTexts = parts;
    verifier.setOptions(options);
    verifier.setTrustAnchors(m_anchors);
    const XmlVerification result = verifier.verify(message);
    using S = SignatureReport::SubIndication;
    const SignatureReport &report = result.report;
    const bool chainOnly = report.indication == SignatureReport::Indication::Indeterminate
        && (report.subIndication == S::NoCertificateChainFound
            || report.subIndication == S::CertificateChainGeneralFailure
            || report.subIndication == S::OutOfBoundsNoPoe || report.subIndication == S::TryLater);
    const bool accepted = report.isPassed() || (m_anchors.isEmpty() && chainOnly);
    if (!accepted || !result.coversWholeDocument || result.signedContent.isEmpty()
        || result.certificates.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message signature is not valid."),
                         SignatureReport::subIndicationName(report.subIndication) + QStringLiteral(": ")
                             + report.errors.join(QStringLiteral("; ")));
    return VerifiedSignature {result.certificates.constFirst().serialNumber()};
}

} // namespace dms::exchange
