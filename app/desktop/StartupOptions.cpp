// SPDX-License-Identifier: GPL-3.0-or-later
#include "StartupOptions.h"

#include "core/Tr.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

namespace dms {

QString StartupOptions::defaultReplicaPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("desk-replica.db"));
}

QString StartupOptions::embeddedReplicaPath(const QString &databaseUrl)
{
    QString path = databaseUrl;
    if (path.startsWith(QLatin1String("sqlite:")))
        path = path.mid(7);
    if (!path.contains(QLatin1String("://")) && !path.isEmpty()) {
        const QFileInfo file(path);
        return file.dir().filePath(file.completeBaseName() + QStringLiteral("-desk.db"));
    }
    const QByteArray key
        = QCryptographicHash::hash(databaseUrl.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("desk-%1.db").arg(QString::fromLatin1(key)));
}

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
    const QCommandLineOption server(
        QStringLiteral("server"), Tr::tr("Work against delovod-server at this address (https://host:port)."),
        Tr::tr("URL"));
    const QCommandLineOption cert(QStringLiteral("cert"),
                                  Tr::tr("With --server: this desk's certificate (PEM)."), Tr::tr("FILE"));
    const QCommandLineOption key(QStringLiteral("key"), Tr::tr("With --server: its private key (PEM)."),
                                 Tr::tr("FILE"));
    const QCommandLineOption ca(QStringLiteral("ca"),
                                Tr::tr("With --server: the CA of the server's certificate (PEM)."),
                                Tr::tr("FILE"));
    const QCommandLineOption deskCode(QStringLiteral("desk-code"),
                                      Tr::tr("This desk's code in provisional numbers (ВР-CODE-n)."),
                                      Tr::tr("CODE"));
    const QCommandLineOption replica(QStringLiteral("replica"), Tr::tr("This desk's local replica (a file)."),
                                     Tr::tr("FILE"));
    parser.addOptions(
        {database, demo, user, language, quitAfter, screenshot, server, cert, key, ca, deskCode, replica});

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

    const QSettings settings;
    const auto valueOf = [&](const QCommandLineOption &option, const QString &settingKey) {
        return parser.isSet(option) ? parser.value(option).trimmed()
                                    : settings.value(settingKey).toString().trimmed();
    };
    options.deskCode = valueOf(deskCode, deskCodeSettingKey());
    options.replicaPath = parser.value(replica).trimmed();
    if (parser.isSet(server) && parser.isSet(database))
        return makeError(ErrorCode::InvalidInput, Tr::tr("Give either --server or --database, not both."));
    options.serverUrl = parser.isSet(database) ? QString() : valueOf(server, serverSettingKey());
    if (!options.serverUrl.isEmpty()) {
        options.certificateFile = valueOf(cert, certificateSettingKey());
        options.keyFile = valueOf(key, keySettingKey());
        options.caFile = valueOf(ca, caSettingKey());
        const QUrl url(options.serverUrl);
        if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             Tr::tr("--server needs an https:// address: %1").arg(options.serverUrl));
        if (options.certificateFile.isEmpty() || options.keyFile.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             Tr::tr("--server needs this desk's certificate and key (--cert, --key)."));
        if (options.demo)
            return makeError(ErrorCode::InvalidInput, Tr::tr("--demo works only on an embedded office."));
        if (options.replicaPath.isEmpty())
            options.replicaPath = defaultReplicaPath();
        return options;
    }
    if (parser.isSet(database)) {
        options.databaseUrl = parser.value(database).trimmed();
        options.databaseSource = DatabaseSource::CommandLine;
        if (options.databaseUrl.isEmpty())
            return makeError(ErrorCode::InvalidInput, Tr::tr("--database needs a URL."));
    } else if (const QString configured = settings.value(databaseSettingKey()).toString().trimmed();
               !configured.isEmpty()) {
        options.databaseUrl = configured;
        options.databaseSource = DatabaseSource::Settings;
    } else {
        options.databaseUrl = QStringLiteral("sqlite:") + defaultDatabasePath();
        options.databaseSource = DatabaseSource::Default;
    }
    if (options.replicaPath.isEmpty())
        options.replicaPath = embeddedReplicaPath(options.databaseUrl);
    return options;
}

} // namespace dms
