// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"

#include <QByteArray>
#include <QString>

namespace dms {

/** A certificate found on a token, paired with its key by the PKCS#11 CKA_ID. */
struct TokenCertificate
{
    /** CKA_ID shared by the certificate and its key pair. */
    QByteArray keyId;
    QString label;
    CertificateInfo certificate;
    /** A key object with the same id is on the token (a private key, or a public key
     *  when the private one is hidden until login). */
    bool hasKey = false;

    /** Offered for qualified signing: a key is present and the certificate carries nonRepudiation. */
    bool isQualifiedSigning() const { return hasKey && certificate.hasNonRepudiation(); }
};

} // namespace dms
