// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/HttpTimestampClient.h"

#include "core/Tr.h"
#include "signing/OpenSslHttp.h"

namespace dms {

HttpTimestampClient::HttpTimestampClient(const QString &url, int timeoutSeconds, qsizetype maxResponseBytes)
    : m_url(url)
    , m_timeoutSeconds(timeoutSeconds)
    , m_maxResponseBytes(maxResponseBytes)
{ }

Result<QByteArray> HttpTimestampClient::timestamp(const QByteArray &requestDer)
{
    auto response
        = OpenSslHttp::transfer(m_url, &requestDer, "application/timestamp-query",
                                "application/timestamp-reply", m_timeoutSeconds, m_maxResponseBytes);
    if (response.ok())
        return response;
    Error error = response.error();
    switch (error.code) {
    case ErrorCode::InvalidInput:
        error.message = Tr::tr("The time-stamping service address is not supported (only http:// is).");
        break;
    case ErrorCode::Timeout:
        error.message = Tr::tr("The time-stamping service did not answer in time.");
        break;
    default:
        error.message = Tr::tr("The time-stamping service cannot be reached.");
        break;
    }
    return error;
}

} // namespace dms
