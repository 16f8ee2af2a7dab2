// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace dms {

/** The network behind online revocation checking: an OCSP request POSTed to a
 *  responder URL and a CRL fetched from a distribution point. Blocking; called on
 *  the verifier's (worker) thread. HttpRevocationFetcher is the real one; tests may
 *  inject others. Implementations must be usable from one thread at a time. */
class RevocationFetcher
{
public:
    virtual ~RevocationFetcher();

    /** The DER OCSPResponse for the DER OCSPRequest @p request; Network, Timeout or
     *  InvalidInput (unsupported URL) when none was obtained. */
    [[nodiscard]] virtual Result<QByteArray> postOcsp(const QString &url, const QByteArray &request) = 0;
    /** The CRL (DER) published at @p url; the same errors. */
    [[nodiscard]] virtual Result<QByteArray> fetchCrl(const QString &url) = 0;
};

} // namespace dms
