// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportCommands.h"

#include "ExitCode.h"
#include "Invocation.h"
#include "core/Tr.h"
#include "opendata/DcatCatalog.h"
#include "opendata/JournalSummary.h"
#include "opendata/MunicipalRegisterExporter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace dms::cli {

namespace {

const QString kFormat = QStringLiteral("format");
const QString kOut = QStringLiteral("out");
const QString kBaseUrl = QStringLiteral("base-url");
const QString kDay = QStringLiteral("day");
const QString kCheck = QStringLiteral("check");

/** The public base URL of the open data: --base-url, else $DELOVOD_OPENDATA_URL,
 *  else the default address of the server's public listener. */
QString baseUrl(Invocation &cli)
{
    QString url = cli.isSet(kBaseUrl) ? cli.value(kBaseUrl) : qEnvironmentVariable("DELOVOD_OPENDATA_URL");
    if (url.isEmpty())
        url = QStringLiteral("https://127.0.0.1:8443");
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return url;
}

/** Writes through a QSaveFile: a failed or cancelled export leaves no partial file. */
template<class Writer>
Status writeFile(const QString &path, Writer &&write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Storage, Tr::tr("The file cannot be written."),
                         path + QStringLiteral(": ") + file.errorString());
    DMS_TRY(write(file));
    if (!file.commit())
        return makeError(ErrorCode::Storage, Tr::tr("The file cannot be written."),
                         path + QStringLiteral(": ") + file.errorString());
    return {};
}

Status writeJson(QIODevice &out, const QJsonObject &object)
{
    const QByteArray json = QJsonDocument(object).toJson();
    if (out.write(json) != json.size())
        return makeError(ErrorCode::Storage, Tr::tr("The file cannot be written."), out.errorString());
    return {};
}

int runExportRegister(Invocation &cli)
{
    const auto out = cli.required(kOut);
    if (!out)
        return ExitUsage;
    const QString format = cli.isSet(kFormat) ? cli.value(kFormat) : QStringLiteral("csv");
    static const QStringList formats {QStringLiteral("csv"), QStringLiteral("json"), QStringLiteral("schema"),
                                      QStringLiteral("dcat")};
    if (!formats.contains(format))
        return cli.usage(Tr::tr("Unknown format '%1' (csv, json, schema or dcat).").arg(format));
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::ManageRegistries); !allowed)
        return cli.fail(allowed.error());

    MunicipalRegisterExporter exporter(cli.database());
    // Administrators may export a register before it is published; personal fields stay out all the same.
    auto definition = exporter.definition(cli.arguments().value(0), true);
    if (!definition)
        return cli.fail(definition.error());
    OpenDataLinks links {baseUrl(cli)};
    const Status written = writeFile(*out, [&](QIODevice &file) -> Status {
        if (format == QLatin1String("csv"))
            return exporter.writeCsv(*definition, file);
        if (format == QLatin1String("json"))
            return exporter.writeJson(*definition, file);
        if (format == QLatin1String("schema"))
            return writeJson(
                file, MunicipalRegisterExporter::jsonSchema(*definition, links.schema(definition->code)));
        OpenDataPublisher publisher;
        publisher.links = links;
        auto registry = cli.registry(QString());
        publisher.name = registry ? registry->name : Tr::tr("The administration");
        MunicipalRegisterDefinition published = *definition;
        published.published = true; // the administrator asked for its catalogue entry
        return writeJson(file, DcatCatalog::build(publisher, {published}));
    });
    if (!written)
        return cli.fail(written.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("register"), definition->code},
                                        {QStringLiteral("format"), format},
                                        {QStringLiteral("file"), *out},
                                        {QStringLiteral("entries"), definition->entryCount}});
    else
        cli.console().line(Tr::tr("Exported the register %1 (%2 entries) as %3 to %4.")
                               .arg(definition->code)
                               .arg(definition->entryCount)
                               .arg(format, *out));
    return ExitOk;
}

int runJournalSummary(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::ReadJournal); !allowed)
        return cli.fail(allowed.error());
    JournalSummary summaries(cli.database());

    if (cli.isSet(kCheck)) {
        QFile file(cli.value(kCheck));
        if (!file.open(QIODevice::ReadOnly))
            return cli.fail(makeError(ErrorCode::NotFound, Tr::tr("The file cannot be read."),
                                      file.fileName() + QStringLiteral(": ") + file.errorString()));
        auto differences = summaries.check(QJsonDocument::fromJson(file.read(1024 * 1024)).object());
        if (!differences)
            return cli.fail(differences.error());
        if (cli.json()) {
            cli.console().json(
                QJsonObject {{QStringLiteral("matches"), differences->isEmpty()},
                             {QStringLiteral("differences"), QJsonArray::fromStringList(*differences)}});
        } else {
            for (const QString &difference : std::as_const(*differences))
                cli.console().line(difference);
            cli.console().line(differences->isEmpty()
                                   ? Tr::tr("The journal still matches the published summary.")
                                   : Tr::tr("The journal no longer matches the published summary."));
        }
        return differences->isEmpty() ? ExitOk : ExitVerificationFailed;
    }

    const auto day = cli.date(kDay);
    if (!day)
        return ExitUsage;
    // Yesterday (UTC) by default: the last day the nightly seal closed.
    const QDate which = day->isValid() ? *day : cli.context().clock.now().toUTC().date().addDays(-1);
    auto summary = summaries.build(which);
    if (!summary)
        return cli.fail(summary.error());
    if (!cli.isSet(kOut)) {
        cli.console().json(*summary);
        return ExitOk;
    }
    const Status written
        = writeFile(cli.value(kOut), [&](QIODevice &file) -> Status { return writeJson(file, *summary); });
    if (!written)
        return cli.fail(written.error());
    cli.console().line(
        Tr::tr("Wrote the journal summary of %1 to %2.").arg(which.toString(Qt::ISODate), cli.value(kOut)));
    return ExitOk;
}

} // namespace

QList<Command> exportCommands()
{
    QList<Command> commands;

    Command exportRegister;
    exportRegister.words = {QStringLiteral("export"), QStringLiteral("register")};
    exportRegister.arguments = QStringLiteral("CODE --format csv|json|schema|dcat --out FILE");
    exportRegister.summary = Tr::tr("export a municipal register as open data");
    exportRegister.description = Tr::tr(
        "Writes the municipal register CODE as open data: csv (RFC 4180, UTF-8, a header row of field "
        "names), "
        "json (the entries, described by the JSON Schema that schema writes) or dcat (its DCAT-AP catalogue "
        "entry as JSON-LD). ЕГН fields and fields that are not public are never exported. The addresses in "
        "the schema and the catalogue start with --base-url (default: $DELOVOD_OPENDATA_URL, else the "
        "server's "
        "default public address). The file is replaced only when the export succeeds. Needs the "
        "administrator role.");
    exportRegister.options = {
        QCommandLineOption(kFormat, Tr::tr("csv (default), json, schema or dcat."), QStringLiteral("FORMAT")),
        QCommandLineOption(kOut, Tr::tr("The file to write."), QStringLiteral("FILE")),
        QCommandLineOption(kBaseUrl, Tr::tr("The public address of the open data."), QStringLiteral("URL"))};
    exportRegister.examples
        = {QStringLiteral("--user admin export register permits --format csv --out permits.csv"),
           QStringLiteral("--user admin export register permits --format dcat --out permits.jsonld "
                          "--base-url https://opendata.sofia.bg")};
    exportRegister.minArguments = exportRegister.maxArguments = 1;
    exportRegister.hasJson = true;
    exportRegister.run = runExportRegister;
    commands << exportRegister;

    Command summary;
    summary.words = {QStringLiteral("export"), QStringLiteral("journal-summary")};
    summary.arguments = QStringLiteral("[--day DATE] [--out FILE] | --check FILE");
    summary.summary = Tr::tr("export or check the sealed journal summary of a day");
    summary.description = Tr::tr(
        "Writes the published summary of a sealed day of the audit journal (default: yesterday, UTC): the "
        "number "
        "of entries per kind, the day's seal hash and the chain head, without personal data; the server "
        "publishes the same at /opendata/journal/DATE.json. With --check, compares a summary published "
        "earlier "
        "with the journal now and exits with 3 when anything of that day was altered since. Needs the "
        "auditor "
        "or administrator role.");
    summary.options
        = {QCommandLineOption(kDay, Tr::tr("The day (yyyy-MM-dd or dd.MM.yyyy)."), QStringLiteral("DATE")),
           QCommandLineOption(kOut, Tr::tr("The file to write; standard output without it."),
                              QStringLiteral("FILE")),
           QCommandLineOption(kCheck, Tr::tr("A summary published earlier, to check against the journal."),
                              QStringLiteral("FILE"))};
    summary.examples
        = {QStringLiteral("--user auditor export journal-summary --day 2026-12-03 --out 2026-12-03.json"),
           QStringLiteral("--user auditor export journal-summary --check 2026-12-03.json")};
    summary.hasJson = true;
    summary.run = runJournalSummary;
    commands << summary;

    return commands;
}

} // namespace dms::cli
