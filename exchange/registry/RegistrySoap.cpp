// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/registry/RegistrySoap.h"

#include "core/Tr.h"
#include "exchange/CertificateSerial.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/xml/SafeXmlParser.h"

#include <QHash>
#include <QRegularExpression>
#include <QUrl>

#include <cstring>
#include <libxml/tree.h>

namespace dms::exchange {

namespace {

constexpr const char *s_soapNs = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr const char *s_xsiNs = "http://www.w3.org/2001/XMLSchema-instance";
constexpr int s_maxHrefHops = 4;
constexpr int s_maxNameLength = 120;

Error invalid(const QString &detail)
{
    return makeError(ErrorCode::InvalidInput,
                     Tr::tr("The participant registry answered with an invalid reply."), detail);
}

QString xmlText(const xmlChar *text)
{
    return text ? QString::fromUtf8(reinterpret_cast<const char *>(text)) : QString();
}

bool localNameIs(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE
        && std::strcmp(reinterpret_cast<const char *>(node->name), name) == 0;
}

bool inNamespace(const xmlNode *node, const char *ns)
{
    return node && node->ns && node->ns->href
        && std::strcmp(reinterpret_cast<const char *>(node->ns->href), ns) == 0;
}

xmlNode *firstElement(const xmlNode *node)
{
    for (xmlNode *child = node ? node->children : nullptr; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE)
            return child;
    }
    return nullptr;
}

QList<xmlNode *> elements(const xmlNode *node)
{
    QList<xmlNode *> out;
    for (xmlNode *child = node ? node->children : nullptr; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE)
            out.append(child);
    }
    return out;
}

QString attribute(const xmlNode *node, const char *name, const char *ns = nullptr)
{
    xmlChar *value = ns
        ? xmlGetNsProp(node, reinterpret_cast<const xmlChar *>(name), reinterpret_cast<const xmlChar *>(ns))
        : xmlGetNoNsProp(node, reinterpret_cast<const xmlChar *>(name));
    const QString out = xmlText(value);
    xmlFree(value);
    return out;
}

/** Multi-reference values of SOAP encoding: elements with id="…" anywhere in the Body. */
class References
{
public:
    explicit References(xmlNode *body) { collect(body); }

    /** The element itself, or the one its href="#id" points to (a few hops at most). */
    xmlNode *resolve(xmlNode *node) const
    {
        for (int hop = 0; node && hop < s_maxHrefHops; ++hop) {
            const QString href = attribute(node, "href");
            if (href.isEmpty())
                return node;
            if (!href.startsWith(QLatin1Char('#')))
                return nullptr;
            node = m_ids.value(href.mid(1));
        }
        return node && attribute(node, "href").isEmpty() ? node : nullptr;
    }

private:
    void collect(xmlNode *node)
    {
        for (xmlNode *child = node ? node->children : nullptr; child; child = child->next) {
            if (child->type != XML_ELEMENT_NODE)
                continue;
            const QString id = attribute(child, "id");
            if (!id.isEmpty())
                m_ids.insert(id, child); // a duplicate id: the first one counts
            collect(child);
        }
    }

    QHash<QString, xmlNode *> m_ids;
};

/** The field of a struct by its local name (rpc/encoded members are usually unqualified). */
xmlNode *field(const References &refs, const xmlNode *node, const char *name)
{
    for (xmlNode *child = node ? node->children : nullptr; child; child = child->next) {
        if (localNameIs(child, name))
            return refs.resolve(child);
    }
    return nullptr;
}

QString fieldText(const References &refs, const xmlNode *node, const char *name)
{
    const xmlNode *value = field(refs, node, name);
    if (!value || attribute(value, "nil", s_xsiNs) == QLatin1String("true"))
        return {};
    xmlChar *content = xmlNodeGetContent(value);
    const QString out = xmlText(content).trimmed();
    xmlFree(content);
    return out;
}

/** xsd:dateTime with any number of fraction digits. */
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

bool isActive(const QString &status)
{
    return status.compare(QLatin1String("Active"), Qt::CaseInsensitive) == 0;
}

/** One Entity; an empty optional-like result (guid empty) with @p why set when unusable. */
ParticipantRecord entity(const References &refs, const xmlNode *node, QString &why)
{
    static const QRegularExpression eik(QStringLiteral("^([0-9]{9}|[0-9]{10}|[0-9]{13})$"));
    ParticipantRecord r;
    const QString rawGuid = fieldText(refs, node, "Guid");
    r.guid = ExchangeGuid::normalized(rawGuid);
    r.identifier = fieldText(refs, node, "EntityIdentifier");
    r.name = fieldText(refs, node, "AdministrativeBodyName");
    r.certificateSerialHex = CertificateSerial::normalizedHex(fieldText(refs, node, "CertificateSN"));
    r.lastChange = dateTime(fieldText(refs, node, "LastChange"));
    bool serviceActive = false;
    bool serviceFound = false;
    const xmlNode *services = field(refs, node, "Services");
    for (xmlNode *item : elements(services)) {
        const xmlNode *service = refs.resolve(item);
        if (!service)
            continue;
        if (!ExchangeGuid::equal(fieldText(refs, service, "Guid"), RegistrySoap::exchangeServiceGuid()))
            continue;
        serviceFound = true;
        r.endpointUri = fieldText(refs, service, "URI");
        serviceActive = isActive(fieldText(refs, service, "Status"));
        break;
    }
    r.active = isActive(fieldText(refs, node, "Status")) && serviceActive;
    const QString who = rawGuid.isEmpty() ? QStringLiteral("entity without Guid") : rawGuid.left(40);
    if (r.guid.isEmpty())
        why = who + QStringLiteral(": Guid");
    else if (!eik.match(r.identifier).hasMatch())
        why = who + QStringLiteral(": EntityIdentifier");
    else if (r.name.isEmpty() || r.name.size() > s_maxNameLength)
        why = who + QStringLiteral(": AdministrativeBodyName");
    else if (r.certificateSerialHex.isEmpty())
        why = who + QStringLiteral(": CertificateSN");
    else if (!serviceFound)
        why = who + QStringLiteral(": no exchange service");
    else {
        const QUrl url(r.endpointUri, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
            why = who + QStringLiteral(": service URI");
    }
    return r;
}

QString operationName(RegistryOperation operation)
{
    switch (operation) {
    case RegistryOperation::GetAllRecords:
        return QStringLiteral("GetAllRecords");
    case RegistryOperation::GetNewRecords:
        return QStringLiteral("GetNewRecords");
    case RegistryOperation::GetByEntityIdentifier:
        return QStringLiteral("GetByEntityIdentifier");
    case RegistryOperation::GetByGuid:
        return QStringLiteral("GetByGuid");
    case RegistryOperation::GetByCertificateSN:
        return QStringLiteral("GetByCertificateSN");
    }
    return {};
}

/** The part name and xsi:type of each operation's one parameter (EGovRegistry.wsdl). */
QString parameter(RegistryOperation operation, const QString &argument)
{
    QString name;
    QString type = QStringLiteral("xsd:string");
    switch (operation) {
    case RegistryOperation::GetAllRecords:
        return {};
    case RegistryOperation::GetNewRecords:
        name = QStringLiteral("date");
        type = QStringLiteral("xsd:dateTime");
        break;
    case RegistryOperation::GetByEntityIdentifier:
        name = QStringLiteral("EntityIdentifier");
        break;
    case RegistryOperation::GetByGuid:
        name = QStringLiteral("guid");
        break;
    case RegistryOperation::GetByCertificateSN:
        name = QStringLiteral("CertificateSN");
        break;
    }
    return QStringLiteral("<%1 xsi:type=\"%2\">%3</%1>").arg(name, type, argument.toHtmlEscaped());
}

} // namespace

QString RegistrySoap::exchangeServiceGuid()
{
    return QStringLiteral("7060efa8-f1fa-4938-8b2b-12a78c86988f");
}

QByteArray RegistrySoap::soapAction(RegistryOperation operation)
{
    return QStringLiteral("\"uri:egovmsg/%1\"").arg(operationName(operation)).toUtf8();
}

QByteArray RegistrySoap::request(RegistryOperation operation, const QString &argument)
{
    const QString name = operationName(operation);
    return (QStringLiteral(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
                "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:eg=\"uri:egovmsg\">"
                "<soapenv:Body><eg:%1 soapenv:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">")
                .arg(name)
            + parameter(operation, argument)
            + QStringLiteral("</eg:%1></soapenv:Body></soapenv:Envelope>").arg(name))
        .toUtf8();
}

Result<RegistryDirectory> RegistrySoap::parseResponse(const QByteArray &envelope, qint64 maxBytes)
{
    auto parsed = SafeXmlParser(maxBytes).parse(envelope);
    if (!parsed)
        return invalid(parsed.error().detail.isEmpty() ? parsed.error().message : parsed.error().detail);
    const xmlNode *root = xmlDocGetRootElement(parsed->get());
    if (!localNameIs(root, "Envelope") || !inNamespace(root, s_soapNs))
        return invalid(QStringLiteral("not a SOAP 1.1 envelope"));
    xmlNode *body = nullptr;
    for (xmlNode *child : elements(root)) {
        if (localNameIs(child, "Body") && inNamespace(child, s_soapNs))
            body = child;
    }
    if (!body)
        return invalid(QStringLiteral("no SOAP Body"));
    const References refs(body);
    xmlNode *response = firstElement(body);
    if (localNameIs(response, "Fault") && inNamespace(response, s_soapNs))
        return makeError(ErrorCode::SoapFault, Tr::tr("The participant registry reported an error."),
                         fieldText(refs, response, "faultcode") + QStringLiteral(": ")
                             + fieldText(refs, response, "faultstring").left(500));
    if (!response)
        return invalid(QStringLiteral("empty SOAP Body"));
    const xmlNode *directory = refs.resolve(firstElement(response));
    if (!directory)
        return invalid(QStringLiteral("no EGovMessageDir in the response"));
    const xmlNode *entities = field(refs, directory, "Entities");
    if (!entities && !field(refs, directory, "LastChange"))
        return invalid(QStringLiteral("the response is not an EGovMessageDir"));
    RegistryDirectory out;
    out.lastChange = dateTime(fieldText(refs, directory, "LastChange"));
    for (xmlNode *item : elements(entities)) {
        const xmlNode *node = refs.resolve(item);
        if (!node)
            return invalid(QStringLiteral("an array item refers to nothing"));
        QString why;
        ParticipantRecord record = entity(refs, node, why);
        if (why.isEmpty())
            out.records.append(std::move(record));
        else
            out.skipped.append(why);
    }
    return out;
}

} // namespace dms::exchange
