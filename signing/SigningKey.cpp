// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SigningKey.h"

#include "core/Tr.h"
#include "signing/SequentialSignatureBatch.h"

namespace dms {

SigningKey::~SigningKey() = default;

Result<QByteArray> SigningKey::signDigest(DigestAlgorithm algorithm, const QByteArray &digest)
{
    if (algorithm == DigestAlgorithm::Sha256)
        return signSha256(digest);
    return makeError(ErrorCode::InvalidInput,
                     Tr::tr("This key cannot sign with the requested digest algorithm."),
                     QStringLiteral("signDigest: only SHA-256 supported by this key"));
}

std::unique_ptr<SignatureBatch> SigningKey::startSha256Batch()
{
    return std::make_unique<SequentialSignatureBatch>(
        [this](const QByteArray &digest) { return signSha256(digest); });
}

} // namespace dms
