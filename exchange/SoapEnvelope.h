// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

#include <optional>

namespace dms::exchange {

/** The SOAP 1.1 framing of the participant endpoint (EGovEndpoint.wsdl): one
 *  doc/literal operation Submit(string request) → string SubmitResult, namespace
 *  http://services.egov.bg/messaging/. The message travels as escaped text. */
class SoapEnvelope
{
public:
    static QByteArray soapAction();

    static QByteArray submitRequest(const QByteArray &message);
    /** The message inside a Submit request; InvalidInput when the envelope is wrong. */
    static Result<QByteArray> parseSubmitRequest(const QByteArray &envelope, qint64 maxBytes);

    /** A SubmitResponse; an empty message gives an empty SubmitResult ("accepted"). */
    static QByteArray submitResponse(const QByteArray &message);
    /** A SOAP fault; `client` says the request was wrong (do not retry), else the server failed. */
    static QByteArray fault(bool client, const QString &text);

    /** The result of a Submit: nullopt when empty (accepted, status later), else the
     *  reply message. A SOAP fault is SoapFault with "Client"/"Server" first in the detail. */
    static Result<std::optional<QByteArray>> parseSubmitResponse(const QByteArray &envelope, qint64 maxBytes);
};

} // namespace dms::exchange
