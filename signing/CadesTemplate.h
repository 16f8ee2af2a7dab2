// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

namespace dms {

/** The constant part of a detached CAdES-B-B SignedData for one signer certificate and
 *  chain (version, algorithm identifiers, certificate set, issuer-and-serial, the
 *  signing-certificate-v2 and contentType attributes), encoded once, so that each
 *  signature only encodes its messageDigest and signingTime and wraps the signature
 *  value. Why: building the CMS with OpenSSL's API took most of a P-256 token
 *  signature's time on top of C_Sign. The output is byte for byte what CadesSigner's
 *  OpenSSL path (CMS_add1_signer, CMS_PARTIAL) writes for the same inputs (tested).
 *  RSA (PKCS#1 v1.5) and EC keys only. Immutable: thread-safe. */
class CadesTemplate
{
public:
    /** InvalidInput for a key type other than RSA or EC; Internal when OpenSSL cannot
     *  encode the signer's names. Certificates of @p chain that are null or repeat
     *  another are left out. */
    [[nodiscard]] static Result<CadesTemplate> create(const CertificateInfo &signer,
                                                      const QList<CertificateInfo> &chain);

    /** Whether this template was made for exactly @p signer and @p chain. */
    bool matches(const CertificateInfo &signer, const QList<CertificateInfo> &chain) const;

    /** The DER SET OF the signed attributes, the bytes the signature covers (RFC 5652
     *  5.4): contentType, messageDigest @p sha256 (32 bytes), signing-certificate-v2
     *  and, unless @p signingTime is null, signingTime (UTCTime for 1950–2049, else
     *  GeneralizedTime, whole seconds UTC). Empty unless @p sha256 has 32 bytes. */
    QByteArray signedAttributes(const QByteArray &sha256, const QDateTime &signingTime) const;

    /** The DER ContentInfo of the SignedData around @p signedAttributes (from
     *  signedAttributes()) and @p signatureValue. InvalidInput when the value cannot be
     *  the key's (an RSA value not of the modulus' length, an EC value that is not a
     *  DER ECDSA-Sig-Value of the curve's size), so a faulty key gives no output. */
    [[nodiscard]] Result<QByteArray> signedData(const QByteArray &signedAttributes,
                                                const QByteArray &signatureValue) const;

private:
    CadesTemplate() = default;

    bool isPlausibleSignature(const QByteArray &signatureValue) const;

    QList<QByteArray> m_certificateDers;
    /** SignedData from its version to the end of the certificate set. */
    QByteArray m_signedDataHead;
    /** SignerInfo version, sid (issuer and serial) and digestAlgorithm. */
    QByteArray m_signerInfoHead;
    QByteArray m_signatureAlgorithm;
    QByteArray m_contentTypeAttribute;
    QByteArray m_signingCertificateAttribute;
    CertificateInfo::KeyType m_keyType = CertificateInfo::KeyType::Unknown;
    /** RSA: the modulus' length; EC: the length of the group order. */
    int m_keyBytes = 0;
};

} // namespace dms
