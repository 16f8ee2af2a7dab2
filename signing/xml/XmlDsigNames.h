// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/** Namespace and algorithm URIs of XMLDSig (W3C) and XAdES (ETSI EN 319 132-1). */
namespace dms::XmlDsigNames {

inline constexpr char dsigNs[] = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr char xadesNs[] = "http://uri.etsi.org/01903/v1.3.2#";
inline constexpr char excC14nNs[] = "http://www.w3.org/2001/10/xml-exc-c14n#";

inline constexpr char c14n[] = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
inline constexpr char c14nWithComments[] = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
inline constexpr char excC14n[] = "http://www.w3.org/2001/10/xml-exc-c14n#";
inline constexpr char excC14nWithComments[] = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
inline constexpr char envelopedSignature[] = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

inline constexpr char sha1[] = "http://www.w3.org/2000/09/xmldsig#sha1";
inline constexpr char sha256[] = "http://www.w3.org/2001/04/xmlenc#sha256";
inline constexpr char sha384[] = "http://www.w3.org/2001/04/xmldsig-more#sha384";
inline constexpr char sha512[] = "http://www.w3.org/2001/04/xmlenc#sha512";

inline constexpr char rsaSha1[] = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
inline constexpr char rsaSha256[] = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
inline constexpr char rsaSha384[] = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
inline constexpr char rsaSha512[] = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
inline constexpr char ecdsaSha256[] = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

inline constexpr char signedPropertiesType[] = "http://uri.etsi.org/01903#SignedProperties";

} // namespace dms::XmlDsigNames
