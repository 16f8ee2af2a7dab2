// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11Token.h"

#include "signing/pkcs11/Pkcs11SignBatch.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/pkcs11/Pkcs11Worker.h"

#include <optional>
#include <utility>

namespace dms {

Pkcs11Token::Pkcs11Token(std::shared_ptr<Pkcs11TokenProvider> provider, TokenInfo info)
    : m_provider(std::move(provider))
    , m_info(std::move(info))
{ }

Result<QList<TokenCertificate>> Pkcs11Token::certificates()
{
    std::optional<Result<QList<TokenCertificate>>> result;
    m_provider->runOnWorker([&](Pkcs11Worker &worker) { result = worker.certificates(m_info); });
    return std::move(*result);
}

Status Pkcs11Token::login()
{
    std::optional<Status> result;
    m_provider->runOnWorker([&](Pkcs11Worker &worker) { result = worker.login(m_info); });
    return *result;
}

Status Pkcs11Token::logout()
{
    std::optional<Status> result;
    m_provider->runOnWorker([&](Pkcs11Worker &worker) { result = worker.logout(m_info); });
    return *result;
}

Result<QByteArray> Pkcs11Token::signRaw(const QByteArray &keyId, SignMechanism mechanism,
                                        const QByteArray &input)
{
    std::optional<Result<QByteArray>> result;
    m_provider->runOnWorker(
        [&](Pkcs11Worker &worker) { result = worker.sign(m_info, keyId, mechanism, input); });
    return std::move(*result);
}

std::unique_ptr<SignatureBatch> Pkcs11Token::startSignBatch(const QByteArray &keyId, SignMechanism mechanism)
{
    return std::make_unique<Pkcs11SignBatch>(m_provider, m_info, keyId, mechanism);
}

} // namespace dms
