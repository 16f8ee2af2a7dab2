// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/xml/SchemaValidator.h"

#include "core/Tr.h"
#include "exchange/xml/XmlPointers.h"

#include <QFile>
#include <QHash>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <mutex>

namespace dms::exchange {

namespace {

// Imports are resolved against this base, so each schemaLocation of the wrapper
// and every nested import arrives at the entity loader as "dms-schema:/<file>".
constexpr const char *s_scheme = "dms-schema:/";

QByteArray schemaResource(const QString &fileName)
{
    QFile file(QStringLiteral(":/dms/exchange/schema/") + fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

xmlExternalEntityLoader s_previousLoader = nullptr;

/** Serves the compiled-in schemas and refuses everything else while compiling. */
xmlParserInputPtr resourceLoader(const char *url, const char *, xmlParserCtxtPtr context)
{
    const QByteArray text(url ? url : "");
    if (!text.startsWith(s_scheme))
        return nullptr; // no network, no files: only our own schemas
    const QString fileName = QString::fromUtf8(text.mid(int(qstrlen(s_scheme))));
    static QHash<QString, QByteArray> cache; // guarded by the compile mutex
    auto it = cache.find(fileName);
    if (it == cache.end())
        it = cache.insert(fileName, schemaResource(fileName));
    if (it->isEmpty())
        return nullptr;
    xmlParserInputBufferPtr buffer
        = xmlParserInputBufferCreateMem(it->constData(), int(it->size()), XML_CHAR_ENCODING_NONE);
    if (!buffer)
        return nullptr;
    xmlParserInputPtr input = xmlNewIOInputStream(context, buffer, XML_CHAR_ENCODING_NONE);
    if (!input) {
        xmlFreeParserInputBuffer(buffer);
        return nullptr;
    }
    input->filename = reinterpret_cast<const char *>(xmlCharStrdup(url));
    return input;
}

QString lastErrorText()
{
    const xmlError *error = xmlGetLastError();
    if (!error || !error->message)
        return QStringLiteral("unknown schema error");
    return QStringLiteral("line %1: %2").arg(error->line).arg(QString::fromUtf8(error->message).trimmed());
}

void silent(void *, const char *, ...) { }

} // namespace

struct SchemaValidator::Compiled
{
    xmlSchemaPtr schema = nullptr;
    QString problem;
};

SchemaValidator::SchemaValidator()
    : m_compiled(new Compiled)
{
    static std::mutex compileMutex;
    std::lock_guard lock(compileMutex);
    const QByteArray wrapper = schemaResource(QStringLiteral("validation-wrapper.xsd"));
    const QByteArray base = QByteArray(s_scheme) + "validation-wrapper.xsd";
    XmlDocPtr wrapperDoc(xmlReadMemory(wrapper.constData(), int(wrapper.size()), base.constData(), nullptr,
                                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!wrapperDoc) {
        m_compiled->problem = QStringLiteral("validation-wrapper.xsd missing or malformed");
        return;
    }
    // The loader is process-wide in libxml2: install ours only while compiling.
    s_previousLoader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(resourceLoader);
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewDocParserCtxt(wrapperDoc.get());
    xmlSchemaSetParserErrors(parser, silent, silent, nullptr);
    m_compiled->schema = xmlSchemaParse(parser);
    if (!m_compiled->schema)
        m_compiled->problem = lastErrorText();
    xmlSchemaFreeParserCtxt(parser);
    xmlSetExternalEntityLoader(s_previousLoader);
}

SchemaValidator::~SchemaValidator()
{
    if (m_compiled->schema)
        xmlSchemaFree(m_compiled->schema);
    delete m_compiled;
}

const SchemaValidator &SchemaValidator::messaging()
{
    static const SchemaValidator validator;
    return validator;
}

Status SchemaValidator::status() const
{
    if (!m_compiled->schema)
        return makeError(ErrorCode::Internal, Tr::tr("The exchange schemas could not be loaded."),
                         m_compiled->problem);
    return {};
}

Status SchemaValidator::validate(xmlDoc *doc) const
{
    DMS_TRY(status());
    xmlSchemaValidCtxtPtr context = xmlSchemaNewValidCtxt(m_compiled->schema);
    if (!context)
        return makeError(ErrorCode::Internal, Tr::tr("The exchange schemas could not be loaded."),
                         QStringLiteral("xmlSchemaNewValidCtxt failed"));
    QString problem;
    xmlSchemaSetValidStructuredErrors(
        context,
        [](void *data, xmlErrorPtr error) {
            auto *text = static_cast<QString *>(data);
            if (text->isEmpty() && error && error->message)
                *text = QStringLiteral("line %1: %2")
                            .arg(error->line)
                            .arg(QString::fromUtf8(error->message).trimmed());
        },
        &problem);
    const int result = xmlSchemaValidateDoc(context, doc);
    xmlSchemaFreeValidCtxt(context);
    if (result != 0)
        return makeError(ErrorCode::SchemaInvalid, Tr::tr("The message does not match the exchange schema."),
                         problem.isEmpty() ? QStringLiteral("validation failed (%1)").arg(result) : problem);
    return {};
}

} // namespace dms::exchange
