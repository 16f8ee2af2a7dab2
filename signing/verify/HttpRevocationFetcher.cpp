// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/HttpRevocationFetcher.h"

#include "core/Tr.h"
#include "signing/OpenSslHttp.h"

namespace dms {

HttpRevocationFetcher::HttpRevocationFetcher(int timeoutSeconds, qsizetype maxResponseBytes)
    : m_timeoutSeconds(timeoutSeconds)
    , m_maxResponseBytes(maxResponseBytes)
{ }

Result<QByteArray> HttpRevocationFetcher::postOcsp(const QString &url, const QByteArray &request)
{
    return transfer(url, &request, "application/ocsp-request", "application/ocsp-response");
}

Result<QByteArray> HttpRevocationFetcher::fetchCrl(const QString &url)
{
    // CAs label CRLs application/pkix-crl, application/x-pkcs7-crl or octet-stream alike.
    return transfer(url, nullptr, nullptr, nullptr);
}

Result<QByteArray> HttpRevocationFetcher::transfer(const QString &url, const QByteArray *body,
                                                   const char *contentType, const char *expectedType)
{
    auto response
        = OpenSslHttp::transfer(url, body, contentType, expectedType, m_timeoutSeconds, m_maxResponseBytes);
    if (response.ok())
        return response;
    Error error = response.error();
    switch (error.code) {
    case ErrorCode::InvalidInput:
        error.message = Tr::tr("The revocation service address is not supported.");
        break;
    case ErrorCode::Timeout:
        error.message = Tr::tr("The revocation service did not answer in time.");
        break;
    default:
        error.message = Tr::tr("The revocation service cannot be reached.");
        break;
    }
    return error;
}

} // namespace dms
