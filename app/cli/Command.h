// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QStringList>

namespace dms::cli {

class Invocation;

/** One delovodctl command: how it is called, what its help says and what runs it. */
struct Command
{
    QStringList words; ///< e.g. {"user", "add"}
    QString arguments; ///< the synopsis after the words, e.g. "LOGIN --name NAME --role ROLE[,ROLE]"
    QString summary; ///< one line for the command list
    QString description; ///< paragraphs separated by blank lines
    QList<QCommandLineOption> options;
    QStringList examples; ///< command lines, without the program name
    int minArguments = 0;
    int maxArguments = 0; ///< -1: any number
    bool hasJson = false; ///< accepts --json
    bool needsDatabase = true; ///< false: runs without --database / DELOVOD_DATABASE (e.g. scan, sign)
    int (*run)(Invocation &) = nullptr;

    QString name() const { return words.join(QLatin1Char(' ')); }
};

/** Every command, in the order the help lists them. */
QList<Command> allCommands();
/** The options every command accepts (--database, --user, --help …). */
QList<QCommandLineOption> globalOptions();
/** The --json option of commands with hasJson. */
QCommandLineOption jsonOption();

} // namespace dms::cli
