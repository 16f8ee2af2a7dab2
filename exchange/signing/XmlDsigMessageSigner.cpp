// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/signing/XmlDsigMessageSigner.h"

#include "signing/xml/XmlDsigSigner.h"

namespace dms::exchange {

XmlDsigMessageSigner::XmlDsigMessageSigner(SigningKey &key, const Clock &clock, DigestAlgorithm digest)
    : m_key(key)
    , m_clock(clock)
    , m_digest(digest)
{ }

Result<QByteArray> XmlDsigMessageSigner::sign(const QByteArray &message)
{
    std::lock_guard lock(m_mutex);
    return XmlDsigSigner(m_key, m_clock).signEnveloped(message, XmlSignatureOptions::article18(m_digest));
}

Result<SplicedContent> XmlDsigMessageSigner::signSpliced(const SplicedContent &message)
{
    XmlSignatureOptions options = XmlSignatureOptions::article18(m_digest);
    options.externalTexts = message.parts();
    std::lock_guard lock(m_mutex);
    auto signedSkeleton = XmlDsigSigner(m_key, m_clock).signEnveloped(message.skeleton(), options);
    if (!signedSkeleton)
        return signedSkeleton.error();
    return message.withSkeleton(std::move(signedSkeleton).value());
}

} // namespace dms::exchange
