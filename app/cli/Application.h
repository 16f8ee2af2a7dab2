// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"
#include "Console.h"

#include <QStringList>

namespace dms::cli {

/** delovodctl: finds the command in the arguments, parses its options, resolves
 *  the database and the acting user and runs it. */
class Application
{
public:
    explicit Application(Console &console);

    /** Runs the command line (arguments[0] is the program); returns the exit status. */
    int run(const QStringList &arguments);

    /** The login of the operating-system account running the program. */
    static QString systemLogin();

private:
    int usage(const QString &message, const QString &helpTopic = {});
    const Command *findCommand(const QStringList &words, QString *unknown) const;

    Console &m_console;
    QList<Command> m_commands;
};

} // namespace dms::cli
