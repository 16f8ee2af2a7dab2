// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
