// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace dms {

/** What certificate validation (CertificateValidator) demands beyond the fixed
 *  checks. The defaults follow ETSI EN 319 102-1 for qualified signatures: a
 *  signature whose certificates' revocation status cannot be established is
 *  INDETERMINATE. Plain value type. */
struct ValidationPolicy
{
    /** A missing revocation status of the signer (or a CA) makes the result
     *  INDETERMINATE/TRY_LATER; false turns that into a warning. */
    bool revocationRequired = true;
    /** Also check the revocation of CA certificates below the trust anchor. */
    bool checkCaRevocation = true;
    /** Ask the certificate's OCSP responder (AIA) and CRL distribution points through
     *  the RevocationFetcher when the embedded evidence does not answer. */
    bool onlineRevocation = true;
    /** The signer's certificate must have the nonRepudiation key usage (qualified
     *  signatures do); otherwise digitalSignature is enough and the level is at most AdES. */
    bool requireNonRepudiation = false;
    /** How old revocation data without a nextUpdate may be relative to the time it
     *  must speak for (the best-signature-time). */
    qint64 maxRevocationAgeSeconds = 24 * 3600;
    /** Tolerated clock difference to responders and CAs. */
    qint64 clockSkewSeconds = 300;
};

} // namespace dms
