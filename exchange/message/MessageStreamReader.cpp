// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/MessageStreamReader.h"

#include "core/Tr.h"
#include "exchange/message/Base64Decoder.h"
#include "exchange/message/Namespaces.h"
#include "exchange/xml/XmlPointers.h"
#include "exchange/xml/XmlTree.h"
#include "storage/BlobStore.h"

#include <QFile>
#include <QIODevice>
#include <QTemporaryDir>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <optional>

namespace dms::exchange {

namespace {

constexpr qsizetype kCanonicalBuffer = 256 * 1024;

Error invalid(const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The exchange message is not acceptable."), detail);
}

/** The AttBody being streamed: decoded into a blob writer, copied in canonical form. */
struct OpenBody
{
    std::shared_ptr<BlobStore::Writer> writer;
    std::optional<Base64Decoder> decoder;
    QFile canonical;
    QByteArray buffer;
};

/** Everything the SAX hooks share; reached through the parser context's _private. */
struct State
{
    const BlobStore *store = nullptr;
    QIODevice *input = nullptr;
    qint64 maxBytes = 0;
    qint64 readBytes = 0;
    bool tooLarge = false;
    bool readFailed = false;
    bool sawDoctype = false;
    QString refusal;
    std::shared_ptr<QTemporaryDir> dir;
    std::unique_ptr<OpenBody> body;
    QList<StreamedContent> contents;
    QList<SplicedContent::Part> parts;
    QList<std::shared_ptr<BlobStore::Writer>> writers;
};

State &state(void *context)
{
    return *static_cast<State *>(static_cast<xmlParserCtxtPtr>(context)->_private);
}

void refuse(void *context, const QString &reason)
{
    State &s = state(context);
    if (s.refusal.isEmpty())
        s.refusal = reason;
    xmlStopParser(static_cast<xmlParserCtxtPtr>(context));
}

bool isAttBody(const xmlNode *node)
{
    return XmlTree::is(node, ns::messaging, "AttBody")
        && XmlTree::is(node->parent, ns::messaging, "Attachment");
}

bool flushCanonical(OpenBody &body)
{
    const bool ok = body.canonical.write(body.buffer) == body.buffer.size();
    body.buffer.resize(0);
    return ok;
}

/** The canonical (C14N) form of text: the four characters C14N escapes in text nodes. */
void appendCanonical(QByteArray &out, const char *text, int length)
{
    int from = 0;
    for (int i = 0; i < length; ++i) {
        const char *replacement = nullptr;
        switch (text[i]) {
        case '&':
            replacement = "&amp;";
            break;
        case '<':
            replacement = "&lt;";
            break;
        case '>':
            replacement = "&gt;";
            break;
        case '\r':
            replacement = "&#xD;";
            break;
        default:
            continue;
        }
        out.append(text + from, i - from).append(replacement);
        from = i + 1;
    }
    out.append(text + from, length - from);
}

void beginBody(void *context)
{
    State &s = state(context);
    auto writer = s.store->writer();
    if (!writer) {
        refuse(context, writer.error().detail);
        return;
    }
    auto body = std::make_unique<OpenBody>();
    body->writer = std::shared_ptr<BlobStore::Writer>(std::move(writer).value());
    BlobStore::Writer *sink = body->writer.get();
    body->decoder.emplace([sink](QByteArrayView decoded) { return sink->write(decoded).ok(); });
    body->canonical.setFileName(s.dir->filePath(QStringLiteral("text-%1").arg(s.parts.size())));
    if (!body->canonical.open(QIODevice::WriteOnly)) {
        refuse(context, body->canonical.errorString());
        return;
    }
    body->buffer.reserve(kCanonicalBuffer + 64);
    s.body = std::move(body);
}

void endBody(void *context)
{
    State &s = state(context);
    OpenBody &body = *s.body;
    if (!body.decoder->finish()) {
        refuse(context, QStringLiteral("attachment body is not valid base64"));
        return;
    }
    if (!flushCanonical(body) || !body.canonical.flush()) {
        refuse(context, body.canonical.errorString());
        return;
    }
    body.canonical.close();
    const QByteArray marker = SplicedContent::newMarker();
    xmlSAX2Characters(context, reinterpret_cast<const xmlChar *>(marker.constData()), int(marker.size()));
    s.contents.append({marker, body.decoder->decodedSize()});
    s.parts.append({marker, body.canonical.fileName(), SplicedContent::Encoding::Raw});
    s.writers.append(body.writer);
    s.body.reset();
}

void startElement(void *context, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                  int namespaceCount, const xmlChar **namespaces, int attributeCount, int defaulted,
                  const xmlChar **attributes)
{
    if (state(context).body) {
        refuse(context, QStringLiteral("element inside an attachment body"));
        return;
    }
    xmlSAX2StartElementNs(context, localname, prefix, uri, namespaceCount, namespaces, attributeCount,
                          defaulted, attributes);
    if (isAttBody(static_cast<xmlParserCtxtPtr>(context)->node))
        beginBody(context);
}

void endElement(void *context, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    if (state(context).body)
        endBody(context);
    xmlSAX2EndElementNs(context, localname, prefix, uri);
}

void characters(void *context, const xmlChar *text, int length)
{
    State &s = state(context);
    if (!s.body) {
        xmlSAX2Characters(context, text, length);
        return;
    }
    OpenBody &body = *s.body;
    const char *chars = reinterpret_cast<const char *>(text);
    if (!body.decoder->feed(QByteArrayView(chars, length))) {
        refuse(context, QStringLiteral("attachment body is not valid base64"));
        return;
    }
    appendCanonical(body.buffer, chars, length);
    if (body.buffer.size() >= kCanonicalBuffer && !flushCanonical(body))
        refuse(context, body.canonical.errorString());
}

void comment(void *context, const xmlChar *value)
{
    if (state(context).body)
        refuse(context, QStringLiteral("comment inside an attachment body"));
    else
        xmlSAX2Comment(context, value);
}

void processingInstruction(void *context, const xmlChar *target, const xmlChar *data)
{
    if (state(context).body)
        refuse(context, QStringLiteral("processing instruction inside an attachment body"));
    else
        xmlSAX2ProcessingInstruction(context, target, data);
}

/** At "<!DOCTYPE": stop before any declaration inside it is read (as SafeXmlParser). */
void doctype(void *context, const xmlChar *, const xmlChar *, const xmlChar *)
{
    state(context).sawDoctype = true;
    xmlStopParser(static_cast<xmlParserCtxtPtr>(context));
}

int readInput(void *context, char *buffer, int length)
{
    State &s = *static_cast<State *>(context);
    const qint64 n = s.input->read(buffer, length);
    if (n < 0) {
        s.readFailed = true;
        return -1;
    }
    s.readBytes += n;
    if (s.readBytes > s.maxBytes) {
        s.tooLarge = true;
        return -1;
    }
    return int(n);
}

int closeInput(void *)
{
    return 0;
}

struct ContextFree
{
    void operator()(xmlParserCtxtPtr context) const
    {
        if (context->myDoc)
            xmlFreeDoc(context->myDoc);
        xmlFreeParserCtxt(context);
    }
};

} // namespace

Result<StreamedReceipt> MessageStreamReader::read(QIODevice &input) const
{
    State s;
    s.store = &m_store;
    s.input = &input;
    s.maxBytes = m_limits.maxMessageBytes;
    s.dir = m_workDir.isEmpty()
        ? std::make_shared<QTemporaryDir>()
        : std::make_shared<QTemporaryDir>(m_workDir + QStringLiteral("/dms-message-XXXXXX"));
    if (!s.dir->isValid())
        return makeError(ErrorCode::Storage, Tr::tr("The message cannot be received."), s.dir->errorString());
    std::unique_ptr<xmlParserCtxt, ContextFree> context(
        xmlCreateIOParserCtxt(nullptr, nullptr, readInput, closeInput, &s, XML_CHAR_ENCODING_NONE));
    if (!context)
        return makeError(ErrorCode::Internal, Tr::tr("The message is not well-formed XML."),
                         QStringLiteral("xmlCreateIOParserCtxt failed"));
    xmlParserCtxtPtr ctxt = context.get();
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    if (m_limits.maxMessageBytes > 10 * 1024 * 1024)
        options |= XML_PARSE_HUGE; // as SafeXmlParser: the size limit bounds the input
    xmlCtxtUseOptions(ctxt, options);
    ctxt->_private = &s;
    xmlSAXHandler *sax = ctxt->sax;
    sax->internalSubset = doctype;
    sax->externalSubset = doctype;
    sax->startElementNs = startElement;
    sax->endElementNs = endElement;
    sax->characters = characters;
    sax->ignorableWhitespace = characters;
    sax->comment = comment;
    sax->processingInstruction = processingInstruction;
    xmlParseDocument(ctxt);
    XmlDocPtr doc(ctxt->myDoc);
    ctxt->myDoc = nullptr;
    QString problem;
    if (const xmlError *error = xmlCtxtGetLastError(ctxt); error && error->message)
        problem
            = QStringLiteral("line %1: %2").arg(error->line).arg(QString::fromUtf8(error->message).trimmed());
    const bool wellFormed = ctxt->wellFormed;
    context.reset();

    if (s.tooLarge)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is larger than allowed."),
                         QStringLiteral("more than %1 bytes").arg(m_limits.maxMessageBytes));
    if (s.readFailed)
        return makeError(ErrorCode::Storage, Tr::tr("The message cannot be received."), input.errorString());
    if (s.sawDoctype || (doc && (doc->intSubset || doc->extSubset)))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message carries a document type declaration."),
                         QStringLiteral("DOCTYPE refused"));
    if (!s.refusal.isEmpty())
        return invalid(s.refusal);
    if (s.readBytes == 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is not well-formed XML."),
                         QStringLiteral("empty input"));
    if (!doc || !wellFormed || s.body)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is not well-formed XML."), problem);
    if (s.contents.size() > m_limits.maxAttachments)
        return invalid(
            QStringLiteral("%1 attachments, limit %2").arg(s.contents.size()).arg(m_limits.maxAttachments));

    auto received = MessageReader(m_limits).readDocument(doc.get(), &s.contents);
    if (!received)
        return received.error();
    xmlChar *buffer = nullptr;
    int size = 0;
    xmlDocDumpMemoryEnc(doc.get(), &buffer, &size, "utf-8");
    if (!buffer)
        return makeError(ErrorCode::Internal, Tr::tr("The message is not well-formed XML."),
                         QStringLiteral("xmlDocDumpMemoryEnc failed"));
    QByteArray skeleton(reinterpret_cast<const char *>(buffer), size);
    xmlFree(buffer);
    return StreamedReceipt(std::move(received).value(),
                           SplicedContent(std::move(skeleton), std::move(s.parts), std::move(s.dir)),
                           std::move(s.writers), m_store);
}

} // namespace dms::exchange
