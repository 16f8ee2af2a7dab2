// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"
#include "signing/verify/SignatureReport.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace dms {

/** The outcome of XmlDsigVerifier::verify(): the report plus what exactly was
 *  signed, so callers use the signed content and nothing else (the defence against
 *  signature wrapping). Plain value type. */
struct XmlVerification
{
    /** format "XMLDSig" or "XAdES-BASELINE-B"; signer = the KeyInfo certificate. */
    SignatureReport report;
    /** The content Reference was URI="" (the document element, minus the Signature). */
    bool coversWholeDocument = false;
    /** For a URI="#id" reference, that id; empty otherwise. */
    QString signedElementId;
    /** The canonical bytes the content Reference's digest was computed over (the
     *  document without the Signature, or the referenced element). Empty unless the
     *  digest matched. Parse these, not the original input, to act on the content. */
    QByteArray signedContent;
    /** Every certificate of KeyInfo/X509Data, the signer's first. */
    QList<CertificateInfo> certificates;
};

} // namespace dms
