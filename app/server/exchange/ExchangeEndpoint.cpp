// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExchangeEndpoint.h"

#include "exchange/ExchangeService.h"
#include "exchange/SoapEnvelope.h"

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

} // namespace

void ExchangeEndpoint::install(Router &router, exchange::ExchangeService &service, const QByteArray &path)
{
    using exchange::SoapEnvelope;
    using exchange::SubmitOutcome;
    router.add(QByteArrayLiteral("POST"), path, [&service](const HttpRequest &request) {
        auto message = SoapEnvelope::parseSubmitRequest(request.body, request.body.size());
        if (!message)
            return soap(500, SoapEnvelope::fault(true, message.error().toString()));
        const SubmitOutcome outcome = service.receive(*message);
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
