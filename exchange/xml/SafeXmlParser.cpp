// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/xml/SafeXmlParser.h"

#include "core/Tr.h"

#include <libxml/parser.h>

namespace dms::exchange {

namespace {

constexpr const char *s_doctypeRefused = "DOCTYPE refused";
// Set by the SAX hook below, which runs synchronously on the parsing thread.
thread_local bool s_sawDoctype = false;

/** SAX hook at "<!DOCTYPE": stop before any declaration inside it is read. */
void refuseDoctype(void *userData, const xmlChar *, const xmlChar *, const xmlChar *)
{
    s_sawDoctype = true;
    xmlStopParser(static_cast<xmlParserCtxtPtr>(userData));
}

} // namespace

Result<XmlDocPtr> SafeXmlParser::parse(const QByteArray &bytes) const
{
    if (bytes.size() > m_maxBytes)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is larger than allowed."),
                         QStringLiteral("%1 bytes, limit %2").arg(bytes.size()).arg(m_maxBytes));
    if (bytes.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is not well-formed XML."),
                         QStringLiteral("empty input"));

    xmlParserCtxtPtr context = xmlNewParserCtxt();
    if (!context)
        return makeError(ErrorCode::Internal, Tr::tr("The message is not well-formed XML."),
                         QStringLiteral("xmlNewParserCtxt failed"));
    s_sawDoctype = false;
    context->sax->internalSubset = refuseDoctype;
    context->sax->externalSubset = refuseDoctype;
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    // libxml2 caps text nodes at 10 MB unless told otherwise; our own size limit
    // bounds the input, so lift the cap only when that limit is above it.
    if (m_maxBytes > 10 * 1024 * 1024)
        options |= XML_PARSE_HUGE;
    xmlDoc *doc = xmlCtxtReadMemory(context, bytes.constData(), static_cast<int>(bytes.size()), nullptr,
                                    nullptr, options);
    const bool doctype = s_sawDoctype;
    const bool wellFormed = context->wellFormed;
    QString problem;
    if (const xmlError *error = xmlCtxtGetLastError(context); error && error->message)
        problem
            = QStringLiteral("line %1: %2").arg(error->line).arg(QString::fromUtf8(error->message).trimmed());
    xmlFreeParserCtxt(context);
    XmlDocPtr owned(doc);
    if (doctype || (owned && (owned->intSubset || owned->extSubset)))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message carries a document type declaration."),
                         QLatin1String(s_doctypeRefused));
    if (!owned || !wellFormed)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The message is not well-formed XML."), problem);
    return owned;
}

} // namespace dms::exchange
