// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/Token.h"

#include <memory>

namespace dms {

class Pkcs11TokenProvider;

/** A token of a Pkcs11TokenProvider; forwards every call to the provider's worker thread. */
class Pkcs11Token final : public Token
{
public:
    Pkcs11Token(std::shared_ptr<Pkcs11TokenProvider> provider, TokenInfo info);

    TokenInfo info() const override { return m_info; }
    [[nodiscard]] Result<QList<TokenCertificate>> certificates() override;
    [[nodiscard]] Status login() override;
    [[nodiscard]] Status logout() override;
    [[nodiscard]] Result<QByteArray> signRaw(const QByteArray &keyId, SignMechanism mechanism,
                                             const QByteArray &input) override;
    /** A Pkcs11SignBatch: the worker signs back to back while the caller prepares inputs. */
    [[nodiscard]] std::unique_ptr<SignatureBatch> startSignBatch(const QByteArray &keyId,
                                                                 SignMechanism mechanism) override;

private:
    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    TokenInfo m_info;
};

} // namespace dms
