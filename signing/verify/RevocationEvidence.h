// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <openssl/cms.h>

namespace dms {

/** Revocation data carried with a signature (DER OCSPResponses and CRLs), which the
 *  validator tries before asking online. Read from a CMS SignedData's
 *  RevocationInfoChoices (CRLs and RFC 5940 id-ri-ocsp-response) and from PAdES's
 *  adbe-revocationInfoArchival signed attribute; a PDF's DSS is added by its
 *  verifier with append(). Plain value type. */
struct RevocationEvidence
{
    QList<QByteArray> ocspResponses;
    QList<QByteArray> crls;

    bool isEmpty() const { return ocspResponses.isEmpty() && crls.isEmpty(); }
    void append(const RevocationEvidence &other);

    /** What the DER CMS @p cms carries (both places above); empty when it carries
     *  nothing or cannot be parsed (indefinite-length BER is not read). */
    static RevocationEvidence fromCms(const QByteArray &cms);
    /** fromCms() when the caller has parsed @p cms already (@p parsed is its ContentInfo). */
    static RevocationEvidence fromCms(const QByteArray &cms, CMS_ContentInfo *parsed);

    /** @p cms (DER ContentInfo with SignedData) with @p evidence added to its
     *  RevocationInfoChoices (after any already there); the signature stays valid, as
     *  that field is not signed (B-LT style). Empty when @p cms is not DER SignedData. */
    static QByteArray embedInCms(const QByteArray &cms, const RevocationEvidence &evidence);
};

} // namespace dms
