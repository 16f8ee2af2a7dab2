// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchange/Transport.h"

namespace dms::exchange {

/** The TLS material of our side of the exchange. The transport certificate is the
 *  TLS client certificate; the peer's server certificate must verify against caFile. */
struct HttpsTransportSettings
{
    QString certificateFile; ///< PEM, our transport certificate
    QString keyFile; ///< PEM, its private key
    QString caFile; ///< PEM, the CA(s) of the peers' certificates
    /** Each step (resolve, connect, handshake, the reply) and each piece of the
     *  request: a big upload that keeps moving is never cut off, a stalled one is. */
    int timeoutMs = 30'000;
    qint64 maxReplyBytes = 64 * 1024 * 1024;
};

/** Posts Submit envelopes over HTTPS/1.1 with mutual TLS (TLS 1.2+), one connection
 *  per call; every step and every piece of the upload is bounded in time. Connection, TLS and timeout
 * failures are Network / Timeout; any HTTP reply is returned. Thread-safe (no shared state). */
class HttpsTransport final : public Transport
{
public:
    explicit HttpsTransport(HttpsTransportSettings settings);
    Result<HttpReply> post(const QString &endpointUri, const QByteArray &soapAction,
                           const QByteArray &envelope) override;
    Result<HttpReply> postFile(const QString &endpointUri, const QByteArray &soapAction,
                               const QString &envelopeFile) override;

private:
    HttpsTransportSettings m_settings;
};

} // namespace dms::exchange
