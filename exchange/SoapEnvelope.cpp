// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/SoapEnvelope.h"

#include "core/Tr.h"
#include "exchange/message/Namespaces.h"
#include "exchange/xml/SafeXmlParser.h"
#include "exchange/xml/XmlTree.h"

#include <QIODevice>

#include <libxml/parser.h>

namespace dms::exchange {

namespace {

void appendEscaped(QByteArray &out, QByteArrayView text)
{
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
}

QByteArray escaped(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() + text.size() / 8);
    appendEscaped(out, text);
    return out;
}

const QByteArray s_submitHead
    = QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                        "<Submit xmlns=\"http://services.egov.bg/messaging/\"><request>");
const QByteArray s_submitTail = QByteArrayLiteral("</request></Submit></s:Body></s:Envelope>");

/** What the SAX hooks of extractSubmitRequest() share. */
struct SubmitScan
{
    xmlParserCtxtPtr context = nullptr;
    QIODevice *input = nullptr;
    QIODevice *output = nullptr;
    qint64 maxBytes = 0;
    qint64 readBytes = 0;
    bool tooLarge = false;
    bool sawDoctype = false;
    bool outputFailed = false;
    QString refusal;
    int depth = 0;
    // The depth at which each of Envelope, Body, Submit, request was entered; the
    // path must be exactly that (SOAP headers are allowed beside Body, nothing in request).
    int matched = 0;
    bool inRequest = false;
    bool sawRequest = false;
    QByteArray buffer;
};

void stopScan(SubmitScan &scan, const QString &reason)
{
    if (scan.refusal.isEmpty())
        scan.refusal = reason;
    xmlStopParser(scan.context);
}

bool isName(const xmlChar *local, const xmlChar *uri, const char *ns, const char *name)
{
    return uri && xmlStrEqual(uri, reinterpret_cast<const xmlChar *>(ns))
        && xmlStrEqual(local, reinterpret_cast<const xmlChar *>(name));
}

void scanStart(void *user, const xmlChar *local, const xmlChar *, const xmlChar *uri, int, const xmlChar **,
               int, int, const xmlChar **)
{
    auto &scan = *static_cast<SubmitScan *>(user);
    ++scan.depth;
    if (scan.inRequest) {
        stopScan(scan, QStringLiteral("element inside Submit/request"));
        return;
    }
    static const struct
    {
        const char *ns;
        const char *name;
    } path[] = {{ns::soapEnvelope, "Envelope"},
                {ns::soapEnvelope, "Body"},
                {ns::endpoint, "Submit"},
                {ns::endpoint, "request"}};
    if (scan.depth == 1 && !isName(local, uri, ns::soapEnvelope, "Envelope")) {
        stopScan(scan, QStringLiteral("no SOAP 1.1 Envelope"));
        return;
    }
    if (scan.matched == scan.depth - 1 && scan.matched < 4
        && isName(local, uri, path[scan.matched].ns, path[scan.matched].name)) {
        ++scan.matched;
        if (scan.matched == 4) {
            if (scan.sawRequest) {
                stopScan(scan, QStringLiteral("more than one Submit/request"));
                return;
            }
            scan.inRequest = scan.sawRequest = true;
        }
    }
}

bool flushScan(SubmitScan &scan)
{
    if (!scan.buffer.isEmpty() && scan.output->write(scan.buffer) != scan.buffer.size())
        scan.outputFailed = true;
    scan.buffer.resize(0);
    return !scan.outputFailed;
}

void scanEnd(void *user, const xmlChar *, const xmlChar *, const xmlChar *)
{
    auto &scan = *static_cast<SubmitScan *>(user);
    if (scan.matched == scan.depth) {
        --scan.matched;
        scan.inRequest = false;
    }
    --scan.depth;
}

void scanCharacters(void *user, const xmlChar *text, int length)
{
    auto &scan = *static_cast<SubmitScan *>(user);
    if (!scan.inRequest)
        return;
    scan.buffer.append(reinterpret_cast<const char *>(text), length);
    if (scan.buffer.size() >= 256 * 1024 && !flushScan(scan))
        stopScan(scan, QStringLiteral("the message cannot be stored"));
}

void scanDoctype(void *user, const xmlChar *, const xmlChar *, const xmlChar *)
{
    auto &scan = *static_cast<SubmitScan *>(user);
    scan.sawDoctype = true;
    xmlStopParser(scan.context);
}

int scanRead(void *user, char *buffer, int length)
{
    auto &scan = *static_cast<SubmitScan *>(user);
    const qint64 n = scan.input->read(buffer, length);
    if (n < 0)
        return -1;
    scan.readBytes += n;
    if (scan.readBytes > scan.maxBytes) {
        scan.tooLarge = true;
        return -1;
    }
    return int(n);
}

int scanClose(void *)
{
    return 0;
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
    return s_submitHead + escaped(message) + s_submitTail;
}

Status SoapEnvelope::writeSubmitRequest(const SplicedContent &message, QIODevice &out)
{
    const auto put = [&out](QByteArrayView bytes) {
        return out.write(bytes.constData(), bytes.size()) == bytes.size();
    };
    const Error failed
        = makeError(ErrorCode::Storage, Tr::tr("The message cannot be written."), out.errorString());
    if (!put(s_submitHead))
        return failed;
    QByteArray piece;
    DMS_TRY(message.write([&](QByteArrayView bytes) {
        piece.resize(0);
        appendEscaped(piece, bytes);
        return put(piece);
    }));
    if (!put(s_submitTail))
        return failed;
    return {};
}

Status SoapEnvelope::extractSubmitRequest(QIODevice &envelope, QIODevice &message, qint64 maxBytes)
{
    SubmitScan scan;
    scan.input = &envelope;
    scan.output = &message;
    scan.maxBytes = maxBytes;
    xmlSAXHandler handler {};
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = scanStart;
    handler.endElementNs = scanEnd;
    handler.characters = scanCharacters;
    handler.ignorableWhitespace = scanCharacters;
    handler.cdataBlock = scanCharacters;
    handler.internalSubset = scanDoctype;
    handler.externalSubset = scanDoctype;
    xmlParserCtxtPtr context
        = xmlCreateIOParserCtxt(&handler, &scan, scanRead, scanClose, &scan, XML_CHAR_ENCODING_NONE);
    if (!context)
        return makeError(ErrorCode::Internal, Tr::tr("The SOAP envelope is not acceptable."),
                         QStringLiteral("xmlCreateIOParserCtxt failed"));
    scan.context = context;
    // No DOM is built, so no text node limit applies; the read count bounds the input.
    xmlCtxtUseOptions(context, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    xmlParseDocument(context);
    const bool wellFormed = context->wellFormed;
    QString problem;
    if (const xmlError *error = xmlCtxtGetLastError(context); error && error->message)
        problem
            = QStringLiteral("line %1: %2").arg(error->line).arg(QString::fromUtf8(error->message).trimmed());
    if (context->myDoc)
        xmlFreeDoc(context->myDoc);
    xmlFreeParserCtxt(context);
    if (scan.tooLarge)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is larger than allowed."),
                         QStringLiteral("more than %1 bytes").arg(maxBytes));
    if (scan.sawDoctype)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message carries a document type declaration."),
                         QStringLiteral("DOCTYPE refused"));
    if (!scan.refusal.isEmpty())
        return badEnvelope(scan.refusal);
    if (scan.readBytes == 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is not well-formed XML."),
                         QStringLiteral("empty input"));
    if (!wellFormed)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is not well-formed XML."), problem);
    if (!scan.sawRequest)
        return badEnvelope(QStringLiteral("no Submit/request"));
    if (!flushScan(scan))
        return makeError(ErrorCode::Storage, Tr::tr("The message cannot be received."),
                         message.errorString());
    return {};
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
