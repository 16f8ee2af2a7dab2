// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/Tr.h"

#include <QByteArray>
#include <QFile>
#include <QString>

namespace dms::exchange {

/** An HTTP reply as the transport received it. */
struct HttpReply
{
    int status = 0;
    QByteArray body;
};

/** Posts a SOAP envelope to a peer's endpoint over HTTPS with mutual TLS. Network
 *  failures are Network or Timeout; any HTTP reply (200, or 500 with a SOAP fault)
 *  is returned for SoapEnvelope to interpret. The real implementation lives in
 *  exchange/transport/ (dms_exchange_transport); tests inject their own. */
class Transport
{
public:
    virtual ~Transport() = default;
    virtual Result<HttpReply> post(const QString &endpointUri, const QByteArray &soapAction,
                                   const QByteArray &envelope)
        = 0;
    /** post() with the envelope read from a file, for large messages. The default
     *  reads the file into memory; HttpsTransport streams it. */
    virtual Result<HttpReply> postFile(const QString &endpointUri, const QByteArray &soapAction,
                                       const QString &envelopeFile)
    {
        QFile file(envelopeFile);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Storage, Tr::tr("The message cannot be read."), file.errorString());
        return post(endpointUri, soapAction, file.readAll());
    }
};

} // namespace dms::exchange
