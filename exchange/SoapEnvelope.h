// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "storage/SplicedContent.h"

#include <QByteArray>

#include <optional>

class QIODevice;

namespace dms::exchange {

/** The SOAP 1.1 framing of the participant endpoint (EGovEndpoint.wsdl): one
 *  doc/literal operation Submit(string request) → string SubmitResult, namespace
 *  http://services.egov.bg/messaging/. The message travels as escaped text. */
class SoapEnvelope
{
public:
    static QByteArray soapAction();

    static QByteArray submitRequest(const QByteArray &message);
    /** submitRequest() written to @p out with the message streamed (escaped on the
     *  fly), for messages whose attachments stay in files. */
    [[nodiscard]] static Status writeSubmitRequest(const SplicedContent &message, QIODevice &out);
    /** The message inside a Submit request; InvalidInput when the envelope is wrong. */
    static Result<QByteArray> parseSubmitRequest(const QByteArray &envelope, qint64 maxBytes);
    /** parseSubmitRequest() streamed: a SAX pass over @p envelope (hardened as
     *  SafeXmlParser, at most @p maxBytes read) writes the unescaped text of
     *  Envelope/Body/Submit/request to @p message. InvalidInput when the envelope is
     *  wrong (also: an element inside request, a second request), Storage when
     *  @p message refuses the bytes. */
    [[nodiscard]] static Status extractSubmitRequest(QIODevice &envelope, QIODevice &message,
                                                     qint64 maxBytes);

    /** A SubmitResponse; an empty message gives an empty SubmitResult ("accepted"). */
    static QByteArray submitResponse(const QByteArray &message);
    /** A SOAP fault; `client` says the request was wrong (do not retry), else the server failed. */
    static QByteArray fault(bool client, const QString &text);

    /** The result of a Submit: nullopt when empty (accepted, status later), else the
     *  reply message. A SOAP fault is SoapFault with "Client"/"Server" first in the detail. */
    static Result<std::optional<QByteArray>> parseSubmitResponse(const QByteArray &envelope, qint64 maxBytes);
};

} // namespace dms::exchange
