// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ServerConfig.h"
#include "core/Result.h"
#include "exchange/message/Message.h"
#include "exchange/signing/XmlDsigMessageSigner.h"
#include "exchange/signing/XmlDsigMessageVerifier.h"

#include <memory>

namespace dms {
class Clock;
class SoftwareSigningKey;
} // namespace dms

namespace dms::server {

/** Our side of the exchange as [exchange] configures it: the participant (GUID,
 *  identifier, name) and the transport certificate's key, signer and verifier.
 *  Shared by delovod-server and `delovodctl exchange send`. */
class ExchangeIdentity
{
public:
    ~ExchangeIdentity();
    ExchangeIdentity(const ExchangeIdentity &) = delete;
    ExchangeIdentity &operator=(const ExchangeIdentity &) = delete;

    /** Loads the certificate with its PEM key and checks the peers' CA file; InvalidInput
     *  naming the file that is wrong. @p clock must outlive the identity. */
    static Result<std::unique_ptr<ExchangeIdentity>> load(const ServerConfig &config, const Clock &clock);

    const exchange::Participant &self() const { return m_self; }
    exchange::XmlDsigMessageSigner &signer() { return *m_signer; }
    exchange::XmlDsigMessageVerifier &verifier() { return *m_verifier; }

private:
    ExchangeIdentity() = default;

    exchange::Participant m_self;
    std::unique_ptr<SoftwareSigningKey> m_key;
    std::unique_ptr<exchange::XmlDsigMessageSigner> m_signer;
    std::unique_ptr<exchange::XmlDsigMessageVerifier> m_verifier;
};

} // namespace dms::server
