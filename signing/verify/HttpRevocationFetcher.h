// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/verify/RevocationFetcher.h"

namespace dms {

/** RevocationFetcher over plain HTTP/1.x with OpenSSL's blocking HTTP client
 *  (OSSL_HTTP_transfer): no Qt Network in dms_signing. Only http:// URLs (OCSP and
 *  CRLs are signed data, RFC 6960/5280 publish them over http). The http_proxy /
 *  no_proxy environment is honoured, except for loopback hosts. Every call is
 *  bounded by the timeout and a response size limit; stateless, so one instance
 *  may be used from several threads. */
class HttpRevocationFetcher final : public RevocationFetcher
{
public:
    explicit HttpRevocationFetcher(int timeoutSeconds = 10, qsizetype maxResponseBytes = 16 * 1024 * 1024);

    Result<QByteArray> postOcsp(const QString &url, const QByteArray &request) override;
    Result<QByteArray> fetchCrl(const QString &url) override;

private:
    Result<QByteArray> transfer(const QString &url, const QByteArray *body, const char *contentType,
                                const char *expectedType);

    int m_timeoutSeconds;
    qsizetype m_maxResponseBytes;
};

} // namespace dms
