// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"
#include "signing/SigningKey.h"
#include "storage/SplicedContent.h"

#include <QList>
#include <QString>

namespace dms {

/** How XmlDsigSigner builds an enveloped signature. Plain value type; the
 *  defaults give a modern XMLDSig (exclusive C14N, RSA/ECDSA-SHA256, ds: prefix). */
struct XmlSignatureOptions
{
    /** Canonical XML 1.0 (inclusive) or Exclusive XML Canonicalization 1.0, both
     *  without comments; used for SignedInfo and the references. */
    enum class Canonicalization { Inclusive, Exclusive };

    /** Plain XMLDSig, or XAdES-BASELINE-B (QualifyingProperties with SigningTime
     *  and SigningCertificateV2, referenced as SignedProperties). */
    enum class Form { XmlDsig, XadesBaselineB };

    Form form = Form::XmlDsig;
    /** The digest of the references and of the signature method (rsa-sha1 /
     *  rsa-sha256 / ecdsa-sha256). ECDSA keys always use SHA-256. */
    DigestAlgorithm digest = DigestAlgorithm::Sha256;
    Canonicalization canonicalization = Canonicalization::Exclusive;
    /** Empty: Reference URI="" over the whole document with the enveloped-signature
     *  transform. Otherwise URI="#referenceId": the element whose Id/ID/id attribute
     *  has this value (it must be unique in the document). */
    QString referenceId;
    /** Namespace prefix of the Signature elements; empty puts them in the default
     *  namespace (Article 18 wants no prefix). */
    QString prefix = QStringLiteral("ds");
    /** Id attribute of the Signature element; generated when empty and needed (XAdES). */
    QString signatureId;
    /** More certificates for KeyInfo/X509Data after the signer's (normally the issuing CAs). */
    QList<CertificateInfo> extraCertificates;
    /** Text nodes kept outside the document (large base64 attachments): the document
     *  holds each part's marker where its text belongs, and the content reference's
     *  digest is computed with the part's bytes in place of the marker. The bytes
     *  must be their own canonical form (base64 is). */
    QList<SplicedContent::Part> externalTexts;

    /** The Article 18 (СЕОС) profile: no prefix, inclusive C14N, URI="" with the
     *  enveloped transform, plain XMLDSig, RSA-SHA1 unless @p digest says otherwise. */
    static XmlSignatureOptions article18(DigestAlgorithm digest = DigestAlgorithm::Sha1)
    {
        XmlSignatureOptions options;
        options.digest = digest;
        options.canonicalization = Canonicalization::Inclusive;
        options.prefix.clear();
        return options;
    }
};

} // namespace dms
