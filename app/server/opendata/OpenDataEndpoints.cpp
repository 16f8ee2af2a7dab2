// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/OpenDataEndpoints.h"

#include "core/Tr.h"
#include "opendata/DcatCatalog.h"
#include "opendata/JournalSummary.h"
#include "opendata/MunicipalRegisterExporter.h"
#include "registers/MunicipalRegisterCatalog.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryFile>

namespace dms::server {

namespace {

HttpResponse notFound()
{
    return HttpResponse::error(404, ErrorCode::NotFound, Tr::tr("There is no such resource."));
}

HttpResponse failure(const Error &error)
{
    if (error.code == ErrorCode::NotFound)
        return notFound();
    return HttpResponse::error(500, error.code,
                               Tr::tr("The open data could not be read; please try again later."));
}

/** The headers of every open-data response; `sha256` of the body is its ETag. */
HttpResponse openDataHeaders(const QByteArray &contentType, const QByteArray &sha256)
{
    HttpResponse response;
    response.contentType = contentType;
    response.headers.append({QByteArrayLiteral("ETag"), '"' + sha256.toHex() + '"'});
    response.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=300")});
    response.headers.append({QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*")});
    return response;
}

HttpResponse openData(QByteArray body, const QByteArray &contentType)
{
    HttpResponse response
        = openDataHeaders(contentType, QCryptographicHash::hash(body, QCryptographicHash::Sha256));
    response.body = std::move(body);
    return response;
}

/** A register's entries, exported into a temporary file that the server sends
 *  from disk: memory stays small however large the register is. */
HttpResponse exportedFile(MunicipalRegisterExporter &exporter, const MunicipalRegisterDefinition &definition,
                          bool csv)
{
    auto file
        = std::make_shared<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/delovod-opendata-XXXXXX"));
    if (!file->open())
        return failure(
            makeError(ErrorCode::Storage, Tr::tr("The export could not be written."), file->errorString()));
    const Status written = csv ? exporter.writeCsv(definition, *file) : exporter.writeJson(definition, *file);
    if (!written)
        return failure(written.error());
    QCryptographicHash etag(QCryptographicHash::Sha256);
    if (!file->flush() || !file->seek(0) || !etag.addData(file.get()))
        return failure(
            makeError(ErrorCode::Storage, Tr::tr("The export could not be written."), file->errorString()));
    HttpResponse response = openDataHeaders(csv ? QByteArrayLiteral("text/csv; charset=utf-8; header=present")
                                                : QByteArrayLiteral("application/json"),
                                            etag.result());
    response.bodyFile = std::move(file);
    return response;
}

HttpResponse registerResource(Database &database, const OpenDataLinks &links, const QByteArray &name)
{
    enum class Format { Csv, Json, Schema };
    const QString text = QString::fromLatin1(name);
    Format format;
    QString code;
    if (text.endsWith(QLatin1String(".schema.json"))) {
        format = Format::Schema;
        code = text.chopped(12);
    } else if (text.endsWith(QLatin1String(".json"))) {
        format = Format::Json;
        code = text.chopped(5);
    } else if (text.endsWith(QLatin1String(".csv"))) {
        format = Format::Csv;
        code = text.chopped(4);
    } else {
        return notFound();
    }
    // Codes are [a-z0-9-]: "..", "/", "%2F" and the like can never name a register.
    if (!MunicipalRegisterDefinition::isValidCode(code))
        return notFound();
    MunicipalRegisterExporter exporter(database);
    auto definition = exporter.definition(code);
    if (!definition)
        return failure(definition.error());
    if (format == Format::Schema)
        return openData(
            QJsonDocument(MunicipalRegisterExporter::jsonSchema(*definition, links.schema(code))).toJson(),
            QByteArrayLiteral("application/schema+json"));
    return exportedFile(exporter, *definition, format == Format::Csv);
}

HttpResponse journalResource(Database &database, const QByteArray &name)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{4}-[0-9]{2}-[0-9]{2})\\.json$"));
    const auto match = pattern.match(QString::fromLatin1(name));
    if (!match.hasMatch())
        return notFound();
    const QDate day = QDate::fromString(match.captured(1), Qt::ISODate);
    if (!day.isValid())
        return notFound();
    JournalSummary summaries(database);
    auto summary = summaries.build(day);
    if (!summary)
        return failure(summary.error());
    return openData(QJsonDocument(*summary).toJson(), QByteArrayLiteral("application/json"));
}

} // namespace

OpenDataPublisher OpenDataEndpoints::publisherFrom(const ServerConfig &config, Database &database)
{
    OpenDataPublisher publisher;
    publisher.links.baseUrl = config.opendataBaseUrl.isEmpty()
        ? QStringLiteral("https://%1:%2").arg(config.publicAddress).arg(config.publicPort)
        : config.opendataBaseUrl;
    publisher.name = config.opendataPublisher;
    publisher.homepage = config.opendataHomepage;
    publisher.contactEmail = config.opendataContactEmail;
    publisher.catalogTitle = config.opendataCatalogTitle;
    publisher.catalogDescription = config.opendataCatalogDescription;
    if (publisher.name.isEmpty()) {
        if (auto db = database.connection()) {
            auto name = Sql::scalar(
                *db, QStringLiteral("SELECT name FROM registry ORDER BY created_at, code LIMIT 1"));
            if (name)
                publisher.name = name->toString();
        }
    }
    if (publisher.name.isEmpty())
        publisher.name = Tr::tr("The administration");
    return publisher;
}

void OpenDataEndpoints::install(Router &router, std::shared_ptr<Database> database,
                                const OpenDataPublisher &publisher)
{
    router.add("GET", OpenDataLinks::catalogPath().toLatin1(), [database, publisher](const HttpRequest &) {
        auto db = database->connection();
        if (!db)
            return failure(db.error());
        auto registers = MunicipalRegisterCatalog::loadAll(*db, true);
        if (!registers)
            return failure(registers.error());
        return openData(QJsonDocument(DcatCatalog::build(publisher, *registers)).toJson(),
                        QByteArrayLiteral("application/ld+json"));
    });
    const QByteArray registers = OpenDataLinks::registersPrefix().toLatin1();
    router.addPrefix("GET", registers, [database, publisher, registers](const HttpRequest &request) {
        return registerResource(*database, publisher.links, request.path.mid(registers.size()));
    });
    const QByteArray journal = OpenDataLinks::journalPrefix().toLatin1();
    router.addPrefix("GET", journal, [database, journal](const HttpRequest &request) {
        return journalResource(*database, request.path.mid(journal.size()));
    });
}

} // namespace dms::server
