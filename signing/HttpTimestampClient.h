// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/TimestampClient.h"

#include <QString>

namespace dms {

/** TimestampClient over plain HTTP (RFC 3161 section 3.4: POST of
 *  application/timestamp-query, answer application/timestamp-reply) with OpenSSL's
 *  blocking client. Only http:// URLs: the token is signed, the TSA needs no TLS.
 *  Bounded by the timeout and a response size limit. The caller (CadesSigner)
 *  checks the answer. Blocking: call off the GUI thread. */
class HttpTimestampClient final : public TimestampClient
{
public:
    explicit HttpTimestampClient(const QString &url, int timeoutSeconds = 15,
                                 qsizetype maxResponseBytes = 1024 * 1024);

    QString url() const { return m_url; }

    /** InvalidInput (not an http:// URL), Timeout or Network. */
    Result<QByteArray> timestamp(const QByteArray &requestDer) override;

private:
    QString m_url;
    int m_timeoutSeconds;
    qsizetype m_maxResponseBytes;
};

} // namespace dms
