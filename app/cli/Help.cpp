// SPDX-License-Identifier: GPL-3.0-or-later
#include "Help.h"

#include "core/Tr.h"

#include <QCoreApplication>

#include <algorithm>
#include <utility>

namespace dms::cli {

namespace {

constexpr int kWidth = 80;
const QString kIndent = QString(7, QLatin1Char(' '));
const QString kDeepIndent = QString(14, QLatin1Char(' '));

QString program()
{
    return QCoreApplication::applicationName();
}

/** Fills paragraphs (separated by blank lines) to the page width. */
QString wrap(const QString &text, const QString &indent)
{
    QString out;
    const QStringList paragraphs = text.split(QStringLiteral("\n\n"));
    for (qsizetype p = 0; p < paragraphs.size(); ++p) {
        if (p > 0)
            out += QLatin1Char('\n');
        QString line = indent;
        for (const QString &word : paragraphs[p].simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (line.size() > indent.size() && line.size() + 1 + word.size() > kWidth) {
                out += line + QLatin1Char('\n');
                line = indent;
            }
            if (line.size() > indent.size())
                line += QLatin1Char(' ');
            line += word;
        }
        out += line + QLatin1Char('\n');
    }
    return out;
}

QString heading(const QString &title)
{
    return title + QLatin1Char('\n');
}

QString optionNames(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
    QString text = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        text += QLatin1Char(' ') + option.valueName();
    return text;
}

using Entry = std::pair<QString, QString>; // term, description

/** Terms with their descriptions below them, or beside them when the term is short. */
QString definitions(const QList<Entry> &entries)
{
    QString out;
    for (const auto &[term, description] : entries) {
        if (kIndent.size() + term.size() + 2 <= kDeepIndent.size()) {
            QString described = wrap(description, kDeepIndent);
            described.replace(0, kIndent.size() + term.size(), kIndent + term);
            out += described;
        } else {
            out += kIndent + term + QLatin1Char('\n') + wrap(description, kDeepIndent);
        }
    }
    return out;
}

QString optionList(const QList<QCommandLineOption> &options)
{
    QList<Entry> entries;
    for (const QCommandLineOption &option : options)
        entries.append({optionNames(option), option.description()});
    return definitions(entries);
}

QString exitStatus()
{
    return heading(Tr::tr("EXIT STATUS"))
        + definitions({
            {QStringLiteral("0"), Tr::tr("Success.")},
            {QStringLiteral("1"),
             Tr::tr("The command line is wrong: unknown command or option, a missing or malformed argument, "
                    "no or a malformed database URL.")},
            {QStringLiteral("2"),
             Tr::tr("The command failed: refused by the rules (permission, invalid input, already "
                    "annulled…) or the database could not be used. The reason is on standard error.")},
            {QStringLiteral("3"),
             Tr::tr("A check ran and found problems: 'journal verify' found a damaged journal, 'check' an "
                    "outdated or altered schema.")},
            {QStringLiteral("130"),
             Tr::tr("Stopped by Ctrl-C ('scan' stops the scanner and saves the pages read before).")},
        });
}

} // namespace

QString shortUsage()
{
    return Tr::tr("Usage: %1 [--database URL] [--user LOGIN] COMMAND [ARGUMENTS] [OPTIONS]\n"
                  "Try '%1 help' for the list of commands.")
        .arg(program());
}

QString programHelp(const QList<Command> &commands)
{
    QString out;
    out += heading(Tr::tr("NAME"));
    out += kIndent + program() + QStringLiteral(" - ")
        + Tr::tr("administer a Delovod registry office from the command line") + QStringLiteral("\n\n");

    out += heading(Tr::tr("SYNOPSIS"));
    out += kIndent + program()
        + QStringLiteral(" [--database URL] [--user LOGIN] COMMAND [ARGUMENTS] [OPTIONS]\n");
    out += kIndent + program() + QStringLiteral(" help [COMMAND]\n");
    out += kIndent + program() + QStringLiteral(" --version\n\n");

    out += heading(Tr::tr("DESCRIPTION"));
    out += wrap(
        Tr::tr("%1 works on the database of a Delovod registry office (деловодна система): it creates "
               "and upgrades the database, manages users, registries and registers, registers and "
               "annuls documents, searches the registers and verifies the audit journal. Every change "
               "goes through the same services as the desktop client and the server, with the same "
               "permission checks, and is recorded in the tamper-evident audit journal under the "
               "acting user's login.\n\n"
               "The acting user is the one given with --user, else $DELOVOD_USER, else the login of "
               "the operating-system account, and must be an active user of the database. %1 trusts "
               "it: whoever can open the database can act as any user, so keep the database file or "
               "its credentials readable only by the people who administer the office.\n\n"
               "Output is UTF-8 text; commands that list or create things also print JSON with --json.")
            .arg(program()),
        kIndent);
    out += QLatin1Char('\n');

    out += heading(Tr::tr("COMMANDS"));
    qsizetype width = 0;
    for (const Command &command : commands)
        width = std::max(width, command.name().size());
    const QString summaryIndent = kIndent + QString(width + 2, QLatin1Char(' '));
    for (const Command &command : commands) {
        QString entry = wrap(command.summary, summaryIndent);
        entry.replace(0, summaryIndent.size(), kIndent + command.name().leftJustified(width + 2));
        out += entry;
    }
    out += kIndent + QStringLiteral("help [COMMAND]").leftJustified(width) + QStringLiteral("  ")
        + Tr::tr("show this manual, or the manual of one command") + QLatin1Char('\n');
    out += QLatin1Char('\n');

    out += heading(Tr::tr("GLOBAL OPTIONS"));
    out += optionList(globalOptions()) + QLatin1Char('\n');

    out += heading(Tr::tr("DATABASE URLS"));
    out += definitions({
        {QStringLiteral("sqlite:/var/lib/delovod/delovod.db"),
         Tr::tr("An SQLite file (a bare path works too). Only 'init' creates a missing file.")},
        {QStringLiteral("postgresql://USER:PASSWORD@HOST:PORT/NAME"),
         Tr::tr("A PostgreSQL database; add ?host=/run/postgresql to connect through a Unix socket "
                "directory. Prefer a ~/.pgpass file to a password on the command line.")},
    });
    out += QLatin1Char('\n');

    out += heading(Tr::tr("ENVIRONMENT"));
    out += definitions({
        {QStringLiteral("DELOVOD_DATABASE"), Tr::tr("The database URL when --database is not given.")},
        {QStringLiteral("DELOVOD_USER"), Tr::tr("The acting user when --user is not given.")},
        {QStringLiteral("DELOVOD_LANG"),
         Tr::tr("The language of messages: bg (the default) or en (the English source texts).")},
    });
    out += QLatin1Char('\n');

    out += exitStatus() + QLatin1Char('\n');

    out += heading(Tr::tr("EXAMPLES"));
    const QStringList examples = {
        QStringLiteral("export DELOVOD_DATABASE=sqlite:/var/lib/delovod/delovod.db"),
        program()
            + QStringLiteral(" init --admin ivanov --admin-name \"Иван Иванов\" --registry СОА "
                             "--registry-name \"Столична община\""),
        program() + QStringLiteral(" -u ivanov user add petrova --name \"Мария Петрова\" --role clerk"),
        program()
            + QStringLiteral(" -u petrova register --register ВХ01 --kind Заявление --subject \"Достъп до "
                             "информация\""),
        program() + QStringLiteral(" -u petrova search информация --from 2020-09-01"),
        program() + QStringLiteral(" -u ivanov annul СОА20-ВХ01-1/08.09.2020 --reason \"Грешка\""),
        program() + QStringLiteral(" -u ivanov journal verify"),
    };
    for (const QString &example : examples)
        out += kIndent + example + QLatin1Char('\n');
    out += QLatin1Char('\n');
    out += wrap(Tr::tr("Run '%1 help COMMAND' for the options of one command.").arg(program()), kIndent);
    return out;
}

QString commandHelp(const Command &command)
{
    QString out;
    out += heading(Tr::tr("NAME"));
    out += wrap(program() + QLatin1Char(' ') + command.name() + QStringLiteral(" - ") + command.summary,
                kIndent);
    out += QLatin1Char('\n');

    out += heading(Tr::tr("SYNOPSIS"));
    QString synopsis = program() + QStringLiteral(" [GLOBAL OPTIONS] ") + command.name();
    if (!command.arguments.isEmpty())
        synopsis += QLatin1Char(' ') + command.arguments;
    if (command.hasJson)
        synopsis += QStringLiteral(" [--json]");
    out += kIndent + synopsis + QStringLiteral("\n\n");

    out += heading(Tr::tr("DESCRIPTION"));
    out += wrap(command.description, kIndent) + QLatin1Char('\n');

    QList<QCommandLineOption> options = command.options;
    if (command.hasJson)
        options << jsonOption();
    if (!options.isEmpty()) {
        out += heading(Tr::tr("OPTIONS"));
        out += optionList(options) + QLatin1Char('\n');
    }
    out += heading(Tr::tr("GLOBAL OPTIONS"));
    out += optionList(globalOptions()) + QLatin1Char('\n');

    out += exitStatus();
    if (!command.examples.isEmpty()) {
        out += QLatin1Char('\n') + heading(Tr::tr("EXAMPLES"));
        for (const QString &example : command.examples)
            out += kIndent + program() + QLatin1Char(' ') + example + QLatin1Char('\n');
    }
    return out;
}

} // namespace dms::cli
