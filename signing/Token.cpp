// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/Token.h"

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

} // namespace dms
