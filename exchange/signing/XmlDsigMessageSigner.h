// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchange/MessageSigner.h"
#include "signing/SigningKey.h"

#include <mutex>

namespace dms {
class Clock;
class SigningKey;
} // namespace dms

namespace dms::exchange {

/** Signs messages with the transport certificate's key (token or PKCS#12) through
 *  signing/xml in the Article 18 profile: enveloped, no prefix, inclusive C14N,
 *  RSA-SHA1 by default as deployed peers expect (SHA-256 per peer if configured).
 *  Thread-safe: server threads share it, calls to the key are serialised. */
class XmlDsigMessageSigner final : public MessageSigner
{
public:
    XmlDsigMessageSigner(SigningKey &key, const Clock &clock, DigestAlgorithm digest = DigestAlgorithm::Sha1);
    Result<QByteArray> sign(const QByteArray &message) override;
    Result<SplicedContent> signSpliced(const SplicedContent &message) override;

private:
    SigningKey &m_key;
    const Clock &m_clock;
    DigestAlgorithm m_digest;
    std::mutex m_mutex; // a key (token session) signs one digest at a time
};

} // namespace dms::exchange
