// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/DcatCatalog.h"

#include "core/Tr.h"
#include "storage/Sql.h"

#include <QJsonArray>

namespace dms {

namespace {

const QString kAuthority = QStringLiteral("http://publications.europa.eu/resource/authority/");

QJsonObject ref(const QString &iri)
{
    return {{QStringLiteral("@id"), iri}};
}

QJsonObject bulgarian(const QString &text)
{
    return {{QStringLiteral("@value"), text}, {QStringLiteral("@language"), QStringLiteral("bg")}};
}

QJsonObject dateTime(const QDateTime &at)
{
    return {{QStringLiteral("@value"), Sql::toText(at)},
            {QStringLiteral("@type"), QStringLiteral("xsd:dateTime")}};
}

QJsonObject context()
{
    return {{QStringLiteral("dcat"), QStringLiteral("http://www.w3.org/ns/dcat#")},
            {QStringLiteral("dct"), QStringLiteral("http://purl.org/dc/terms/")},
            {QStringLiteral("foaf"), QStringLiteral("http://xmlns.com/foaf/0.1/")},
            {QStringLiteral("vcard"), QStringLiteral("http://www.w3.org/2006/vcard/ns#")},
            {QStringLiteral("xsd"), QStringLiteral("http://www.w3.org/2001/XMLSchema#")}};
}

QJsonObject distribution(const QString &url, const QString &title, const QString &mediaType,
                         const QString &fileType, const MunicipalRegisterDefinition &definition)
{
    return {{QStringLiteral("@id"), url},
            {QStringLiteral("@type"), QStringLiteral("dcat:Distribution")},
            {QStringLiteral("dct:title"), bulgarian(title)},
            {QStringLiteral("dcat:accessURL"), ref(url)},
            {QStringLiteral("dcat:downloadURL"), ref(url)},
            {QStringLiteral("dcat:mediaType"),
             ref(QStringLiteral("https://www.iana.org/assignments/media-types/") + mediaType)},
            {QStringLiteral("dct:format"), ref(kAuthority + QStringLiteral("file-type/") + fileType)},
            {QStringLiteral("dct:license"), ref(definition.license)},
            {QStringLiteral("dct:modified"), dateTime(definition.modifiedAt)}};
}

} // namespace

QJsonObject DcatCatalog::build(const OpenDataPublisher &publisher,
                               const QList<MunicipalRegisterDefinition> &registers)
{
    const OpenDataLinks &links = publisher.links;
    const QString homepage
        = publisher.homepage.isEmpty() ? links.baseUrl + QLatin1Char('/') : publisher.homepage;
    const QJsonObject agent {{QStringLiteral("@id"), homepage},
                             {QStringLiteral("@type"), QStringLiteral("foaf:Agent")},
                             {QStringLiteral("foaf:name"), bulgarian(publisher.name)}};
    QJsonObject contact {{QStringLiteral("@type"), QStringLiteral("vcard:Organization")},
                         {QStringLiteral("vcard:fn"), publisher.name}};
    if (!publisher.contactEmail.isEmpty())
        contact.insert(QStringLiteral("vcard:hasEmail"),
                       ref(QStringLiteral("mailto:") + publisher.contactEmail));
    const QJsonObject language = ref(kAuthority + QStringLiteral("language/BUL"));

    QJsonArray datasets;
    QDateTime modified;
    QDateTime issued;
    for (const MunicipalRegisterDefinition &definition : registers) {
        if (!definition.published)
            continue;
        if (!modified.isValid() || definition.modifiedAt > modified)
            modified = definition.modifiedAt;
        if (!issued.isValid() || definition.createdAt < issued)
            issued = definition.createdAt;
        QJsonObject json
            = distribution(links.json(definition.code), Tr::tr("%1 (JSON)").arg(definition.title),
                           QStringLiteral("application/json"), QStringLiteral("JSON"), definition);
        json.insert(QStringLiteral("dct:conformsTo"), ref(links.schema(definition.code)));
        const QJsonObject csv
            = distribution(links.csv(definition.code), Tr::tr("%1 (CSV)").arg(definition.title),
                           QStringLiteral("text/csv"), QStringLiteral("CSV"), definition);
        datasets.append(QJsonObject {
            {QStringLiteral("@id"), links.dataset(definition.code)},
            {QStringLiteral("@type"), QStringLiteral("dcat:Dataset")},
            {QStringLiteral("dct:identifier"), definition.code},
            {QStringLiteral("dct:title"), bulgarian(definition.title)},
            {QStringLiteral("dct:description"),
             bulgarian(definition.description.isEmpty() ? definition.title : definition.description)},
            {QStringLiteral("dct:publisher"), agent},
            {QStringLiteral("dcat:contactPoint"), contact},
            {QStringLiteral("dct:language"), language},
            {QStringLiteral("dct:issued"), dateTime(definition.createdAt)},
            {QStringLiteral("dct:modified"), dateTime(definition.modifiedAt)},
            {QStringLiteral("dct:accrualPeriodicity"), ref(kAuthority + QStringLiteral("frequency/CONT"))},
            {QStringLiteral("dcat:theme"), ref(kAuthority + QStringLiteral("data-theme/GOVE"))},
            {QStringLiteral("dcat:keyword"), bulgarian(definition.code)},
            {QStringLiteral("dcat:distribution"), QJsonArray {csv, json}}});
    }

    QJsonObject catalog {
        {QStringLiteral("@context"), context()},
        {QStringLiteral("@id"), links.catalog()},
        {QStringLiteral("@type"), QStringLiteral("dcat:Catalog")},
        {QStringLiteral("dct:title"),
         bulgarian(publisher.catalogTitle.isEmpty() ? Tr::tr("%1: open data").arg(publisher.name)
                                                    : publisher.catalogTitle)},
        {QStringLiteral("dct:description"),
         bulgarian(publisher.catalogDescription.isEmpty()
                       ? Tr::tr("Public registers of %1, without personal data.").arg(publisher.name)
                       : publisher.catalogDescription)},
        {QStringLiteral("dct:publisher"), agent},
        {QStringLiteral("foaf:homepage"), ref(homepage)},
        {QStringLiteral("dct:language"), language},
        {QStringLiteral("dct:license"), ref(MunicipalRegisterDefinition::defaultLicense())},
        {QStringLiteral("dcat:dataset"), datasets}};
    if (modified.isValid()) {
        catalog.insert(QStringLiteral("dct:modified"), dateTime(modified));
        catalog.insert(QStringLiteral("dct:issued"), dateTime(issued));
    }
    return catalog;
}

} // namespace dms
