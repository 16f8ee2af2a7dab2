// SPDX-License-Identifier: GPL-3.0-or-later
#include "RegistrationCommands.h"

#include "ExitCode.h"
#include "Invocation.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "search/SearchService.h"
#include "services/RegistrationService.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace dms::cli {

namespace {

QCommandLineOption option(const QString &name, const QString &description, const QString &valueName = {})
{
    return valueName.isEmpty() ? QCommandLineOption(name, description)
                               : QCommandLineOption(name, description, valueName);
}

template<class E>
QString namesOf(const QList<E> &values)
{
    QStringList names;
    for (E value : values)
        names << toName(value);
    return names.join(QLatin1Char('|'));
}

QString isoOrEmpty(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject registrationJson(const Registration &entry)
{
    return {{QStringLiteral("id"), entry.id},
            {QStringLiteral("index"), entry.index},
            {QStringLiteral("registerId"), entry.registerId},
            {QStringLiteral("year"), entry.year},
            {QStringLiteral("number"), entry.number},
            {QStringLiteral("subNumber"), entry.subNumber},
            {QStringLiteral("registeredAt"), isoOrEmpty(entry.registeredAt)},
            {QStringLiteral("registeredOn"), entry.registeredOn.toString(Qt::ISODate)},
            {QStringLiteral("documentId"), entry.documentId},
            {QStringLiteral("caseId"), entry.caseId},
            {QStringLiteral("status"), toName(entry.status)}};
}

/** A case file given as its id or as the index of any registration in it. */
Result<QString> resolveCase(Invocation &cli, const QString &text)
{
    if (Ids::isValid(text))
        return text;
    RegistrationService registrations(cli.context());
    auto entry = registrations.findByIndex(text);
    if (!entry) {
        if (entry.error().code == ErrorCode::NotFound)
            return makeError(ErrorCode::NotFound, Tr::tr("No case file has this id or registration index."),
                             text);
        return entry.error();
    }
    if (entry->caseId.isEmpty())
        return makeError(ErrorCode::InvalidState, Tr::tr("This registration does not belong to a case file."),
                         text);
    return entry->caseId;
}

Result<QString> readTextFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, Tr::tr("Cannot read the text file."),
                         path + QStringLiteral(": ") + file.errorString());
    // UTF-8 takes at most four bytes a character: anything longer is refused by the service anyway.
    if (file.size() > qint64(RegistrationService::kMaxTextLength) * 4)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document text is too long."), path);
    return QString::fromUtf8(file.readAll());
}

int runRegister(Invocation &cli)
{
    NewRegistration request;
    DocumentDraft &draft = request.document;
    const auto kind = cli.required(QStringLiteral("kind"));
    if (!kind)
        return ExitUsage;
    const auto subject = cli.required(QStringLiteral("subject"));
    if (!subject)
        return ExitUsage;
    draft.kind = *kind;
    draft.subject = *subject;
    const QString caseText = cli.value(QStringLiteral("case")).trimmed();
    const QString registerCode = cli.value(QStringLiteral("register")).trimmed();
    if (caseText.isEmpty() && registerCode.isEmpty())
        return cli.usage(Tr::tr("Choose the register with --register CODE (or a case file with --case)."));
    if (!caseText.isEmpty() && cli.isSet(QStringLiteral("open-case")))
        return cli.usage(Tr::tr("--case and --open-case exclude each other."));
    if (cli.isSet(QStringLiteral("channel"))) {
        const auto channel = channelFromName(cli.value(QStringLiteral("channel")).trimmed());
        if (!channel)
            return cli.usage(Tr::tr("Unknown channel '%1': use %2.")
                                 .arg(cli.value(QStringLiteral("channel")), namesOf(allChannels())));
        draft.channel = *channel;
    }
    if (cli.isSet(QStringLiteral("access"))) {
        const auto access = accessLevelFromName(cli.value(QStringLiteral("access")).trimmed());
        if (!access)
            return cli.usage(Tr::tr("Unknown access level '%1': use %2.")
                                 .arg(cli.value(QStringLiteral("access")), namesOf(allAccessLevels())));
        draft.accessLevel = *access;
    }
    const auto pages = cli.integer(QStringLiteral("pages"), 0, 0, RegistrationService::kMaxPages);
    if (!pages)
        return ExitUsage;
    draft.pageCount = *pages;
    request.openCase = cli.isSet(QStringLiteral("open-case"));
    request.caseTitle = cli.value(QStringLiteral("case-title"));
    if (cli.isSet(QStringLiteral("text-file"))) {
        auto text = readTextFile(cli.value(QStringLiteral("text-file")));
        if (!text)
            return cli.fail(text.error());
        draft.fullText = *text;
    }

    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (!caseText.isEmpty()) {
        auto caseId = resolveCase(cli, caseText);
        if (!caseId)
            return cli.fail(caseId.error());
        request.caseId = *caseId;
    } else {
        auto reg = cli.findRegister(registerCode, cli.value(QStringLiteral("registry")).trimmed());
        if (!reg)
            return cli.fail(reg.error());
        request.registerId = reg->id;
    }
    RegistrationService registrations(cli.context());
    auto entry = registrations.registerDocument(*session, request);
    if (!entry)
        return cli.fail(entry.error());
    if (cli.json())
        cli.console().json(registrationJson(*entry));
    else
        cli.console().line(entry->index);
    return ExitOk;
}

int runAnnul(Invocation &cli)
{
    const QString index = cli.arguments().value(0).trimmed();
    const auto reason = cli.required(QStringLiteral("reason"));
    if (!reason)
        return ExitUsage;
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    RegistrationService registrations(cli.context());
    auto entry = registrations.findByIndex(index);
    if (!entry)
        return cli.fail(entry.error());
    if (auto annulled = registrations.annul(*session, entry->id, *reason); !annulled)
        return cli.fail(annulled.error());
    cli.console().line(Tr::tr("Annulled %1.").arg(entry->index));
    return ExitOk;
}

int runSearch(Invocation &cli)
{
    SearchQuery query;
    query.text = cli.arguments().join(QLatin1Char(' '));
    const auto from = cli.date(QStringLiteral("from"));
    if (!from)
        return ExitUsage;
    const auto to = cli.date(QStringLiteral("to"));
    if (!to)
        return ExitUsage;
    query.from = *from;
    query.to = *to;
    const auto limit = cli.integer(QStringLiteral("limit"), 50, 1, SearchService::kMaxLimit);
    if (!limit)
        return ExitUsage;
    query.limit = *limit;
    if (cli.isSet(QStringLiteral("status"))) {
        const auto status = registrationStatusFromName(cli.value(QStringLiteral("status")).trimmed());
        if (!status)
            return cli.usage(Tr::tr("Unknown status '%1': use active or annulled.")
                                 .arg(cli.value(QStringLiteral("status"))));
        query.status = *status;
    }
    query.documentKind = cli.value(QStringLiteral("kind")).trimmed();

    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    const QString registryCode = cli.value(QStringLiteral("registry")).trimmed();
    const QString registerCode = cli.value(QStringLiteral("register")).trimmed();
    if (!registerCode.isEmpty()) {
        auto reg = cli.findRegister(registerCode, registryCode);
        if (!reg)
            return cli.fail(reg.error());
        query.registerId = reg->id;
    } else if (!registryCode.isEmpty()) {
        auto registry = cli.registry(registryCode);
        if (!registry)
            return cli.fail(registry.error());
        query.registryId = registry->id;
    }
    SearchService search(cli.context());
    auto result = search.search(*session, query);
    if (!result)
        return cli.fail(result.error());

    if (cli.json()) {
        QJsonArray hits;
        for (const DocumentSummary &hit : std::as_const(result->hits))
            hits.append(QJsonObject {{QStringLiteral("index"), hit.index},
                                     {QStringLiteral("registrationId"), hit.registrationId},
                                     {QStringLiteral("documentId"), hit.documentId},
                                     {QStringLiteral("registeredAt"), isoOrEmpty(hit.registeredAt)},
                                     {QStringLiteral("registeredOn"), hit.registeredOn.toString(Qt::ISODate)},
                                     {QStringLiteral("register"), hit.registerCode},
                                     {QStringLiteral("kind"), hit.kind},
                                     {QStringLiteral("subject"), hit.subject},
                                     {QStringLiteral("correspondent"), hit.correspondentName},
                                     {QStringLiteral("channel"), toName(hit.channel)},
                                     {QStringLiteral("access"), toName(hit.accessLevel)},
                                     {QStringLiteral("status"), toName(hit.status)},
                                     {QStringLiteral("pages"), hit.pageCount},
                                     {QStringLiteral("caseId"), hit.caseId}});
        cli.console().json(
            QJsonObject {{QStringLiteral("hits"), hits}, {QStringLiteral("hasMore"), result->hasMore}});
        return ExitOk;
    }
    if (result->hits.isEmpty()) {
        cli.console().line(Tr::tr("No registered document matches."));
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const DocumentSummary &hit : std::as_const(result->hits))
        rows.append({hit.index, hit.registeredOn.toString(QStringLiteral("dd.MM.yyyy")), toName(hit.status),
                     hit.kind, hit.subject.simplified()});
    cli.console().table(
        {Tr::tr("INDEX"), Tr::tr("DATE"), Tr::tr("STATUS"), Tr::tr("KIND"), Tr::tr("SUBJECT")}, rows);
    if (result->hasMore)
        cli.console().errorLine(Tr::tr("More documents match: narrow the search or raise --limit."));
    return ExitOk;
}

} // namespace

QList<Command> registrationCommands()
{
    QList<Command> commands;

    Command reg;
    reg.words = {QStringLiteral("register")};
    reg.arguments = QStringLiteral("--register CODE --kind KIND --subject TEXT [OPTIONS]");
    reg.summary = Tr::tr("register a document and print its registration index");
    reg.description
        = Tr::tr("Registers a document in a register under the next number of the year and prints the "
                 "registration index. The time is the server's clock; the date in the index is the local "
                 "date in Sofia. With --case the document joins a case file (преписка) and takes the next "
                 "follow-up number of its first registration, e.g. СОА20-ДИ05-2118/1/11.09.2020; with "
                 "--open-case it opens a new case file. Needs the clerk or administrator role.");
    reg.options = {
        option(QStringLiteral("register"), Tr::tr("Code of the register, e.g. ВК66."),
               QStringLiteral("CODE")),
        option(QStringLiteral("registry"),
               Tr::tr("Registry code, when several registries have the register code."),
               QStringLiteral("CODE")),
        option(QStringLiteral("kind"), Tr::tr("Kind of document, e.g. Заявление, Писмо, Жалба."),
               QStringLiteral("KIND")),
        option(QStringLiteral("subject"), Tr::tr("Subject (относно) of the document."),
               QStringLiteral("TEXT")),
        option(QStringLiteral("channel"),
               Tr::tr("How it arrived: counter (default), post, email, seos, ssev, eservice or internal."),
               QStringLiteral("CHANNEL")),
        option(QStringLiteral("pages"), Tr::tr("Number of pages (default 0)."), QStringLiteral("N")),
        option(QStringLiteral("access"), Tr::tr("public, internal (default) or restricted."),
               QStringLiteral("LEVEL")),
        option(QStringLiteral("case"),
               Tr::tr("Join this case file, given by its id or by the index of a registration in it."),
               QStringLiteral("CASE")),
        option(QStringLiteral("open-case"), Tr::tr("Open a new case file with this document as its first.")),
        option(QStringLiteral("case-title"), Tr::tr("Title of the new case file (default: the subject)."),
               QStringLiteral("TITLE")),
        option(QStringLiteral("text-file"), Tr::tr("UTF-8 text of the document, indexed for search."),
               QStringLiteral("FILE")),
    };
    reg.examples = {
        QStringLiteral("register --register ВК66 --kind Заявление --subject \"Достъп до обществена "
                       "информация\" --channel post --pages 2"),
        QStringLiteral("register --register ДИ05 --kind Заявление --subject \"Искане\" --open-case"),
        QStringLiteral("register --case СОА20-ДИ05-2118/11.09.2020 --kind Писмо --subject \"Отговор\""),
    };
    reg.hasJson = true;
    reg.run = runRegister;
    commands << reg;

    Command annul;
    annul.words = {QStringLiteral("annul")};
    annul.arguments = QStringLiteral("INDEX --reason TEXT");
    annul.summary = Tr::tr("annul a registration (administrators only)");
    annul.description
        = Tr::tr("Marks a registration void with a reason. The entry keeps its number and index and stays in "
                 "the register; an annulled entry cannot be annulled again.");
    annul.options
        = {option(QStringLiteral("reason"), Tr::tr("Why the entry is annulled."), QStringLiteral("TEXT"))};
    annul.examples = {QStringLiteral("annul СОА20-ВК66-7245/08.09.2020 --reason \"Регистриран два пъти\"")};
    annul.minArguments = annul.maxArguments = 1;
    annul.run = runAnnul;
    commands << annul;

    Command search;
    search.words = {QStringLiteral("search")};
    search.arguments = QStringLiteral("[WORDS…] [OPTIONS]");
    search.summary = Tr::tr("search registered documents, newest first");
    search.description
        = Tr::tr("Finds the documents whose index, kind, subject, correspondent or text contain all the "
                 "words, case-insensitively; a word ending in '*' matches as a prefix. Without words it "
                 "lists the newest entries. Restricted documents are shown only to those who may read them.");
    search.options = {
        option(QStringLiteral("register"), Tr::tr("Only this register."), QStringLiteral("CODE")),
        option(QStringLiteral("registry"), Tr::tr("Only this registry."), QStringLiteral("CODE")),
        option(QStringLiteral("from"), Tr::tr("Registered on or after this date (yyyy-MM-dd or dd.MM.yyyy)."),
               QStringLiteral("DATE")),
        option(QStringLiteral("to"), Tr::tr("Registered on or before this date."), QStringLiteral("DATE")),
        option(QStringLiteral("kind"), Tr::tr("Only documents of this kind."), QStringLiteral("KIND")),
        option(QStringLiteral("status"), Tr::tr("active or annulled."), QStringLiteral("STATUS")),
        option(QStringLiteral("limit"), Tr::tr("At most N entries (default 50, at most 1000)."),
               QStringLiteral("N")),
    };
    search.examples = {
        QStringLiteral("search обществена информация --from 2020-01-01 --to 2020-12-31"),
        QStringLiteral("search --register ВК66 --limit 10 --json"),
        QStringLiteral("search Петр*"),
    };
    search.maxArguments = -1;
    search.hasJson = true;
    search.run = runSearch;
    commands << search;

    return commands;
}

} // namespace dms::cli
