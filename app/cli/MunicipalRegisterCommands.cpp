// SPDX-License-Identifier: GPL-3.0-or-later
#include "MunicipalRegisterCommands.h"

#include "ExitCode.h"
#include "Invocation.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "opendata/MunicipalRegisterImporter.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "registers/MunicipalRegisterService.h"
#include "services/CaseService.h"
#include "services/RegistrationService.h"
#include "storage/Transaction.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace dms::cli {

namespace {

const QString kSet = QStringLiteral("set");
const QString kDocument = QStringLiteral("document");
const QString kCase = QStringLiteral("case");
const QString kVersion = QStringLiteral("expect-version"); // --version is the program's
const QString kAfter = QStringLiteral("after");
const QString kLimit = QStringLiteral("limit");

/** A definition is small; a CSV file may be large (MunicipalRegisterImporter's limit). */
constexpr qint64 kMaxDefinitionBytes = 4 * 1024 * 1024;

/** The bytes of FILE, or of standard input for "-"; at most maxBytes. */
Result<QByteArray> readInput(const QString &path, qint64 maxBytes)
{
    QFile file;
    bool opened = false;
    if (path == QLatin1String("-")) {
        opened = file.open(stdin, QIODevice::ReadOnly);
    } else {
        file.setFileName(path);
        opened = file.open(QIODevice::ReadOnly);
    }
    if (!opened)
        return makeError(ErrorCode::NotFound, Tr::tr("The file cannot be read."),
                         path + QStringLiteral(": ") + file.errorString());
    // A file's size is known; standard input is read in blocks, so nothing large is allocated up front.
    const auto tooLarge = [&] {
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file is too large (at most %1 MiB).").arg(maxBytes / (1024 * 1024)),
                         path);
    };
    if (!file.isSequential() && file.size() > maxBytes)
        return tooLarge();
    QByteArray data;
    while (!file.atEnd() || file.isSequential()) {
        const QByteArray block = file.read(64 * 1024);
        if (block.isEmpty())
            break;
        data += block;
        if (data.size() > maxBytes)
            return tooLarge();
    }
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Storage, Tr::tr("The file cannot be read."),
                         path + QStringLiteral(": ") + file.errorString());
    return data;
}

/** The definition in FILE: a JSON object as MunicipalRegisterDefinition::fromJson reads it. */
Result<MunicipalRegisterDefinition> readDefinition(const QString &path)
{
    auto data = readInput(path, kMaxDefinitionBytes);
    if (!data)
        return data.error();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = data->left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = before.size() - (before.lastIndexOf('\n') + 1) + 1;
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("The register definition is not valid JSON (line %1, column %2).").arg(line).arg(column),
            parseError.errorString());
    }
    if (!document.isObject())
        return makeError(ErrorCode::InvalidInput, Tr::tr("A register definition is a JSON object."));
    return MunicipalRegisterDefinition::fromJson(document.object());
}

/** The --set NAME=VALUE options as a JSON object of texts (the service parses them). */
std::optional<QJsonObject> setValues(Invocation &cli)
{
    QJsonObject values;
    for (const QString &assignment : cli.values(kSet)) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        const QString name = assignment.left(equals).trimmed();
        if (equals <= 0 || name.isEmpty()) {
            cli.usage(Tr::tr("--set takes NAME=VALUE, e.g. issued_on=2026-12-04."));
            return std::nullopt;
        }
        if (values.contains(name)) {
            cli.usage(Tr::tr("The field \"%1\" is set twice.").arg(name));
            return std::nullopt;
        }
        values.insert(name, assignment.mid(equals + 1));
    }
    return values;
}

/** An entry number given as an argument; nullopt (after a usage error) when malformed. */
std::optional<qint64> entryNumber(Invocation &cli, const QString &text)
{
    bool ok = false;
    const qint64 number = text.trimmed().toLongLong(&ok);
    if (!ok || number < 1) {
        cli.usage(Tr::tr("An entry is given by its number: 1, 2, …"));
        return std::nullopt;
    }
    return number;
}

struct LinkTarget
{
    MunicipalRegisterLink::Kind kind;
    QString id;
};

/** The --document and --case options as ids: a document by its registration index,
 *  a case file by the index of its base registration (ids are accepted too). */
Result<QList<LinkTarget>> linkTargets(Invocation &cli, const Session &session)
{
    QList<LinkTarget> targets;
    RegistrationService registrations(cli.context());
    for (const QString &text : cli.values(kDocument)) {
        if (Ids::isValid(text)) {
            targets.append({MunicipalRegisterLink::Kind::Document, text});
            continue;
        }
        auto registration = registrations.findByIndex(text.trimmed());
        if (!registration)
            return registration.error();
        targets.append({MunicipalRegisterLink::Kind::Document, registration->documentId});
    }
    CaseService cases(cli.context());
    for (const QString &text : cli.values(kCase)) {
        if (Ids::isValid(text)) {
            targets.append({MunicipalRegisterLink::Kind::CaseFile, text});
            continue;
        }
        auto caseFile = cases.findByIndex(session, text.trimmed());
        if (!caseFile)
            return caseFile.error();
        targets.append({MunicipalRegisterLink::Kind::CaseFile, caseFile->id});
    }
    return targets;
}

QJsonObject entryJson(const MunicipalRegisterEntry &entry)
{
    QJsonArray links;
    for (const MunicipalRegisterLink &link : entry.links)
        links.append(
            QJsonObject {{QStringLiteral("kind"),
                          link.kind == MunicipalRegisterLink::Kind::Document ? QStringLiteral("document")
                                                                             : QStringLiteral("case")},
                         {QStringLiteral("id"), link.targetId}});
    return {{QStringLiteral("register"), entry.registerCode},
            {QStringLiteral("number"), entry.number},
            {QStringLiteral("version"), entry.version},
            {QStringLiteral("values"), entry.values},
            {QStringLiteral("createdAt"), entry.createdAt.toString(Qt::ISODate)},
            {QStringLiteral("modifiedAt"), entry.modifiedAt.toString(Qt::ISODate)},
            {QStringLiteral("links"), links}};
}

/** Runs `change` and the links of --document/--case as one transaction, then prints the entry. */
template<class Change>
int changeEntry(Invocation &cli, const Session &session, Change &&change)
{
    auto targets = linkTargets(cli, session);
    if (!targets)
        return cli.fail(targets.error());
    MunicipalRegisterEntryService entries(cli.context());
    auto tx = Transaction::begin(cli.database());
    if (!tx)
        return cli.fail(tx.error());
    Result<MunicipalRegisterEntry> entry = change(entries);
    if (!entry)
        return cli.fail(entry.error());
    for (const LinkTarget &target : std::as_const(*targets)) {
        if (auto linked = entries.link(session, entry->registerCode, entry->number, target.kind, target.id);
            !linked)
            return cli.fail(linked.error());
    }
    if (auto committed = tx->commit(); !committed)
        return cli.fail(committed.error());
    if (!targets->isEmpty()) {
        auto reread = entries.get(session, entry->registerCode, entry->number);
        if (!reread)
            return cli.fail(reread.error());
        entry = reread;
    }
    if (cli.json())
        cli.console().json(entryJson(*entry));
    else
        cli.console().line(Tr::tr("Entry %1 of the register %2 (version %3).")
                               .arg(entry->number)
                               .arg(entry->registerCode)
                               .arg(entry->version));
    return ExitOk;
}

int runDefine(Invocation &cli)
{
    auto definition = readDefinition(cli.arguments().constFirst());
    if (!definition)
        return cli.fail(definition.error());
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    MunicipalRegisterService registers(cli.context());
    const bool update = cli.command().words.last() == QLatin1String("update");
    auto stored = update ? registers.update(*session, *definition) : registers.define(*session, *definition);
    if (!stored)
        return cli.fail(stored.error());
    if (cli.json())
        cli.console().json(stored->toJson());
    else
        cli.console().line((update ? Tr::tr("The register %1 \"%2\" is changed.")
                                   : Tr::tr("The register %1 \"%2\" is defined."))
                               .arg(stored->code, stored->title));
    return ExitOk;
}

int runList(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    auto all = MunicipalRegisterService(cli.context()).list(*session);
    if (!all)
        return cli.fail(all.error());
    if (cli.json()) {
        QJsonArray array;
        for (const MunicipalRegisterDefinition &definition : std::as_const(*all)) {
            QJsonObject object = definition.toJson();
            object.insert(QStringLiteral("entries"), definition.entryCount);
            object.insert(QStringLiteral("modifiedAt"), definition.modifiedAt.toString(Qt::ISODate));
            array.append(object);
        }
        cli.console().json(QJsonObject {{QStringLiteral("registers"), array}});
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const MunicipalRegisterDefinition &definition : std::as_const(*all))
        rows.append({definition.code, QString::number(definition.fields.size()),
                     QString::number(definition.entryCount),
                     definition.published ? Tr::tr("yes") : Tr::tr("no"), definition.title});
    cli.console().table(
        {Tr::tr("Code"), Tr::tr("Fields"), Tr::tr("Entries"), Tr::tr("Published"), Tr::tr("Title")}, rows);
    return ExitOk;
}

int runShow(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    auto definition = MunicipalRegisterService(cli.context()).find(*session, cli.arguments().constFirst());
    if (!definition)
        return cli.fail(definition.error());
    // Exactly what define and update read, so show → edit → update round-trips.
    cli.console().json(definition->toJson());
    return ExitOk;
}

int runEntryAdd(Invocation &cli)
{
    const auto values = setValues(cli);
    if (!values)
        return ExitUsage;
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    const QString code = cli.arguments().constFirst();
    return changeEntry(cli, *session, [&](MunicipalRegisterEntryService &entries) {
        return entries.add(*session, code, *values);
    });
}

int runEntryUpdate(Invocation &cli)
{
    const auto values = setValues(cli);
    if (!values)
        return ExitUsage;
    const auto number = entryNumber(cli, cli.arguments().at(1));
    if (!number)
        return ExitUsage;
    const auto version = cli.integer(kVersion, 0, 1, std::numeric_limits<int>::max());
    if (!version)
        return ExitUsage;
    if (values->isEmpty() && cli.values(kDocument).isEmpty() && cli.values(kCase).isEmpty())
        return cli.usage(Tr::tr("Give what to change: --set NAME=VALUE, --document INDEX or --case INDEX."));
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    const QString code = cli.arguments().constFirst();
    return changeEntry(cli, *session,
                       [&](MunicipalRegisterEntryService &entries) -> Result<MunicipalRegisterEntry> {
                           int expected = *version;
                           // Without --version the change applies to the entry as it is now.
                           if (expected == 0) {
                               auto current = entries.get(*session, code, *number);
                               if (!current)
                                   return current.error();
                               expected = current->version;
                           }
                           return entries.update(*session, code, *number, *values, expected);
                       });
}

int runEntryList(Invocation &cli)
{
    const auto after = cli.integer(kAfter, 0, 0, std::numeric_limits<int>::max());
    const auto limit = cli.integer(kLimit, MunicipalRegisterEntryService::kMaxListLimit, 1,
                                   MunicipalRegisterEntryService::kMaxListLimit);
    if (!after || !limit)
        return ExitUsage;
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    const QString code = cli.arguments().constFirst();
    auto definition = MunicipalRegisterService(cli.context()).find(*session, code);
    if (!definition)
        return cli.fail(definition.error());
    auto entries = MunicipalRegisterEntryService(cli.context()).list(*session, code, *after, *limit);
    if (!entries)
        return cli.fail(entries.error());
    if (cli.json()) {
        QJsonArray array;
        for (const MunicipalRegisterEntry &entry : std::as_const(*entries))
            array.append(entryJson(entry));
        cli.console().json(
            QJsonObject {{QStringLiteral("register"), definition->code}, {QStringLiteral("entries"), array}});
        return ExitOk;
    }
    QStringList header {Tr::tr("Number"), Tr::tr("Version")};
    for (const MunicipalRegisterField &field : std::as_const(definition->fields))
        header << field.name;
    QList<QStringList> rows;
    for (const MunicipalRegisterEntry &entry : std::as_const(*entries)) {
        QStringList row {QString::number(entry.number), QString::number(entry.version)};
        for (const MunicipalRegisterField &field : std::as_const(definition->fields))
            row << MunicipalRegisterField::valueText(entry.values.value(field.name)).simplified();
        rows.append(row);
    }
    cli.console().table(header, rows);
    return ExitOk;
}

int runEntryHistory(Invocation &cli)
{
    const auto number = entryNumber(cli, cli.arguments().at(1));
    if (!number)
        return ExitUsage;
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    auto changes = MunicipalRegisterEntryService(cli.context())
                       .history(*session, cli.arguments().constFirst(), *number);
    if (!changes)
        return cli.fail(changes.error());
    if (cli.json()) {
        QJsonArray array;
        for (const MunicipalRegisterChange &change : std::as_const(*changes))
            array.append(QJsonObject {{QStringLiteral("version"), change.version},
                                      {QStringLiteral("at"), change.at.toString(Qt::ISODate)},
                                      {QStringLiteral("user"), change.actorLogin},
                                      {QStringLiteral("field"), change.field},
                                      {QStringLiteral("old"), change.oldValue},
                                      {QStringLiteral("new"), change.newValue}});
        cli.console().json(QJsonObject {{QStringLiteral("changes"), array}});
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const MunicipalRegisterChange &change : std::as_const(*changes))
        rows.append({QString::number(change.version), change.at.toString(Qt::ISODate), change.actorLogin,
                     change.field, MunicipalRegisterField::valueText(change.oldValue).simplified(),
                     MunicipalRegisterField::valueText(change.newValue).simplified()});
    cli.console().table({Tr::tr("Version"), Tr::tr("At (UTC)"), Tr::tr("User"), Tr::tr("Field"),
                         Tr::tr("Old"), Tr::tr("New")},
                        rows);
    return ExitOk;
}

int runEntryImport(Invocation &cli)
{
    auto data = readInput(cli.arguments().at(1), MunicipalRegisterImporter::kMaxBytes);
    if (!data)
        return cli.fail(data.error());
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    auto imported
        = MunicipalRegisterImporter(cli.context()).importCsv(*session, cli.arguments().constFirst(), *data);
    if (!imported)
        return cli.fail(imported.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("register"), cli.arguments().constFirst()},
                                        {QStringLiteral("imported"), imported->count},
                                        {QStringLiteral("firstNumber"), imported->firstNumber},
                                        {QStringLiteral("lastNumber"), imported->lastNumber}});
    else if (imported->count == 0)
        cli.console().line(Tr::tr("The file has no entries; nothing was added."));
    else
        cli.console().line(Tr::tr("Imported %1 entries into the register %2 (numbers %3 to %4).")
                               .arg(imported->count)
                               .arg(cli.arguments().constFirst())
                               .arg(imported->firstNumber)
                               .arg(imported->lastNumber));
    return ExitOk;
}

QList<QCommandLineOption> entryOptions()
{
    return {QCommandLineOption(kSet, Tr::tr("A field's value (repeatable); an empty VALUE clears it."),
                               QStringLiteral("NAME=VALUE")),
            QCommandLineOption(kDocument,
                               Tr::tr("Link the entry to the document registered under this index "
                                      "(repeatable)."),
                               QStringLiteral("INDEX")),
            QCommandLineOption(kCase,
                               Tr::tr("Link the entry to the case file opened under this index "
                                      "(repeatable)."),
                               QStringLiteral("INDEX"))};
}

} // namespace

QList<Command> municipalRegisterCommands()
{
    const QString group = QStringLiteral("municipal-register");
    const QString entry = QStringLiteral("entry");
    QList<Command> commands;

    Command define;
    define.words = {group, QStringLiteral("define")};
    define.arguments = QStringLiteral("FILE");
    define.summary = Tr::tr("define a municipal register from a JSON file");
    define.description = Tr::tr(
        "Creates a municipal register (a register of permits, of shops …) from its definition in FILE, or "
        "from "
        "standard input for -: {\"code\", \"title\", \"description\", \"license\", \"published\", "
        "\"fields\": "
        "[{\"name\", \"label\", \"type\", \"required\", \"public\", \"values\"}]}. Field types: text, "
        "integer, "
        "decimal, date, boolean, egn, eik and enum (with its \"values\"). ЕГН fields are never public and "
        "never exported. Needs the administrator role.");
    define.examples = {QStringLiteral("--user admin municipal-register define permits.json")};
    define.minArguments = define.maxArguments = 1;
    define.hasJson = true;
    define.run = runDefine;
    commands << define;

    Command update = define;
    update.words = {group, QStringLiteral("update")};
    update.summary = Tr::tr("change a municipal register's definition from a JSON file");
    update.description = Tr::tr(
        "Changes the register with the definition's code: its title, description, licence, publication, the "
        "labels and public flags of fields; an enumeration may gain values and the register new fields at "
        "the "
        "end. A field's type never changes and no field is removed. 'show' prints the definition to edit. "
        "Needs the administrator role.");
    update.examples = {QStringLiteral("--user admin municipal-register show permits > permits.json"),
                       QStringLiteral("--user admin municipal-register update permits.json")};
    commands << update;

    Command list;
    list.words = {group, QStringLiteral("list")};
    list.summary = Tr::tr("list the municipal registers");
    list.description = Tr::tr("Prints every municipal register with its number of fields and entries and "
                              "whether its open data is published.");
    list.examples = {QStringLiteral("municipal-register list")};
    list.hasJson = true;
    list.run = runList;
    commands << list;

    Command show;
    show.words = {group, QStringLiteral("show")};
    show.arguments = QStringLiteral("CODE");
    show.summary = Tr::tr("print a municipal register's definition as JSON");
    show.description
        = Tr::tr("Prints the definition of the register CODE in the JSON form that define and update read.");
    show.examples = {QStringLiteral("municipal-register show permits")};
    show.minArguments = show.maxArguments = 1;
    show.run = runShow;
    commands << show;

    Command add;
    add.words = {group, entry, QStringLiteral("add")};
    add.arguments = QStringLiteral("CODE --set NAME=VALUE... [--document INDEX] [--case INDEX]");
    add.summary = Tr::tr("add an entry to a municipal register");
    add.description = Tr::tr(
        "Adds an entry with the register's next number. Values are written as in the forms: dates as "
        "2026-12-04 or 04.12.2026, decimals with . or ,, booleans as true/false or да/не. --document and "
        "--case link the entry to a registered document or a case file in the same transaction. Needs the "
        "clerk or administrator role.");
    add.options = entryOptions();
    add.examples = {QStringLiteral("--user clerk1 municipal-register entry add permits --set permit_no=РС-12 "
                                   "--set issued_on=04.12.2026 --document СОА26-ВК66-1/23.11.2026")};
    add.minArguments = add.maxArguments = 1;
    add.hasJson = true;
    add.run = runEntryAdd;
    commands << add;

    Command change;
    change.words = {group, entry, QStringLiteral("update")};
    change.arguments
        = QStringLiteral("CODE NUMBER --set NAME=VALUE... [--expect-version N] [--document INDEX] "
                         "[--case INDEX]");
    change.summary = Tr::tr("change an entry of a municipal register");
    change.description = Tr::tr(
        "Sets the given fields of entry NUMBER (an empty value clears a field) and links it to documents and "
        "case files. With --expect-version the change is refused when the entry is no longer at that "
        "version. Every "
        "change is kept in the entry's history. Needs the clerk or administrator role.");
    change.options = entryOptions();
    change.options << QCommandLineOption(kVersion, Tr::tr("The version the entry must still be at."),
                                         QStringLiteral("N"));
    change.examples
        = {QStringLiteral("--user clerk1 municipal-register entry update permits 12 --set floors=4")};
    change.minArguments = change.maxArguments = 2;
    change.hasJson = true;
    change.run = runEntryUpdate;
    commands << change;

    Command entries;
    entries.words = {group, entry, QStringLiteral("list")};
    entries.arguments = QStringLiteral("CODE [--after NUMBER] [--limit N]");
    entries.summary = Tr::tr("list the entries of a municipal register");
    entries.description = Tr::tr(
        "Prints the entries of the register CODE in number order, at most --limit (default and at most "
        "10000) after the entry --after. ЕГН values are masked for users who may not see personal data.");
    entries.options = {
        QCommandLineOption(kAfter, Tr::tr("List the entries after this number."), QStringLiteral("NUMBER")),
        QCommandLineOption(kLimit, Tr::tr("List at most N entries."), QStringLiteral("N"))};
    entries.examples = {QStringLiteral("municipal-register entry list permits --after 100 --limit 50")};
    entries.minArguments = entries.maxArguments = 1;
    entries.hasJson = true;
    entries.run = runEntryList;
    commands << entries;

    Command history;
    history.words = {group, entry, QStringLiteral("history")};
    history.arguments = QStringLiteral("CODE NUMBER");
    history.summary = Tr::tr("show the history of an entry of a municipal register");
    history.description
        = Tr::tr("Prints every change of entry NUMBER field by field, oldest first: the version, "
                 "when, who, the old and the new value.");
    history.examples = {QStringLiteral("municipal-register entry history permits 12")};
    history.minArguments = history.maxArguments = 2;
    history.hasJson = true;
    history.run = runEntryHistory;
    commands << history;

    Command import;
    import.words = {group, entry, QStringLiteral("import")};
    import.arguments = QStringLiteral("CODE FILE");
    import.summary = Tr::tr("add many entries to a municipal register from a CSV file");
    import.description = Tr::tr(
        "Reads FILE (or standard input for -) as CSV (RFC 4180, UTF-8, with or without a byte-order mark): a "
        "header row of field names, then one entry per row; an empty cell is no value. All rows are added in "
        "one transaction, or none: an error names the row (the header is row 1) and the field, never the "
        "value. "
        "Needs the clerk or administrator role.");
    import.examples = {QStringLiteral("--user clerk1 municipal-register entry import permits permits.csv")};
    import.minArguments = import.maxArguments = 2;
    import.hasJson = true;
    import.run = runEntryImport;
    commands << import;

    return commands;
}

} // namespace dms::cli
