// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace dms {

/** One blocking HTTP/1.x exchange with OpenSSL's client (OSSL_HTTP_transfer), shared
 *  by HttpRevocationFetcher and HttpTimestampClient: no Qt Network in dms_signing.
 *  Only http:// URLs (OCSP, CRLs and time-stamps are signed data). The http_proxy /
 *  no_proxy environment is honoured, except for loopback hosts. Stateless. */
namespace OpenSslHttp {

/** GET (@p body null) or POST @p body with @p contentType to @p url; with
 *  @p expectedType the response must carry that content type. Bounded by
 *  @p timeoutSeconds and @p maxResponseBytes. Errors: InvalidInput (URL not
 *  supported), Timeout, Network (unreachable, HTTP error, wrong type, too large,
 *  empty answer); their messages are generic, callers replace them. */
[[nodiscard]] Result<QByteArray> transfer(const QString &url, const QByteArray *body, const char *contentType,
                                          const char *expectedType, int timeoutSeconds,
                                          qsizetype maxResponseBytes);

} // namespace OpenSslHttp

} // namespace dms
