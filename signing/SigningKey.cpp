// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SigningKey.h"

#include "core/Tr.h"

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

} // namespace dms
