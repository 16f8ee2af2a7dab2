// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/Token.h"

#include "signing/SequentialSignatureBatch.h"

namespace dms {

Token::~Token() = default;

Result<QList<TokenCertificate>> Token::qualifiedCertificates()
{
    auto all = certificates();
    if (!all)
        return all.error();
    QList<TokenCertificate> qualified;
    for (const TokenCertificate &certificate : *all) {
        if (certificate.isQualifiedSigning())
            qualified.append(certificate);
    }
    return qualified;
}

std::unique_ptr<SignatureBatch> Token::startSignBatch(const QByteArray &keyId, SignMechanism mechanism)
{
    return std::make_unique<SequentialSignatureBatch>(
        [this, keyId, mechanism](const QByteArray &input) { return signRaw(keyId, mechanism, input); });
}

} // namespace dms
