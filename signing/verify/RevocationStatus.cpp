// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/RevocationStatus.h"

namespace dms {

QString RevocationStatus::sourceName() const
{
    switch (source) {
    case Source::None:
        return {};
    case Source::EmbeddedOcsp:
        return QStringLiteral("OCSP (embedded)");
    case Source::EmbeddedCrl:
        return QStringLiteral("CRL (embedded)");
    case Source::OnlineOcsp:
        return QStringLiteral("OCSP (online)");
    case Source::OnlineCrl:
        return QStringLiteral("CRL (online)");
    }
    return {};
}

} // namespace dms
