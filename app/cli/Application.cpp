// SPDX-License-Identifier: GPL-3.0-or-later
#include "Application.h"

#include "ExitCode.h"
#include "Help.h"
#include "Invocation.h"
#include "core/Tr.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <pwd.h>
#include <unistd.h>

namespace dms::cli {

namespace {

/** DatabaseConfig reads anything without a known scheme as an SQLite path;
 *  "mysql://…" is far more likely a mistake than a file name. */
bool hasForeignScheme(const QString &url)
{
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    const auto match = scheme.match(url.trimmed());
    if (!match.hasMatch())
        return false;
    const QString name = match.captured(1).toLower();
    return name != QLatin1String("sqlite") && name != QLatin1String("postgres")
        && name != QLatin1String("postgresql");
}

} // namespace

Application::Application(Console &console)
    : m_console(console)
    , m_commands(allCommands())
{ }

QString Application::systemLogin()
{
    if (const passwd *account = getpwuid(geteuid()))
        return QString::fromLocal8Bit(account->pw_name);
    return qEnvironmentVariable("USER");
}

int Application::usage(const QString &message, const QString &helpTopic)
{
    m_console.error(message);
    m_console.errorLine(
        helpTopic.isEmpty()
            ? Tr::tr("Try '%1 help' for the list of commands.").arg(QCoreApplication::applicationName())
            : Tr::tr("Try '%1 help %2' for more information.")
                  .arg(QCoreApplication::applicationName(), helpTopic));
    return ExitUsage;
}

const Command *Application::findCommand(const QStringList &words, QString *unknown) const
{
    const Command *best = nullptr;
    for (const Command &command : m_commands) {
        if (command.words.size() <= words.size() && words.mid(0, command.words.size()) == command.words
            && (!best || command.words.size() > best->words.size()))
            best = &command;
    }
    if (best)
        return best;
    QStringList subcommands;
    for (const Command &command : m_commands) {
        if (!words.isEmpty() && command.words.size() > 1 && command.words.first() == words.first())
            subcommands << command.name();
    }
    *unknown = subcommands.isEmpty()
        ? Tr::tr("Unknown command '%1'.").arg(words.value(0))
        : Tr::tr("Unknown command '%1': use %2.")
              .arg(words.mid(0, 2).join(QLatin1Char(' ')), subcommands.join(QStringLiteral(", ")));
    return nullptr;
}

int Application::run(const QStringList &arguments)
{
    // First pass: the global options only, to find the command words.
    QCommandLineParser global;
    global.addOptions(globalOptions());
    global.parse(arguments);
    QStringList words = global.positionalArguments();

    if (words.isEmpty()) {
        if (global.isSet(QStringLiteral("version"))) {
            m_console.line(
                QStringLiteral("%1 (Delovod) %2")
                    .arg(QCoreApplication::applicationName(), QCoreApplication::applicationVersion()));
            return ExitOk;
        }
        if (global.isSet(QStringLiteral("help"))) {
            m_console.out() << programHelp(m_commands);
            return ExitOk;
        }
        m_console.errorLine(shortUsage());
        return ExitUsage;
    }

    if (words.first() == QLatin1String("help")) {
        words.removeFirst();
        if (words.isEmpty()) {
            m_console.out() << programHelp(m_commands);
            return ExitOk;
        }
        QString unknown;
        const Command *command = findCommand(words, &unknown);
        if (!command || command->words.size() != words.size())
            return usage(command ? Tr::tr("Unknown command '%1'.").arg(words.join(QLatin1Char(' ')))
                                 : unknown);
        m_console.out() << commandHelp(*command);
        return ExitOk;
    }

    QString unknown;
    const Command *command = findCommand(words, &unknown);
    if (!command)
        return usage(unknown);

    // Second pass: the command's own options too, strictly.
    QCommandLineParser parser;
    parser.addOptions(globalOptions());
    parser.addOptions(command->options);
    if (command->hasJson)
        parser.addOption(jsonOption());
    if (!parser.parse(arguments))
        return usage(parser.errorText(), command->name());
    if (parser.isSet(QStringLiteral("help"))) {
        m_console.out() << commandHelp(*command);
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.mid(0, command->words.size()) != command->words)
        return usage(Tr::tr("Give the options after the command name."), command->name());
    const QStringList rest = positional.mid(command->words.size());
    if (rest.size() < command->minArguments)
        return usage(
            Tr::tr("'%1' needs %2.").arg(command->name(), command->arguments.section(QLatin1Char(' '), 0, 0)),
            command->name());
    if (command->maxArguments >= 0 && rest.size() > command->maxArguments)
        return usage(Tr::tr("Unexpected argument '%1'.").arg(rest.value(command->maxArguments)),
                     command->name());

    QString url = parser.value(QStringLiteral("database"));
    if (!parser.isSet(QStringLiteral("database")))
        url = qEnvironmentVariable("DELOVOD_DATABASE");
    // Commands without a database (scan, sign …) ignore one that is given.
    if (!command->needsDatabase)
        url.clear();
    if (url.trimmed().isEmpty() && command->needsDatabase)
        return usage(Tr::tr("No database: give --database URL or set DELOVOD_DATABASE."), command->name());
    if (hasForeignScheme(url))
        return usage(Tr::tr("Unsupported database URL '%1': use sqlite:PATH or postgresql://….").arg(url));
    auto config = url.isEmpty() ? Result<DatabaseConfig>(DatabaseConfig()) : DatabaseConfig::fromUrl(url);
    if (!config) {
        m_console.error(config.error());
        return usage(Tr::tr("The database URL is not valid."));
    }

    QString login = parser.value(QStringLiteral("user")).trimmed();
    if (!parser.isSet(QStringLiteral("user")))
        login = qEnvironmentVariable("DELOVOD_USER").trimmed();
    if (login.isEmpty())
        login = systemLogin();

    if (!parser.isSet(QStringLiteral("verbose")))
        QLoggingCategory::setFilterRules(QStringLiteral("dms.*.info=false\ndms.*.debug=false"));

    Invocation invocation(*command, parser, rest, *config, login, m_console);
    return command->run(invocation);
}

} // namespace dms::cli
