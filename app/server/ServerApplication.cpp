// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerApplication.h"

#include "HealthEndpoint.h"
#include "HttpServer.h"
#include "Router.h"
#include "core/Clock.h"
#include "core/Tr.h"
#include "desk/FeedBackfill.h"
#include "eservices/EServiceEndpoints.h"
#include "opendata/OpenDataEndpoints.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "storage/Migrator.h"
#include "sync/SyncEndpoints.h"
#include "sync/SyncService.h"
#ifdef DMS_SERVER_EXCHANGE
#include "exchange/ExchangeEndpoint.h"
#include "exchange/ExchangeRuntime.h"
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QIODevice>
#include <QLoggingCategory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <memory>

namespace dms::server {

namespace {

Q_LOGGING_CATEGORY(dmsServer, "dms.server", QtInfoMsg)

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitError = 2;

QString description()
{
    return Tr::tr("The Delovod server.\n\n"
                  "--check-config validates the configuration (and the TLS files when set), checks that the "
                  "database opens and that its schema is current; --migrate brings the schema up to date; "
                  "--serve runs the HTTPS service until SIGTERM or SIGINT, then finishes the requests in "
                  "flight and exits. Without any of these, the program serves when the configuration "
                  "has the [tls] settings and otherwise says that it cannot serve (exit status 2).\n\n"
                  "The database is taken from --database, else from [database] url in the configuration "
                  "file, else from $DELOVOD_DATABASE: sqlite:/path/to/file.db or "
                  "postgresql://user:password@host:port/name (?host=/run/postgresql for a Unix socket).\n\n"
                  "Configuration file (INI; only [database] url and [tls] are needed to serve):\n"
                  "  [database]\n"
                  "  url=sqlite:/var/lib/delovod/delovod.db\n"
                  "  [http]\n"
                  "  address=127.0.0.1\n"
                  "  port=8080\n"
                  "  threads=2\n"
                  "  [tls]\n"
                  "  certificate=/etc/delovod/server.crt   (PEM, TLS 1.2 or newer only)\n"
                  "  key=/etc/delovod/server.key\n"
                  "  client_ca=/etc/delovod/desks-ca.crt   (desks must present a certificate from it)\n"
                  "  [limits]\n"
                  "  max_header_bytes=16384\n"
                  "  max_body_bytes=9437184\n"
                  "  request_timeout_ms=30000\n"
                  "  idle_timeout_ms=60000\n"
                  "  shutdown_timeout_ms=10000\n"
                  "  spool_dir=/var/lib/delovod/blobs/spool (bodies over 1 MiB; default: spool in the "
                  "blob directory)\n"
                  "  [exchange]                             (Article 18 / СЕОС; off unless enabled=true)\n"
                  "  enabled=true\n"
                  "  guid={…}                               (our administration's GUID in the registry)\n"
                  "  identifier=000695089                   (our identifier / ЕИК in the registry)\n"
                  "  name=…                                 (our administration's name)\n"
                  "  certificate=/etc/delovod/exchange.crt  (transport certificate, PEM: TLS client and "
                  "message signing)\n"
                  "  key=/etc/delovod/exchange.key          (its key, PEM, unencrypted)\n"
                  "  peers_ca=/etc/delovod/peers-ca.crt     (CA(s) of the peers' server certificates)\n"
                  "  delivery_interval_s=60                 (how often the outbox is delivered)\n"
                  "  max_message_bytes=157286400            (the largest Submit accepted; spooled to "
                  "disk)\n"
                  "  [public]                               (citizens' HTTPS listener, no client "
                  "certificate; on when certificate and key are set)\n"
                  "  address=0.0.0.0\n"
                  "  port=8443\n"
                  "  certificate=/etc/delovod/public.crt\n"
                  "  key=/etc/delovod/public.key\n"
                  "  requests_per_minute=30                 (status checks per client address)\n"
                  "  burst=10\n"
                  "  [eservices]                            (applications from the e-service portal)\n"
                  "  user=eportal                           (the user the intake registers as; empty: no "
                  "intake)\n"
                  "  trust_anchors=/etc/delovod/signers.pem (CA(s) for signed attachments, optional)\n"
                  "With [eservices] user set, the portal submits applications on POST "
                  "/api/v1/eservices/applications (mutual TLS); citizens check them on /eservices/status of "
                  "the public listener.\n"
                  "With [exchange] enabled the server answers Submit on POST /EGovExchange (the peers' "
                  "client certificates must come from a CA in [tls] client_ca) and delivers the outbox "
                  "in the background.\n\n"
                  "Each request is logged on standard error as one line (method, path, status, bytes, "
                  "duration, client certificate fingerprint prefix); bodies and query strings are never "
                  "logged.\n\n"
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
          << Tr::tr("HTTP address: %1:%2").arg(config.listenAddress).arg(config.port) << '\n';
    if (config.hasTls()) {
        const Status tls = HttpServer::checkTls(config.httpSettings());
        if (!tls)
            return fail(tls.error());
        m_out << Tr::tr("TLS: the certificate, key and client CA are valid.") << '\n';
    } else {
        m_out << Tr::tr("TLS: not configured; the server cannot serve without [tls].") << '\n';
    }
    if (config.hasPublicListener()) {
        const Status publicTls = HttpServer::checkTls(config.publicHttpSettings());
        if (!publicTls)
            return fail(publicTls.error());
        m_out << Tr::tr("Public listener: %1:%2; the certificate and key are valid.")
                     .arg(config.publicAddress)
                     .arg(config.publicPort)
              << '\n';
    }
    const OpenDataPublisher publisher = OpenDataEndpoints::publisherFrom(config, **opened);
    m_out << Tr::tr("Open data: %1, published by %2").arg(publisher.links.catalog(), publisher.name) << '\n';
    if (config.exchangeEnabled) {
#ifdef DMS_SERVER_EXCHANGE
        const Status exchange = ExchangeRuntime::check(config);
        if (!exchange)
            return fail(exchange.error());
        m_out << Tr::tr("Exchange: enabled for %1 (%2); the certificate, key and peers' CA are valid.")
                     .arg(config.exchangeIdentifier, config.exchangeGuid)
              << '\n';
#else
        return fail(Tr::tr("[exchange] is enabled, but this server was built without the exchange."));
#endif
    } else {
        m_out << Tr::tr("Exchange: disabled.") << '\n';
    }
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

int ServerApplication::serve(const ServerConfig &config)
{
    auto database = DatabaseConfig::fromUrl(config.databaseUrl);
    if (!database)
        return fail(database.error());
    auto opened = Database::open(*database, Database::Migration::CheckOnly);
    if (!opened)
        return fail(opened.error());
    {
        // Desks learn registers, users and what delovodctl wrote only through the feed.
        SystemClock clock;
        ServiceContext context {**opened, clock};
        auto published = FeedBackfill(context).publishUnpublished();
        if (!published)
            return fail(published.error());
    }

    Router router;
    // The citizens' listener (no client certificate): status page, open data.
    Router publicRouter;
    HealthEndpoint::install(router, *opened);
    const auto sync = SyncEndpoints::install(router, *opened, config);
    EServiceEndpoints::install(router, publicRouter, *opened, std::make_shared<SystemClock>(),
                               EServiceEndpoints::settingsFrom(config, **opened));
    OpenDataEndpoints::install(publicRouter, *opened, OpenDataEndpoints::publisherFrom(config, **opened));
#ifdef DMS_SERVER_EXCHANGE
    std::unique_ptr<ExchangeRuntime> exchange;
    if (config.exchangeEnabled) {
        auto started = ExchangeRuntime::start(router, *opened, config, sync.get());
        if (!started)
            return fail(started.error());
        exchange = std::move(started).value();
    }
#else
    if (config.exchangeEnabled)
        return fail(Tr::tr("[exchange] is enabled, but this server was built without the exchange."));
#endif
    HttpServerSettings httpSettings = config.httpSettings();
    httpSettings.spoolDir
        = config.effectiveSpoolDir((*opened)->isSqlite() ? (*opened)->config().path : QString());
#ifdef DMS_SERVER_EXCHANGE
    if (exchange)
        httpSettings.routeMaxBodyBytes.insert(QByteArray(ExchangeEndpoint::kDefaultPath),
                                              config.exchangeMaxMessageBytes);
#endif
    HttpServer server(
        httpSettings, [&router](const HttpRequest &request) { return router.handle(request); },
        [](const QByteArray &line) { qCInfo(dmsServer).noquote() << QString::fromUtf8(line); });
    std::unique_ptr<HttpServer> publicServer;
    if (config.hasPublicListener())
        publicServer = std::make_unique<HttpServer>(
            config.publicHttpSettings(),
            [&publicRouter](const HttpRequest &request) { return publicRouter.handle(request); },
            [](const QByteArray &line) {
                qCInfo(dmsServer).noquote() << QStringLiteral("public ") + QString::fromUtf8(line);
            });

    // Installed before the server starts, so that a signal never finds the default action.
    boost::asio::io_context signals;
    boost::asio::signal_set stopSignals(signals, SIGTERM, SIGINT);
    int received = 0;
    stopSignals.async_wait([&](const boost::system::error_code &error, int signal) {
        if (!error)
            received = signal;
        sync->shutdown(); // ends waiting pulls, so that stopping is not held up by them
#ifdef DMS_SERVER_EXCHANGE
        if (exchange)
            exchange->stop(); // after the delivery in progress, if any
#endif
        server.stop();
        if (publicServer)
            publicServer->stop();
    });

    const Status started = server.start();
    if (!started)
        return fail(started.error());
    if (publicServer) {
        const Status publicStarted = publicServer->start();
        if (!publicStarted) {
            server.stop();
            server.wait();
            return fail(publicStarted.error());
        }
    }
    m_out << Tr::tr("Serving https://%1:%2 (database %3).")
                 .arg(config.listenAddress)
                 .arg(server.port())
                 .arg(database->toDisplayUrl())
          << '\n';
    if (publicServer)
        m_out << Tr::tr("Serving the public pages on https://%1:%2.")
                     .arg(config.publicAddress)
                     .arg(publicServer->port())
              << '\n';
    m_out.flush();
    signals.run();
    server.wait();
    if (publicServer)
        publicServer->wait();
    m_out << Tr::tr("Stopped (signal %1).").arg(received) << '\n';
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
    const QCommandLineOption serveOption(
        QStringLiteral("serve"), Tr::tr("Serve HTTPS until SIGTERM or SIGINT (needs the [tls] settings)."));
    parser.addOptions({configOption, databaseOption, checkOption, migrateOption, serveOption});
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

    if (parser.isSet(serveOption) && parser.isSet(checkOption)) {
        fail(Tr::tr("--serve and --check-config cannot be combined."));
        return kExitUsage;
    }

    auto config
        = loadConfig(parser.value(configOption), parser.value(databaseOption), parser.isSet(databaseOption));
    if (!config)
        return fail(config.error());

    const bool serving
        = parser.isSet(serveOption) || (!parser.isSet(migrateOption) && !parser.isSet(checkOption));
    if (serving && !config->hasTls())
        return fail(Tr::tr("The server cannot serve without TLS: set [tls] certificate, key and client_ca in "
                           "the configuration file (--check-config validates them)."));

    if (parser.isSet(migrateOption)) {
        const int status = migrate(*config);
        if (status != kExitOk || (!parser.isSet(checkOption) && !parser.isSet(serveOption)))
            return status;
    }
    if (serving)
        return serve(*config);
    return checkConfig(*config);
}

} // namespace dms::server
