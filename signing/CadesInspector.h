// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CadesSignatureInfo.h"

#include <QByteArray>

namespace dms {

/** Reads the signer, the attributes and the time-stamp of a CAdES signature. It
 *  checks structure only, no cryptography or trust (that is the verifier's job). */
class CadesInspector
{
public:
    /** Parses the DER of a .p7s. InvalidInput with a clear message when it is not a
     *  CMS SignedData (truncated, malformed, trailing bytes), has no or several signers,
     *  lacks the signer's certificate or carries a malformed time-stamp token. */
    [[nodiscard]] static Result<CadesSignatureInfo> inspect(const QByteArray &p7s);
};

} // namespace dms
