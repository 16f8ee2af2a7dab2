// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

namespace dms {

/** The server's check of a PDF signed on a desk for a signing route
 *  (docs/sync.md, "Routing for signature"). libdms does not link the signing
 *  library, so this is the structural part that needs no cryptography:
 *
 *  * the draft is a PDF (it starts with "%PDF-");
 *  * the signed file starts with the draft's bytes unchanged and adds an
 *    incremental update (nothing of the draft was rewritten);
 *  * the last /ByteRange lies in that update and is [0 a b c] with a at least
 *    the draft's size, the signature's /Contents hex string exactly between the
 *    two ranges, and b + c the file's size: the signature covers the whole
 *    file, draft included, and nothing was appended after it;
 *  * /Contents holds a DER SEQUENCE (a CMS SignedData), not filler.
 *
 *  Refusals are InvalidInput with a translated message. Stateless. */
class SignedPdfCheck
{
public:
    static Status isPdf(const QByteArray &bytes);
    static Status signsDraft(const QByteArray &draft, const QByteArray &signedPdf);
};

} // namespace dms
