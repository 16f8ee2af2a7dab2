// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerApplication.h"

#include "core/Tr.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "storage/Migrator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QIODevice>

#include <cstdio>

namespace dms::server {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitError = 2;

QString description()
{
    return Tr::tr("The Delovod server.\n\n"
                  "This version prepares a server: --check-config validates the configuration and checks "
                  "that the database opens and its schema is current; --migrate brings the schema up to "
                  "date. The HTTP service comes with a later version: started without --check-config or "
                  "--migrate, the program says so and exits with status 2.\n\n"
                  "The database is taken from --database, else from [database] url in the configuration "
                  "file, else from $DELOVOD_DATABASE: sqlite:/path/to/file.db or "
                  "postgresql://user:password@host:port/name (?host=/run/postgresql for a Unix socket).\n\n"
                  "Configuration file (INI):\n"
                  "  [database]\n"
                  "  url=sqlite:/var/lib/delovod/delovod.db\n"
                  "  [http]\n"
                  "  address=127.0.0.1\n"
                  "  port=8080\n\n"
                  "Exit status: 0 success, 1 wrong command line, 2 failure (the reason is on standard "
                  "error).");
}

} // namespace

ServerApplication::ServerApplication()
    : m_out(stdout, QIODevice::WriteOnly)
    , m_err(stderr, QIODevice::WriteOnly)
{
    m_out.setEncoding(QStringConverter::Utf8);
    m_err.setEncoding(QStringConverter::Utf8);
}

ServerApplication::~ServerApplication()
{
    m_out.flush();
    m_err.flush();
}

int ServerApplication::fail(const QString &message)
{
    m_out.flush();
    m_err << QCoreApplication::applicationName() << ": " << message << '\n';
    m_err.flush();
    return kExitError;
}

int ServerApplication::fail(const Error &error)
{
    if (!error.detail.contains(QLatin1Char('\n')))
        return fail(error.toString());
    // A list of problems: one per line under the message.
    fail(error.message);
    for (const QString &line : error.detail.split(QLatin1Char('\n')))
        m_err << "  " << line << '\n';
    m_err.flush();
    return kExitError;
}

Result<ServerConfig> ServerApplication::loadConfig(const QString &configPath, const QString &databaseOption,
                                                   bool databaseGiven)
{
    ServerConfig config;
    if (!configPath.isEmpty()) {
        auto loaded = ServerConfig::load(configPath);
        if (!loaded)
            return loaded.error();
        config = *loaded;
    }
    if (databaseGiven)
        config.databaseUrl = databaseOption.trimmed();
    else if (config.databaseUrl.isEmpty())
        config.databaseUrl = qEnvironmentVariable("DELOVOD_DATABASE").trimmed();
    if (config.databaseUrl.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("No database: give --database URL, set [database] url in the configuration "
                                "file or set DELOVOD_DATABASE."));
    return config;
}

int ServerApplication::checkConfig(const ServerConfig &config)
{
    auto database = DatabaseConfig::fromUrl(config.databaseUrl);
    if (!database)
        return fail(database.error());
    // A check must not create anything: a missing SQLite file is an error, not a new database.
    if (database->isSqlite() && !QFileInfo::exists(database->path))
        return fail(
            makeError(ErrorCode::NotFound, Tr::tr("There is no database at this path."), database->path));
    auto opened = Database::open(*database, Database::Migration::CheckOnly);
    if (!opened)
        return fail(opened.error());
    auto version = (*opened)->schemaVersion();
    if (!version)
        return fail(version.error());
    m_out << Tr::tr("The configuration is valid.") << '\n'
          << Tr::tr("Database: %1 (schema version %2, current)").arg(database->toDisplayUrl()).arg(*version)
          << '\n'
          << Tr::tr("HTTP address: %1:%2 (used once the HTTP service is available)")
                 .arg(config.listenAddress)
                 .arg(config.port)
          << '\n';
    return kExitOk;
}

int ServerApplication::migrate(const ServerConfig &config)
{
    auto database = DatabaseConfig::fromUrl(config.databaseUrl);
    if (!database)
        return fail(database.error());
    auto opened = Database::open(*database, Database::Migration::Apply);
    if (!opened)
        return fail(opened.error());
    auto version = (*opened)->schemaVersion();
    if (!version)
        return fail(version.error());
    m_out << Tr::tr("The database schema of %1 is at version %2.").arg(database->toDisplayUrl()).arg(*version)
          << '\n';
    return kExitOk;
}

int ServerApplication::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption configOption({QStringLiteral("c"), QStringLiteral("config")},
                                          Tr::tr("Read the settings from this INI file."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption databaseOption(
        {QStringLiteral("d"), QStringLiteral("database")},
        Tr::tr("The database URL; overrides the configuration file and $DELOVOD_DATABASE."),
        QStringLiteral("URL"));
    const QCommandLineOption checkOption(
        QStringLiteral("check-config"),
        Tr::tr("Validate the configuration, open the database and check that its schema is current."));
    const QCommandLineOption migrateOption(
        QStringLiteral("migrate"), Tr::tr("Bring the database schema up to date (creates an SQLite file)."));
    parser.addOptions({configOption, databaseOption, checkOption, migrateOption});
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();

    if (!parser.parse(arguments)) {
        fail(parser.errorText());
        m_err << Tr::tr("Try '%1 --help' for more information.").arg(QCoreApplication::applicationName())
              << '\n';
        return kExitUsage;
    }
    if (parser.isSet(helpOption)) {
        m_out << parser.helpText();
        return kExitOk;
    }
    if (parser.isSet(versionOption)) {
        m_out << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion() << '\n';
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        fail(Tr::tr("Unexpected argument '%1'.").arg(parser.positionalArguments().constFirst()));
        return kExitUsage;
    }

    if (!parser.isSet(migrateOption) && !parser.isSet(checkOption))
        return fail(Tr::tr("This version cannot serve yet: the HTTP service comes with a later version of "
                           "Delovod. Use --check-config or --migrate."));

    auto config
        = loadConfig(parser.value(configOption), parser.value(databaseOption), parser.isSet(databaseOption));
    if (!config)
        return fail(config.error());

    if (parser.isSet(migrateOption)) {
        const int status = migrate(*config);
        if (status != kExitOk || !parser.isSet(checkOption))
            return status;
    }
    return checkConfig(*config);
}

} // namespace dms::server
