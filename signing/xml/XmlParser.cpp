// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/xml/XmlParser.h"

#include "core/Tr.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

namespace dms {

namespace {

struct ParserCtxtFree
{
    void operator()(xmlParserCtxt *ctxt) const { xmlFreeParserCtxt(ctxt); }
};

// Set by refuseDoctype() during this thread's parse (the context's user fields are reset by libxml2).
thread_local bool t_sawDoctype = false;

/** SAX internalSubset hook: a DOCTYPE stops the parser before any declaration is read. */
void refuseDoctype(void *context, const xmlChar *, const xmlChar *, const xmlChar *)
{
    t_sawDoctype = true;
    xmlStopParser(static_cast<xmlParserCtxt *>(context));
}

Error invalid(const QString &message, const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, message, detail);
}

} // namespace

Result<XmlParser::DocPtr> XmlParser::parse(const QByteArray &xml, qsizetype maxBytes)
{
    if (xml.size() > maxBytes)
        return invalid(Tr::tr("The XML document is too large."),
                       QStringLiteral("%1 bytes, limit %2").arg(xml.size()).arg(maxBytes));
    if (xml.size() > INT_MAX)
        return invalid(Tr::tr("The XML document is too large."), QStringLiteral("over INT_MAX"));
    std::unique_ptr<xmlParserCtxt, ParserCtxtFree> ctxt(xmlNewParserCtxt());
    if (!ctxt || !ctxt->sax)
        return makeError(ErrorCode::Internal, Tr::tr("The XML parser could not be created."),
                         QStringLiteral("xmlNewParserCtxt"));
    t_sawDoctype = false;
    ctxt->sax->internalSubset = refuseDoctype;
    // No NOENT (entities stay references), no DTDLOAD/DTDATTR, no XInclude, no HUGE.
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    DocPtr doc(xmlCtxtReadMemory(ctxt.get(), xml.constData(), static_cast<int>(xml.size()), nullptr, nullptr,
                                 options));
    if (t_sawDoctype)
        return invalid(Tr::tr("The XML document has a document type declaration (DTD), which is not "
                              "accepted."),
                       QStringLiteral("DOCTYPE refused"));
    if (!doc || !ctxt->wellFormed) {
        const xmlError *error = xmlCtxtGetLastError(ctxt.get());
        return invalid(Tr::tr("The XML document is malformed."),
                       error && error->message ? QStringLiteral("line %1: %2")
                                                     .arg(error->line)
                                                     .arg(QString::fromUtf8(error->message).trimmed())
                                               : QStringLiteral("not well-formed"));
    }
    if (doc->intSubset || doc->extSubset || !xmlDocGetRootElement(doc.get()))
        return invalid(Tr::tr("The XML document is malformed."), QStringLiteral("DTD or no root element"));
    return doc;
}

QString XmlParser::text(const xmlChar *text)
{
    return text ? QString::fromUtf8(reinterpret_cast<const char *>(text)) : QString();
}

QString XmlParser::content(const xmlNode *node)
{
    xmlChar *raw = xmlNodeGetContent(node);
    QString result = text(raw);
    xmlFree(raw);
    return result;
}

QString XmlParser::attribute(const xmlNode *node, const char *name)
{
    xmlChar *raw = xmlGetNoNsProp(node, reinterpret_cast<const xmlChar *>(name));
    if (!raw)
        return {};
    QString result = text(raw);
    xmlFree(raw);
    return result;
}

bool XmlParser::isElement(const xmlNode *node, const char *ns, const char *localName)
{
    return node && node->type == XML_ELEMENT_NODE && node->ns && node->ns->href
        && xmlStrcmp(node->ns->href, reinterpret_cast<const xmlChar *>(ns)) == 0
        && xmlStrcmp(node->name, reinterpret_cast<const xmlChar *>(localName)) == 0;
}

xmlNode *XmlParser::firstElement(xmlNode *parent)
{
    for (xmlNode *node = parent ? parent->children : nullptr; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE)
            return node;
    return nullptr;
}

xmlNode *XmlParser::nextElement(xmlNode *node)
{
    for (xmlNode *next = node ? node->next : nullptr; next; next = next->next)
        if (next->type == XML_ELEMENT_NODE)
            return next;
    return nullptr;
}

xmlNode *XmlParser::child(xmlNode *parent, const char *ns, const char *localName)
{
    for (xmlNode *node = firstElement(parent); node; node = nextElement(node))
        if (isElement(node, ns, localName))
            return node;
    return nullptr;
}

QList<xmlNode *> XmlParser::elementsWithId(xmlDoc *doc, const QString &id)
{
    QList<xmlNode *> found;
    xmlNode *node = xmlDocGetRootElement(doc);
    while (node) {
        if (node->type == XML_ELEMENT_NODE) {
            for (const char *name : {"Id", "ID", "id"}) {
                if (attribute(node, name) == id) {
                    found.append(node);
                    break;
                }
            }
        }
        // Depth-first, document order, without recursion (deep documents must not blow the stack).
        if (node->children && node->type == XML_ELEMENT_NODE) {
            node = node->children;
            continue;
        }
        while (node && !node->next && node->parent && node->parent->type == XML_ELEMENT_NODE)
            node = node->parent;
        node = node ? node->next : nullptr;
    }
    return found;
}

} // namespace dms
