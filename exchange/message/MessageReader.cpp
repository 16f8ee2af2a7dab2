// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/MessageReader.h"

#include "core/Tr.h"
#include "exchange/message/Base64Decoder.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/Namespaces.h"
#include "exchange/xml/SafeXmlParser.h"
#include "exchange/xml/SchemaValidator.h"
#include "exchange/xml/XmlTree.h"

#include <QRegularExpression>

#include <cstring>

namespace dms::exchange {

namespace {

Error invalid(const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The exchange message is not acceptable."), detail);
}

QString text(const xmlNode *node, const char *name)
{
    return XmlTree::childText(node, ns::messaging, name);
}

QDate date(const QString &text)
{
    return QDate::fromString(text.left(10), Qt::ISODate);
}

/** xsd:dateTime with any number of fraction digits (ДАЕУ sends seven). */
QDateTime dateTime(const QString &text)
{
    static const QRegularExpression fraction(QStringLiteral("\\.(\\d+)"));
    QString normalized = text.trimmed();
    const QRegularExpressionMatch match = fraction.match(normalized);
    if (match.hasMatch())
        normalized.replace(match.capturedStart(), match.capturedLength(),
                           QLatin1Char('.') + QString(match.captured(1) + QStringLiteral("000")).left(3));
    return QDateTime::fromString(normalized, Qt::ISODateWithMs);
}

Participant participant(const xmlNode *node)
{
    return {text(node, "Identifier"), text(node, "AdministrativeBodyName"), text(node, "GUID")};
}

DocumentId documentId(const xmlNode *node)
{
    DocumentId id;
    id.guid = text(node, "DocumentGUID");
    if (const xmlNode *number = XmlTree::child(node, ns::messaging, "DocumentNumber")) {
        id.kind = DocumentId::Kind::Number;
        id.number = {text(number, "DocNumber"), date(text(number, "DocDate"))};
    } else if (const xmlNode *uri = XmlTree::child(node, ns::messaging, "DocumentURI")) {
        id.kind = DocumentId::Kind::Uri;
        id.uri.registerIndex = XmlTree::childText(uri, ns::documentUri, "RegisterIndex");
        id.uri.sequenceNumber = XmlTree::childText(uri, ns::documentUri, "SequenceNumber");
        id.uri.receiptOrSigningDate = date(XmlTree::childText(uri, ns::documentUri, "ReceiptOrSigningDate"));
    }
    return id;
}

Correspondent correspondent(const xmlNode *node)
{
    Correspondent c;
    c.name = text(node, "CorName");
    c.city = text(node, "CorCity");
    c.address = text(node, "CorAddress");
    c.egn = text(node, "CorEGN");
    c.idCard = text(node, "CorIDCard");
    c.bulstat = text(node, "CorBULSTAT");
    c.email = text(node, "CorEMail");
    c.phone = text(node, "CorPhone");
    c.mobilePhone = text(node, "CorMobilePhone");
    c.mol = text(node, "CorMOL");
    c.comment = text(node, "CorComment");
    const QString kind = text(node, "CorKind");
    c.kind = kind == QLatin1String("Corr_Applicant") ? Correspondent::Kind::Applicant
        : kind == QLatin1String("Corr_Other")        ? Correspondent::Kind::Other
                                                     : Correspondent::Kind::Unspecified;
    return c;
}

Result<Attachment> attachment(const xmlNode *node, const QList<StreamedContent> *streamed, int index)
{
    Attachment a;
    a.fileName = text(node, "AttFileName");
    a.comment = text(node, "AttComment");
    a.mimeType = text(node, "AttMIMEType");
    if (!MessageReader::isSafeFileName(a.fileName))
        return invalid(QStringLiteral("attachment file name with a path component or control character"));
    const xmlNode *body = XmlTree::child(node, ns::messaging, "AttBody");
    if (streamed) {
        // Decoded while streaming; the tree holds the marker (and only it) instead.
        xmlChar *marker = body ? xmlNodeGetContent(body) : nullptr;
        const bool matches = marker && index < streamed->size()
            && streamed->at(index).marker == reinterpret_cast<const char *>(marker);
        xmlFree(marker);
        if (!matches)
            return invalid(QStringLiteral("attachment body out of place"));
        a.contentSize = streamed->at(index).size;
        return a;
    }
    // Decoded straight from the parser's text nodes: no UTF-16 or whitespace-free copy
    // of a large attachment is ever made.
    qsizetype encodedSize = 0;
    for (const xmlNode *t = body ? body->children : nullptr; t; t = t->next)
        encodedSize += t->content ? qsizetype(std::strlen(reinterpret_cast<const char *>(t->content))) : 0;
    a.content.reserve(encodedSize / 4 * 3);
    Base64Decoder decoder([&a](QByteArrayView decoded) {
        a.content.append(decoded);
        return true;
    });
    for (const xmlNode *t = body ? body->children : nullptr; t; t = t->next) {
        if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content
            && !decoder.feed(QByteArrayView(reinterpret_cast<const char *>(t->content))))
            break;
    }
    if (!decoder.finish())
        return invalid(QStringLiteral("attachment body is not valid base64"));
    return a;
}

Result<DocumentRegistrationRequest> registrationRequest(const xmlNode *node, const MessageLimits &limits,
                                                        const QList<StreamedContent> *streamed)
{
    DocumentRegistrationRequest request;
    const xmlNode *document = XmlTree::child(node, ns::messaging, "Document");
    request.comment = text(node, "Comment");
    request.docId = documentId(XmlTree::child(document, ns::messaging, "DocID"));
    if (const xmlNode *parent = XmlTree::child(document, ns::messaging, "DocParentID")) {
        request.hasParent = true;
        request.parentId = documentId(parent);
    }
    request.kind = text(document, "DocKind");
    const xmlNode *correspondents = XmlTree::child(document, ns::messaging, "DocCorrespondentList");
    for (const xmlNode *c : XmlTree::children(correspondents, ns::messaging, "Corespondent"))
        request.correspondents.append(correspondent(c));
    const xmlNode *attachments = XmlTree::child(document, ns::messaging, "DocAttachmentList");
    const auto attachmentNodes = XmlTree::children(attachments, ns::messaging, "Attachment");
    if (attachmentNodes.size() > limits.maxAttachments)
        return invalid(QStringLiteral("%1 attachments, limit %2")
                           .arg(attachmentNodes.size())
                           .arg(limits.maxAttachments));
    if (streamed && streamed->size() != attachmentNodes.size())
        return invalid(QStringLiteral("attachment body out of place"));
    for (const xmlNode *a : attachmentNodes) {
        auto decoded = attachment(a, streamed, int(request.attachments.size()));
        if (!decoded)
            return decoded.error();
        request.attachments.append(std::move(decoded).value());
    }
    request.about = text(document, "DocAbout");
    if (const xmlNode *service = XmlTree::child(document, ns::messaging, "DocService")) {
        request.hasService = true;
        request.service
            = {text(service, "ServiceName"), text(service, "ServiceType"), text(service, "ServiceCode")};
    }
    request.docComment = text(document, "DocComment");
    request.requestedCloseDate = date(text(document, "DocReqDateClose"));
    request.attentionTo = text(document, "DocAttentionTo");
    return request;
}

DocumentStatusResponse statusResponse(const xmlNode *node)
{
    DocumentStatusResponse response;
    response.docId = documentId(XmlTree::child(node, ns::messaging, "DocID"));
    response.status = documentStatusFromName(text(node, "DocRegStatus")).value_or(DocumentStatus::NotFound);
    response.rejectionReason = text(node, "RejectionReason");
    response.expectedCloseDate = date(text(node, "DocExpectCloseDate"));
    return response;
}

ErrorNotice errorNotice(const xmlNode *node)
{
    ErrorNotice notice;
    notice.messageGuid = text(node, "MessageGUID");
    notice.type = text(node, "ErrorType") == QLatin1String("ERR_INTERNAL") ? ErrorNotice::Type::Internal
                                                                           : ErrorNotice::Type::External;
    notice.description = text(node, "ErrorDescription");
    return notice;
}

} // namespace

bool MessageReader::isSafeFileName(const QString &name)
{
    if (name.trimmed().isEmpty() || name == QLatin1String(".") || name == QLatin1String(".."))
        return false;
    for (const QChar c : name) {
        if (c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QLatin1Char(':')
            || c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

Result<ReceivedMessage> MessageReader::read(const QByteArray &bytes) const
{
    auto parsed = SafeXmlParser(m_limits.maxMessageBytes).parse(bytes);
    if (!parsed)
        return parsed.error();
    return readDocument(parsed->get());
}

Result<ReceivedMessage> MessageReader::readDocument(xmlDoc *doc, const QList<StreamedContent> *streamed) const
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!XmlTree::is(root, ns::messaging, "Message"))
        return makeError(ErrorCode::SchemaInvalid, Tr::tr("The message does not match the exchange schema."),
                         QStringLiteral("root element is not Message"));
    DMS_TRY(SchemaValidator::messaging().validate(doc));

    // Anti-wrapping: one Message, one Signature at most, and that one the last child of the root.
    if (XmlTree::countDescendants(root, ns::messaging, "Message") != 1)
        return invalid(QStringLiteral("nested Message element"));
    const int signatures = XmlTree::countDescendants(root, ns::xmldsig, "Signature");
    const QList<xmlNode *> top = XmlTree::elements(root);
    const bool lastIsSignature = !top.isEmpty() && XmlTree::is(top.constLast(), ns::xmldsig, "Signature");
    if (signatures > 1 || (signatures == 1 && !lastIsSignature))
        return invalid(QStringLiteral("Signature element outside its place as last child of Message"));

    ReceivedMessage received;
    received.hasSignature = signatures == 1;
    Message &message = received.message;
    const xmlNode *header = XmlTree::child(root, ns::messaging, "Header");
    message.header.version = text(header, "Version").trimmed();
    if (!message.header.version.startsWith(QLatin1Char('1')))
        return invalid(QStringLiteral("unsupported protocol version"));
    message.header.type = *messageTypeFromName(text(header, "MessageType")); // enumerated by the schema
    message.header.date = dateTime(text(header, "MessageDate"));
    message.header.sender = participant(XmlTree::child(header, ns::messaging, "Sender"));
    message.header.recipient = participant(XmlTree::child(header, ns::messaging, "Recipient"));
    message.header.messageGuid = text(header, "MessageGUID");

    const xmlNode *body = XmlTree::elements(XmlTree::child(root, ns::messaging, "Body")).value(0);
    if (XmlTree::is(body, ns::messaging, "DocumentRegistrationRequest")) {
        auto request = registrationRequest(body, m_limits, streamed);
        if (!request)
            return request.error();
        message.body = std::move(request).value();
    } else if (streamed && !streamed->isEmpty()) {
        return invalid(QStringLiteral("attachment body out of place"));
    } else if (XmlTree::is(body, ns::messaging, "DocumentStatusRequest")) {
        message.body = DocumentStatusRequest {documentId(XmlTree::child(body, ns::messaging, "DocID"))};
    } else if (XmlTree::is(body, ns::messaging, "DocumentStatusResponse")) {
        message.body = statusResponse(body);
    } else {
        message.body = errorNotice(body);
    }
    if (message.bodyType() != message.header.type)
        return invalid(QStringLiteral("MessageType %1 does not match the body")
                           .arg(messageTypeName(message.header.type)));
    return received;
}

} // namespace dms::exchange
