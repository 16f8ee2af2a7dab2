// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eservices/AttachmentVerifier.h"

#include <QString>

#include <memory>

namespace dms::server {

/** Checks a detached CAdES (.p7s) signature of an attachment: the CMS
 *  structure and the signature value over the content (OpenSSL, with the
 *  signer's certificate as embedded). When the server is built with the signing
 *  library (DMS_HAVE_SIGNING), its CadesVerifier also runs against the trust
 *  anchors of [eservices] trust_anchors and a TOTAL_FAILED report refuses the
 *  attachment; an INDETERMINATE one (e.g. revocation unknown) is accepted for the
 *  clerk to review, since the signature's integrity has been checked. */
class SignedAttachmentVerifier final : public AttachmentVerifier
{
public:
    /** `trustAnchorsPem` may be empty (then no chain is built). */
    explicit SignedAttachmentVerifier(const QString &trustAnchorsPem = {});
    ~SignedAttachmentVerifier() override;
    SignedAttachmentVerifier(const SignedAttachmentVerifier &) = delete;
    SignedAttachmentVerifier &operator=(const SignedAttachmentVerifier &) = delete;

    [[nodiscard]] Status verify(const ApplicationAttachment &attachment) const override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace dms::server
