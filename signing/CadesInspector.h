// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CadesSignatureInfo.h"

#include <QByteArray>

#include <memory>
#include <openssl/cms.h>

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

    /** The parsing step of inspect(): the CMS ContentInfo of @p p7s (SignedData, no
     *  trailing bytes), for callers that read it several ways and decode it once. */
    [[nodiscard]] static Result<std::shared_ptr<CMS_ContentInfo>> parse(const QByteArray &p7s);
    /** inspect() of a ContentInfo from parse(); the certificates in the result share
     *  the CMS's parsed ones. */
    [[nodiscard]] static Result<CadesSignatureInfo> inspect(CMS_ContentInfo *cms);
};

} // namespace dms
