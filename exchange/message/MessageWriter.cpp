// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/MessageWriter.h"

#include "core/Tr.h"
#include "exchange/message/Namespaces.h"
#include "exchange/xml/SchemaValidator.h"
#include "exchange/xml/XmlPointers.h"
#include "exchange/xml/XmlTree.h"

#include <QFileInfo>

#include <libxml/parser.h>

namespace dms::exchange {

namespace {

const xmlChar *xml(const char *text)
{
    return reinterpret_cast<const xmlChar *>(text);
}

QString isoDate(const QDate &date)
{
    return date.isValid() ? date.toString(Qt::ISODate) : QString();
}

class Builder
{
public:
    Builder(xmlNs *ns, QList<SplicedContent::Part> &parts)
        : m_ns(ns)
        , m_parts(parts)
    { }

    void participant(xmlNode *parent, const char *name, const Participant &p)
    {
        xmlNode *node = XmlTree::addElement(parent, m_ns, name);
        XmlTree::addText(node, m_ns, "Identifier", p.identifier);
        XmlTree::addText(node, m_ns, "AdministrativeBodyName", p.name);
        XmlTree::addText(node, m_ns, "GUID", p.guid);
    }

    void documentId(xmlNode *parent, const char *name, const DocumentId &id)
    {
        xmlNode *node = XmlTree::addElement(parent, m_ns, name);
        if (id.kind == DocumentId::Kind::Number) {
            xmlNode *number = XmlTree::addElement(node, m_ns, "DocumentNumber");
            XmlTree::addText(number, m_ns, "DocNumber", id.number.number);
            XmlTree::addText(number, m_ns, "DocDate", isoDate(id.number.date));
        } else if (id.kind == DocumentId::Kind::Uri) {
            xmlNode *uri = XmlTree::addElement(node, m_ns, "DocumentURI");
            xmlNs *segment = xmlNewNs(uri, xml(ns::documentUri), xml("duri"));
            XmlTree::addOptional(uri, segment, "RegisterIndex", id.uri.registerIndex);
            XmlTree::addOptional(uri, segment, "SequenceNumber", id.uri.sequenceNumber);
            XmlTree::addOptional(uri, segment, "ReceiptOrSigningDate", isoDate(id.uri.receiptOrSigningDate));
        }
        XmlTree::addText(node, m_ns, "DocumentGUID", id.guid);
    }

    void correspondent(xmlNode *parent, const Correspondent &c)
    {
        xmlNode *node = XmlTree::addElement(parent, m_ns, "Corespondent"); // one "r", as in the schema
        XmlTree::addText(node, m_ns, "CorName", c.name);
        XmlTree::addText(node, m_ns, "CorCity", c.city);
        XmlTree::addOptional(node, m_ns, "CorAddress", c.address);
        XmlTree::addOptional(node, m_ns, "CorEGN", c.egn);
        XmlTree::addOptional(node, m_ns, "CorIDCard", c.idCard);
        XmlTree::addOptional(node, m_ns, "CorBULSTAT", c.bulstat);
        XmlTree::addOptional(node, m_ns, "CorEMail", c.email);
        XmlTree::addOptional(node, m_ns, "CorPhone", c.phone);
        XmlTree::addOptional(node, m_ns, "CorMobilePhone", c.mobilePhone);
        XmlTree::addOptional(node, m_ns, "CorMOL", c.mol);
        XmlTree::addOptional(node, m_ns, "CorComment", c.comment);
        if (c.kind != Correspondent::Kind::Unspecified)
            XmlTree::addText(node, m_ns, "CorKind",
                             c.kind == Correspondent::Kind::Applicant ? QStringLiteral("Corr_Applicant")
                                                                      : QStringLiteral("Corr_Other"));
    }

    void registrationRequest(xmlNode *body, const DocumentRegistrationRequest &r)
    {
        xmlNode *request = XmlTree::addElement(body, m_ns, "DocumentRegistrationRequest");
        xmlNode *document = XmlTree::addElement(request, m_ns, "Document");
        documentId(document, "DocID", r.docId);
        if (r.hasParent)
            documentId(document, "DocParentID", r.parentId);
        XmlTree::addText(document, m_ns, "DocKind", r.kind);
        if (!r.correspondents.isEmpty()) {
            xmlNode *list = XmlTree::addElement(document, m_ns, "DocCorrespondentList");
            for (const Correspondent &c : r.correspondents)
                correspondent(list, c);
        }
        if (!r.attachments.isEmpty()) {
            xmlNode *list = XmlTree::addElement(document, m_ns, "DocAttachmentList");
            for (const Attachment &a : r.attachments) {
                xmlNode *node = XmlTree::addElement(list, m_ns, "Attachment");
                XmlTree::addText(node, m_ns, "AttFileName", a.fileName);
                QByteArray base64;
                if (a.contentFile.isEmpty()) {
                    base64 = a.content.toBase64();
                } else {
                    // A stand-in that is valid base64, so the tree still validates.
                    base64 = SplicedContent::newMarker();
                    m_parts.append({base64, a.contentFile, SplicedContent::Encoding::Base64});
                }
                xmlNewTextChild(node, m_ns, xml("AttBody"), xml(base64.constData()));
                XmlTree::addOptional(node, m_ns, "AttComment", a.comment);
                XmlTree::addText(node, m_ns, "AttMIMEType", a.mimeType);
            }
        }
        XmlTree::addOptional(document, m_ns, "DocAbout", r.about);
        if (r.hasService) {
            xmlNode *service = XmlTree::addElement(document, m_ns, "DocService");
            XmlTree::addText(service, m_ns, "ServiceName", r.service.name);
            XmlTree::addText(service, m_ns, "ServiceType", r.service.type);
            XmlTree::addText(service, m_ns, "ServiceCode", r.service.code);
        }
        XmlTree::addOptional(document, m_ns, "DocComment", r.docComment);
        XmlTree::addOptional(document, m_ns, "DocReqDateClose", isoDate(r.requestedCloseDate));
        XmlTree::addOptional(document, m_ns, "DocAttentionTo", r.attentionTo);
        // Never Document/ds:Signature: ДАЕУ verifies the first Signature element it finds.
        XmlTree::addText(request, m_ns, "Comment", r.comment);
    }

    void statusResponse(xmlNode *body, const DocumentStatusResponse &r)
    {
        xmlNode *response = XmlTree::addElement(body, m_ns, "DocumentStatusResponse");
        documentId(response, "DocID", r.docId);
        XmlTree::addText(response, m_ns, "DocRegStatus", documentStatusName(r.status));
        XmlTree::addOptional(response, m_ns, "RejectionReason", r.rejectionReason);
        XmlTree::addOptional(response, m_ns, "DocExpectCloseDate", isoDate(r.expectedCloseDate));
    }

    void errorNotice(xmlNode *body, const ErrorNotice &e)
    {
        xmlNode *error = XmlTree::addElement(body, m_ns, "Error");
        XmlTree::addOptional(error, m_ns, "MessageGUID", e.messageGuid);
        XmlTree::addText(error, m_ns, "ErrorType",
                         e.type == ErrorNotice::Type::Internal ? QStringLiteral("ERR_INTERNAL")
                                                               : QStringLiteral("ERR_EXTERNAL"));
        XmlTree::addText(error, m_ns, "ErrorDescription", e.description);
    }

private:
    xmlNs *m_ns;
    QList<SplicedContent::Part> &m_parts;
};

} // namespace

Result<QByteArray> MessageWriter::write(const Message &message)
{
    auto spliced = writeSpliced(message);
    if (!spliced)
        return spliced.error();
    return spliced->isSpliced() ? spliced->toByteArray() : Result<QByteArray>(spliced->skeleton());
}

Result<SplicedContent> MessageWriter::writeSpliced(const Message &message)
{
    QList<SplicedContent::Part> parts;
    XmlDocPtr doc(xmlNewDoc(xml("1.0")));
    xmlNode *root = xmlNewDocNode(doc.get(), nullptr, xml("Message"), nullptr);
    xmlDocSetRootElement(doc.get(), root);
    xmlNs *messaging = xmlNewNs(root, xml(ns::messaging), nullptr);
    xmlSetNs(root, messaging);
    Builder builder(messaging, parts);

    const MessageHeader &h = message.header;
    xmlNode *header = XmlTree::addElement(root, messaging, "Header");
    XmlTree::addText(header, messaging, "Version", h.version);
    XmlTree::addText(header, messaging, "MessageType", messageTypeName(message.bodyType()));
    XmlTree::addText(header, messaging, "MessageDate", h.date.toUTC().toString(Qt::ISODateWithMs));
    builder.participant(header, "Sender", h.sender);
    builder.participant(header, "Recipient", h.recipient);
    XmlTree::addText(header, messaging, "MessageGUID", h.messageGuid);

    xmlNode *body = XmlTree::addElement(root, messaging, "Body");
    if (const auto *request = std::get_if<DocumentRegistrationRequest>(&message.body))
        builder.registrationRequest(body, *request);
    else if (const auto *statusRequest = std::get_if<DocumentStatusRequest>(&message.body))
        builder.documentId(XmlTree::addElement(body, messaging, "DocumentStatusRequest"), "DocID",
                           statusRequest->docId);
    else if (const auto *response = std::get_if<DocumentStatusResponse>(&message.body))
        builder.statusResponse(body, *response);
    else
        builder.errorNotice(body, std::get<ErrorNotice>(message.body));

    DMS_TRY(SchemaValidator::messaging().validate(doc.get()));
    xmlChar *buffer = nullptr;
    int size = 0;
    xmlDocDumpMemoryEnc(doc.get(), &buffer, &size, "utf-8");
    if (!buffer)
        return makeError(ErrorCode::Internal, Tr::tr("The exchange message could not be written."),
                         QStringLiteral("xmlDocDumpMemoryEnc failed"));
    QByteArray bytes(reinterpret_cast<const char *>(buffer), size);
    xmlFree(buffer);
    for (const SplicedContent::Part &part : std::as_const(parts)) {
        if (!QFileInfo(part.path).isReadable())
            return makeError(ErrorCode::InvalidInput, Tr::tr("An attachment file cannot be read."),
                             part.path);
    }
    return SplicedContent(std::move(bytes), std::move(parts));
}

} // namespace dms::exchange
