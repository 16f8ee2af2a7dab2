// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "eservices/ServiceApplication.h"

namespace dms {

/** Checks the signature of a signed attachment (detached CAdES). Implemented
 *  outside the core (the server plugs in the signing library or OpenSSL). */
class AttachmentVerifier
{
public:
    virtual ~AttachmentVerifier() = default;
    /** InvalidInput with a translated reason when the signature does not verify
     *  over the attachment's content. Called only for attachments with a signature. */
    [[nodiscard]] virtual Status verify(const ApplicationAttachment &attachment) const = 0;
};

} // namespace dms
