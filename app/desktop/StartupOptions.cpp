// SPDX-License-Identifier: GPL-3.0-or-later
#include "StartupOptions.h"

#include "core/Tr.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace dms {

namespace { } // namespace

QString StartupOptions::defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("delovod.db"));
}

Result<StartupOptions> StartupOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr("Delovod: the registry office's desktop client."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption database(
        QStringLiteral("database"),
        Tr::tr("The database: an SQLite file (sqlite:/path/file.db) or postgresql://user@host/name."),
        Tr::tr("URL"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  Tr::tr("Fill the database with demonstration data first."));
    const QCommandLineOption user(QStringLiteral("user"), Tr::tr("Sign in as this user."), Tr::tr("LOGIN"));
    const QCommandLineOption language(QStringLiteral("language"),
                                      Tr::tr("The language of the interface (bg, en)."), Tr::tr("LANG"));
    const QCommandLineOption quitAfter(QStringLiteral("quit-after-ms"),
                                       Tr::tr("Quit after this many milliseconds (for smoke tests)."),
                                       Tr::tr("MS"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        Tr::tr("With --quit-after-ms: save a picture of the window (PNG) first."), Tr::tr("FILE"));
    parser.addOptions({database, demo, user, language, quitAfter, screenshot});

    if (!parser.parse(arguments))
        return makeError(ErrorCode::InvalidInput, parser.errorText());

    StartupOptions options;
    if (parser.isSet(helpOption)) {
        options.message = parser.helpText();
        return options;
    }
    if (parser.isSet(versionOption)) {
        options.message = QCoreApplication::applicationName() + QLatin1Char(' ')
            + QCoreApplication::applicationVersion() + QLatin1Char('\n');
        return options;
    }
    if (!parser.positionalArguments().isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("Unexpected argument: %1").arg(parser.positionalArguments().first()));

    options.demo = parser.isSet(demo);
    options.login = parser.value(user).trimmed();
    options.language = parser.value(language).trimmed();
    if (parser.isSet(quitAfter)) {
        bool ok = false;
        options.quitAfterMs = parser.value(quitAfter).toInt(&ok);
        if (!ok || options.quitAfterMs <= 0)
            return makeError(ErrorCode::InvalidInput,
                             Tr::tr("--quit-after-ms needs a positive number of milliseconds."));
    }

    options.screenshotPath = parser.value(screenshot).trimmed();
    if (!options.screenshotPath.isEmpty() && options.quitAfterMs == 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("--screenshot needs --quit-after-ms."));

    if (parser.isSet(database)) {
        options.databaseUrl = parser.value(database).trimmed();
        options.databaseSource = DatabaseSource::CommandLine;
        if (options.databaseUrl.isEmpty())
            return makeError(ErrorCode::InvalidInput, Tr::tr("--database needs a URL."));
        return options;
    }
    const QString configured = QSettings().value(databaseSettingKey()).toString().trimmed();
    if (!configured.isEmpty()) {
        options.databaseUrl = configured;
        options.databaseSource = DatabaseSource::Settings;
        return options;
    }
    options.databaseUrl = QStringLiteral("sqlite:") + defaultDatabasePath();
    options.databaseSource = DatabaseSource::Default;
    return options;
}

} // namespace dms
