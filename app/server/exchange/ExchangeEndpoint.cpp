// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExchangeEndpoint.h"

#include "exchange/ExchangeService.h"
#include "exchange/SoapEnvelope.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

namespace dms::server {

namespace {

HttpResponse soap(int status, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.contentType = QByteArrayLiteral("text/xml; charset=utf-8");
    response.body = body;
    return response;
}

/** A Submit spooled to a file: the message is unescaped into a second file next to
 *  it (the same disk) and handled streamed. */
exchange::SubmitOutcome receiveSpooled(exchange::ExchangeService &service, const HttpRequest &request)
{
    using exchange::SubmitOutcome;
    QFile envelope(request.bodyFile);
    QTemporaryFile message(QFileInfo(request.bodyFile).dir().filePath(QStringLiteral("message-XXXXXX")));
    if (!envelope.open(QIODevice::ReadOnly) || !message.open())
        return {SubmitOutcome::Kind::ServerFault,
                {},
                QStringLiteral("cannot open the spooled request: ") + envelope.errorString()
                    + QLatin1Char(' ') + message.errorString()};
    const Status extracted
        = exchange::SoapEnvelope::extractSubmitRequest(envelope, message, request.bodySize);
    if (!extracted)
        return {extracted.error().code == ErrorCode::Storage ? SubmitOutcome::Kind::ServerFault
                                                             : SubmitOutcome::Kind::ClientFault,
                {},
                extracted.error().toString()};
    if (!message.flush())
        return {SubmitOutcome::Kind::ServerFault, {}, message.errorString()};
    envelope.close();
    return service.receiveFile(message.fileName());
}

} // namespace

void ExchangeEndpoint::install(Router &router, exchange::ExchangeService &service, const QByteArray &path)
{
    using exchange::SoapEnvelope;
    using exchange::SubmitOutcome;
    router.add(QByteArrayLiteral("POST"), path, [&service](const HttpRequest &request) {
        SubmitOutcome outcome;
        if (!request.bodyFile.isEmpty()) {
            outcome = receiveSpooled(service, request);
        } else {
            auto message = SoapEnvelope::parseSubmitRequest(request.body, request.body.size());
            if (!message)
                return soap(500, SoapEnvelope::fault(true, message.error().toString()));
            outcome = service.receive(*message);
        }
        switch (outcome.kind) {
        case SubmitOutcome::Kind::Reply:
            return soap(200, SoapEnvelope::submitResponse(outcome.reply));
        case SubmitOutcome::Kind::ClientFault:
            return soap(500, SoapEnvelope::fault(true, outcome.faultText));
        case SubmitOutcome::Kind::ServerFault:
            break;
        }
        return soap(500, SoapEnvelope::fault(false, outcome.faultText));
    });
}

} // namespace dms::server
