// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/SplicedContent.h"

#include <QtGlobal>

namespace dms {

/** What XmlDsigVerifier accepts. Plain value type. */
struct XmlVerificationOptions
{
    /** Require exactly one content Reference, URI="", with the enveloped-signature
     *  transform, and the Signature as the last child of the document element
     *  (the Article 18 anti-wrapping rule). */
    bool requireWholeDocument = false;
    /** Accept rsa-sha1 and sha1 digests. Off by default (CRYPTO_CONSTRAINTS_FAILURE);
     *  Article 18 peers still send them. */
    bool acceptSha1 = false;
    /** Larger inputs are refused before parsing. */
    qsizetype maxInputBytes = 32 * 1024 * 1024;
    /** Text nodes kept outside the input (a streamed message's large attachments):
     *  the input holds each part's marker where its text was, and the content
     *  reference's digest is computed with the part's bytes, the canonical form of
     *  the text, in place of the marker (which must occur exactly once).
     *  XmlVerification::signedContent then holds the markers, not the texts. */
    QList<SplicedContent::Part> externalTexts;

    /** Article 18 (СЕОС): whole document, SHA-1 accepted. */
    static XmlVerificationOptions article18()
    {
        XmlVerificationOptions options;
        options.requireWholeDocument = true;
        options.acceptSha1 = true;
        return options;
    }
};

} // namespace dms
