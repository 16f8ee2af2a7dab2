// SPDX-License-Identifier: GPL-3.0-or-later
#include "JournalCommands.h"

#include "ExitCode.h"
#include "Invocation.h"
#include "audit/AuditJournal.h"
#include "core/Tr.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace dms::cli {

namespace {

/** Opens the database and checks that the acting user may read the journal. */
Status prepare(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return session.error();
    return session->require(Permission::ReadJournal);
}

int runVerify(Invocation &cli)
{
    if (auto ready = prepare(cli); !ready)
        return cli.fail(ready.error());
    AuditJournal journal(cli.database(), cli.context().clock);
    auto report = journal.verify();
    if (!report)
        return cli.fail(report.error());
    if (cli.json()) {
        cli.console().json(
            QJsonObject {{QStringLiteral("entries"), report->entries},
                         {QStringLiteral("sealedDays"), report->sealedDays},
                         {QStringLiteral("intact"), report->ok()},
                         {QStringLiteral("problems"), QJsonArray::fromStringList(report->problems)}});
    } else {
        for (const QString &problem : std::as_const(report->problems))
            cli.console().line(problem);
        if (report->ok())
            cli.console().line(Tr::tr("The audit journal is intact: %1 entries, %2 sealed days.")
                                   .arg(report->entries)
                                   .arg(report->sealedDays));
        else
            cli.console().line(Tr::tr("The audit journal is damaged: %1 problems in %2 entries.")
                                   .arg(report->problems.size())
                                   .arg(report->entries));
    }
    return report->ok() ? ExitOk : ExitVerificationFailed;
}

int runSeal(Invocation &cli)
{
    // Sealing adds evidence and changes no entry, so whoever may verify the journal may seal it.
    if (auto ready = prepare(cli); !ready)
        return cli.fail(ready.error());
    AuditJournal journal(cli.database(), cli.context().clock);
    // Journal days are UTC days, as the entries' times are.
    auto sealed = journal.sealDaysBefore(cli.context().clock.now().toUTC().date());
    if (!sealed)
        return cli.fail(sealed.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("sealedDays"), *sealed}});
    else
        cli.console().line(Tr::tr("Sealed %1 days.").arg(*sealed));
    return ExitOk;
}

} // namespace

QList<Command> journalCommands()
{
    QList<Command> commands;

    Command verify;
    verify.words = {QStringLiteral("journal"), QStringLiteral("verify")};
    verify.summary = Tr::tr("verify the audit journal's hash chain and daily seals");
    verify.description
        = Tr::tr("Recomputes the hash of every journal entry, the chain between them and the seals of past "
                 "days, and prints each problem with the number of the entry or the day concerned: altered, "
                 "removed or reordered entries and rewritten days. Exits with 0 when the journal is intact "
                 "and 3 when it is not. Needs the auditor or administrator role.");
    verify.examples = {QStringLiteral("journal verify"), QStringLiteral("journal verify --json")};
    verify.hasJson = true;
    verify.run = runVerify;
    commands << verify;

    Command seal;
    seal.words = {QStringLiteral("journal"), QStringLiteral("seal")};
    seal.summary = Tr::tr("seal the audit journal's past days");
    seal.description = Tr::tr(
        "Seals every whole day (UTC) before today that has journal entries and no seal yet, so that "
        "removing a day's last entries or rewriting a sealed day is detected. Run it daily, e.g. from "
        "cron shortly after midnight. Needs the auditor or administrator role.");
    seal.examples = {QStringLiteral("--user auditor journal seal")};
    seal.hasJson = true;
    seal.run = runSeal;
    commands << seal;

    return commands;
}

} // namespace dms::cli
