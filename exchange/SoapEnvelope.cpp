// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/SoapEnvelope.h"

#include "core/Tr.h"
#include "exchange/message/Namespaces.h"
#include "exchange/xml/SafeXmlParser.h"
#include "exchange/xml/XmlTree.h"

namespace dms::exchange {

namespace {

QByteArray escaped(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '\r':
            out += "&#13;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

Error badEnvelope(const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The SOAP envelope is not acceptable."), detail);
}

Result<xmlNode *> soapBody(xmlDoc *doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!XmlTree::is(root, ns::soapEnvelope, "Envelope"))
        return badEnvelope(QStringLiteral("no SOAP 1.1 Envelope"));
    xmlNode *body = XmlTree::child(root, ns::soapEnvelope, "Body");
    if (!body)
        return badEnvelope(QStringLiteral("no SOAP Body"));
    return body;
}

} // namespace

QByteArray SoapEnvelope::soapAction()
{
    return QByteArrayLiteral("\"http://services.egov.bg/messaging/IEGovService/Submit\"");
}

QByteArray SoapEnvelope::submitRequest(const QByteArray &message)
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                             "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                             "<Submit xmlns=\"http://services.egov.bg/messaging/\"><request>")
        + escaped(message) + QByteArrayLiteral("</request></Submit></s:Body></s:Envelope>");
}

Result<QByteArray> SoapEnvelope::parseSubmitRequest(const QByteArray &envelope, qint64 maxBytes)
{
    auto doc = SafeXmlParser(maxBytes).parse(envelope);
    if (!doc)
        return doc.error();
    auto body = soapBody(doc->get());
    if (!body)
        return body.error();
    const xmlNode *submit = XmlTree::child(*body, ns::endpoint, "Submit");
    const xmlNode *request = XmlTree::child(submit, ns::endpoint, "request");
    if (!request)
        return badEnvelope(QStringLiteral("no Submit/request"));
    return XmlTree::text(request).toUtf8();
}

QByteArray SoapEnvelope::submitResponse(const QByteArray &message)
{
    return QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                             "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                             "<SubmitResponse xmlns=\"http://services.egov.bg/messaging/\"><SubmitResult>")
        + escaped(message) + QByteArrayLiteral("</SubmitResult></SubmitResponse></s:Body></s:Envelope>");
}

QByteArray SoapEnvelope::fault(bool client, const QString &text)
{
    return QByteArrayLiteral(
               "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
               "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
               "<faultcode>s:")
        + (client ? QByteArrayLiteral("Client") : QByteArrayLiteral("Server"))
        + QByteArrayLiteral("</faultcode><faultstring>") + escaped(text.toUtf8())
        + QByteArrayLiteral("</faultstring></s:Fault></s:Body></s:Envelope>");
}

Result<std::optional<QByteArray>> SoapEnvelope::parseSubmitResponse(const QByteArray &envelope,
                                                                    qint64 maxBytes)
{
    auto doc = SafeXmlParser(maxBytes).parse(envelope);
    if (!doc)
        return doc.error();
    auto body = soapBody(doc->get());
    if (!body)
        return body.error();
    if (const xmlNode *fault = XmlTree::child(*body, ns::soapEnvelope, "Fault")) {
        const QString code = XmlTree::childText(fault, nullptr, "faultcode");
        const QString kind
            = code.endsWith(QLatin1String("Client")) ? QStringLiteral("Client") : QStringLiteral("Server");
        return makeError(ErrorCode::SoapFault, Tr::tr("The peer answered with a SOAP fault."),
                         kind + QStringLiteral(": ") + XmlTree::childText(fault, nullptr, "faultstring"));
    }
    const xmlNode *response = XmlTree::child(*body, ns::endpoint, "SubmitResponse");
    if (!response)
        return badEnvelope(QStringLiteral("no SubmitResponse"));
    const xmlNode *result = XmlTree::child(response, ns::endpoint, "SubmitResult");
    const QString text = XmlTree::text(result).trimmed();
    if (text.isEmpty())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(XmlTree::text(result).toUtf8());
}

} // namespace dms::exchange
