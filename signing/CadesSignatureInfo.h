// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace dms {

/** What a CAdES signature (.p7s) says about itself, read without judging it
 *  (CadesInspector); the verifier decides what it is worth. */
struct CadesSignatureInfo
{
    /** The content is not inside the CMS (a detached signature). */
    bool isDetached = false;
    /** The certificate named by the SignerInfo, found among the embedded ones. */
    CertificateInfo signer;
    /** Every embedded certificate, the signer's included. */
    QList<CertificateInfo> certificates;
    /** Dotted OIDs: "2.16.840.1.101.3.4.2.1" is SHA-256. */
    QString digestAlgorithm;
    QString signatureAlgorithm;
    /** The contentType signed attribute ("1.2.840.113549.1.7.1" for id-data). */
    QString contentType;
    QByteArray messageDigest;
    /** Null when there is no signingTime attribute. */
    QDateTime signingTime;
    bool hasSigningCertificateV2 = false;
    /** The ESS signing-certificate-v2 digest names the signer certificate. */
    bool signingCertificateV2Matches = false;
    QByteArray signatureValue;

    /** DER TimeStampToken of the signature-time-stamp; empty for B-B. */
    QByteArray timestampToken;
    /** Its message imprint (the hash of signatureValue) and that hash's OID. */
    QByteArray timestampImprint;
    QString timestampImprintAlgorithm;
    QDateTime timestampTime;
};

} // namespace dms
