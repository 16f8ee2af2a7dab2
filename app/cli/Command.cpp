// SPDX-License-Identifier: GPL-3.0-or-later
#include "Command.h"

#include "AdminCommands.h"
#include "ExchangeCommands.h"
#include "ExportCommands.h"
#include "JournalCommands.h"
#include "MunicipalRegisterCommands.h"
#include "RegistrationCommands.h"
#include "ScanCommands.h"
#include "ServiceCommands.h"
#include "SigningCommands.h"
#include "SyncCommands.h"

#include <QCoreApplication>

namespace dms::cli {

QList<Command> allCommands()
{
    return adminCommands() + registrationCommands() + journalCommands() + scanCommands() + signingCommands()
        + exchangeCommands() + syncCommands() + exportCommands() + municipalRegisterCommands()
        + serviceCommands();
}

QList<QCommandLineOption> globalOptions()
{
    return {
        QCommandLineOption({QStringLiteral("d"), QStringLiteral("database")},
                           QCoreApplication::translate(
                               "dms", "The database (see DATABASE URLS); default: $DELOVOD_DATABASE."),
                           QStringLiteral("URL")),
        QCommandLineOption(
            {QStringLiteral("u"), QStringLiteral("user")},
            QCoreApplication::translate("dms",
                                        "Act as this user; default: $DELOVOD_USER, else the login of the "
                                        "operating-system account."),
            QStringLiteral("LOGIN")),
        QCommandLineOption(QStringLiteral("verbose"),
                           QCoreApplication::translate("dms",
                                                       "Also print the libraries' informational messages "
                                                       "(applied migrations and the like).")),
        QCommandLineOption(
            {QStringLiteral("h"), QStringLiteral("help")},
            QCoreApplication::translate("dms", "Show the help, of one command when given after it.")),
        QCommandLineOption({QStringLiteral("v"), QStringLiteral("version")},
                           QCoreApplication::translate("dms", "Show the version and exit.")),
    };
}

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"),
                              QCoreApplication::translate("dms", "Print the result as JSON (UTF-8)."));
}

} // namespace dms::cli
