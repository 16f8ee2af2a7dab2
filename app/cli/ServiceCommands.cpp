// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServiceCommands.h"

#include "ExitCode.h"
#include "Invocation.h"
#include "core/Tr.h"
#include "eservices/ApplicationService.h"
#include "eservices/ServiceCatalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace dms::cli {

namespace {

QString money(qint64 cents)
{
    return QStringLiteral("%1.%2").arg(cents / 100).arg(cents % 100, 2, 10, QLatin1Char('0'));
}

int runAdd(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    const auto name = cli.required(QStringLiteral("name"));
    const auto unit = cli.required(QStringLiteral("unit"));
    const auto registerCode = cli.required(QStringLiteral("register"));
    if (!name || !unit || !registerCode)
        return ExitUsage;
    const auto deadline = cli.integer(QStringLiteral("deadline"), -1, 1, ServiceCatalogue::kMaxDeadlineDays);
    if (!deadline)
        return ExitUsage;
    if (*deadline < 0)
        return cli.usage(Tr::tr("--deadline is required."));
    const auto fee = cli.integer(QStringLiteral("fee-cents"), 0, 0, 1'000'000'000);
    if (!fee)
        return ExitUsage;
    auto target = cli.findRegister(*registerCode, cli.value(QStringLiteral("registry")));
    if (!target)
        return cli.fail(target.error());

    AdministrativeService service;
    service.iisdaNumber = cli.arguments().constFirst();
    service.name = *name;
    service.responsibleUnit = *unit;
    service.deadlineWorkingDays = *deadline;
    service.feeCents = *fee;
    service.registerId = target->id;
    for (const QString &attachment : cli.values(QStringLiteral("attachment"))) {
        const qsizetype equals = attachment.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return cli.usage(Tr::tr("--attachment takes CODE=TITLE, e.g. sketch=Скица."));
        service.requiredAttachments.append(
            {attachment.left(equals).trimmed(), attachment.mid(equals + 1).trimmed()});
    }
    auto stored = ServiceCatalogue(cli.context()).put(*session, service);
    if (!stored)
        return cli.fail(stored.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("id"), stored->id},
                                        {QStringLiteral("iisdaNumber"), stored->iisdaNumber}});
    else
        cli.console().line(
            Tr::tr("Service %1 \"%2\" is in the catalogue.").arg(stored->iisdaNumber, stored->name));
    return ExitOk;
}

int runList(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    auto services = ServiceCatalogue(cli.context()).list();
    if (!services)
        return cli.fail(services.error());
    if (cli.json()) {
        QJsonArray array;
        for (const AdministrativeService &service : std::as_const(*services)) {
            QJsonArray attachments;
            for (const RequiredAttachment &attachment : service.requiredAttachments)
                attachments.append(QJsonObject {{QStringLiteral("code"), attachment.code},
                                                {QStringLiteral("title"), attachment.title}});
            array.append(QJsonObject {{QStringLiteral("iisdaNumber"), service.iisdaNumber},
                                      {QStringLiteral("name"), service.name},
                                      {QStringLiteral("deadlineWorkingDays"), service.deadlineWorkingDays},
                                      {QStringLiteral("feeCents"), service.feeCents},
                                      {QStringLiteral("requiredAttachments"), attachments},
                                      {QStringLiteral("responsibleUnit"), service.responsibleUnit},
                                      {QStringLiteral("registerId"), service.registerId},
                                      {QStringLiteral("active"), service.active}});
        }
        cli.console().json(QJsonObject {{QStringLiteral("services"), array}});
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const AdministrativeService &service : std::as_const(*services)) {
        QStringList attachments;
        for (const RequiredAttachment &attachment : service.requiredAttachments)
            attachments << attachment.code;
        rows.append({service.iisdaNumber, service.name, QString::number(service.deadlineWorkingDays),
                     money(service.feeCents), attachments.join(QLatin1Char(',')), service.responsibleUnit});
    }
    cli.console().table({Tr::tr("ИИСДА"), Tr::tr("Name"), Tr::tr("Deadline (working days)"), Tr::tr("Fee"),
                         Tr::tr("Attachments"), Tr::tr("Unit")},
                        rows);
    return ExitOk;
}

int runImport(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    QFile file(cli.arguments().constFirst());
    if (!file.open(QIODevice::ReadOnly))
        return cli.fail(makeError(ErrorCode::NotFound, Tr::tr("Cannot read the file."), file.fileName()));
    auto imported = ServiceCatalogue(cli.context()).importJson(*session, file.readAll());
    if (!imported)
        return cli.fail(imported.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("imported"), *imported}});
    else
        cli.console().line(Tr::tr("Imported %1 services.").arg(*imported));
    return ExitOk;
}

int runStatus(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    const auto status = applicationStatusFromName(cli.arguments().at(1));
    if (!status)
        return cli.usage(Tr::tr("The status must be one of in_progress, waiting_applicant, done, refused."));
    // Changing a status stores no attachment and checks no signature.
    ApplicationService applications(cli.context(), nullptr, nullptr);
    if (auto changed = applications.changeStatus(*session, cli.arguments().constFirst(), *status); !changed)
        return cli.fail(changed.error());
    cli.console().line(
        Tr::tr("The application %1 is now \"%2\".").arg(cli.arguments().constFirst(), displayName(*status)));
    return ExitOk;
}

} // namespace

QList<Command> serviceCommands()
{
    QList<Command> commands;

    Command add;
    add.words = {QStringLiteral("service"), QStringLiteral("add")};
    add.arguments
        = QStringLiteral("IISDA --name NAME --deadline DAYS --unit UNIT --register CODE [--fee-cents N] "
                         "[--attachment CODE=TITLE]...");
    add.summary = Tr::tr("add or change an administrative service of the catalogue");
    add.description = Tr::tr(
        "Adds the service with this number from the administrative register (ИИСДА), or replaces the one "
        "with "
        "the same number: its name, its statutory deadline in working days, its fee in cents, the "
        "attachments "
        "an application must carry (one --attachment per attachment, as a code the portal sends and a title) "
        "and the responsible unit. Applications are entered in the incoming register --register. Needs the "
        "administrator role.");
    add.options = {
        QCommandLineOption(QStringLiteral("name"), Tr::tr("The service's name."), QStringLiteral("NAME")),
        QCommandLineOption(QStringLiteral("deadline"), Tr::tr("The statutory deadline in working days."),
                           QStringLiteral("DAYS")),
        QCommandLineOption(QStringLiteral("fee-cents"), Tr::tr("The fee in cents (default 0)."),
                           QStringLiteral("N")),
        QCommandLineOption(QStringLiteral("attachment"), Tr::tr("A required attachment (repeatable)."),
                           QStringLiteral("CODE=TITLE")),
        QCommandLineOption(QStringLiteral("unit"), Tr::tr("The responsible unit."), QStringLiteral("UNIT")),
        QCommandLineOption(QStringLiteral("register"), Tr::tr("The incoming register of the applications."),
                           QStringLiteral("CODE")),
        QCommandLineOption(QStringLiteral("registry"),
                           Tr::tr("The registry of the register, when ambiguous."), QStringLiteral("CODE")),
    };
    add.examples
        = {QStringLiteral("service add 2079 --name \"Издаване на скица\" --deadline 14 --fee-cents 2000 "
                          "--attachment sketch=Скица --unit \"Дирекция УТ\" --register ВК66")};
    add.minArguments = 1;
    add.maxArguments = 1;
    add.hasJson = true;
    add.run = runAdd;
    commands << add;

    Command list;
    list.words = {QStringLiteral("service"), QStringLiteral("list")};
    list.summary = Tr::tr("list the catalogue of administrative services");
    list.description
        = Tr::tr("Prints every service with its ИИСДА number, deadline, fee, required attachments "
                 "and responsible unit; --json prints the format service import reads.");
    list.examples = {QStringLiteral("service list"), QStringLiteral("service list --json > services.json")};
    list.hasJson = true;
    list.run = runList;
    commands << list;

    Command import;
    import.words = {QStringLiteral("service"), QStringLiteral("import")};
    import.arguments = QStringLiteral("FILE");
    import.summary = Tr::tr("import administrative services from a JSON file");
    import.description = Tr::tr(
        "Reads {\"services\":[{\"iisdaNumber\",\"name\",\"deadlineWorkingDays\",\"feeCents\","
        "\"requiredAttachments\":[{\"code\",\"title\"}],\"responsibleUnit\",\"registerId\"}]} and adds or "
        "replaces each service, all or none. Needs the administrator role.");
    import.examples = {QStringLiteral("service import services.json")};
    import.minArguments = 1;
    import.maxArguments = 1;
    import.hasJson = true;
    import.run = runImport;
    commands << import;

    Command status;
    status.words = {QStringLiteral("service"), QStringLiteral("status")};
    status.arguments = QStringLiteral("INDEX STATUS");
    status.summary = Tr::tr("change the status of an application for a service");
    status.description = Tr::tr(
        "Moves the application registered under INDEX to in_progress, waiting_applicant, done or refused. "
        "Waiting for the applicant stops the deadline; leaving it resumes the deadline with the working days "
        "that were left. The citizen sees each change on the status page.");
    status.examples = {QStringLiteral("service status ВК66-12/08.09.2020 waiting_applicant")};
    status.minArguments = 2;
    status.maxArguments = 2;
    status.run = runStatus;
    commands << status;

    return commands;
}

} // namespace dms::cli
