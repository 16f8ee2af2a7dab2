// SPDX-License-Identifier: GPL-3.0-or-later
// Desk sync through delovod-server's HTTPS stack (HttpServer + SyncEndpoints, mutual
// TLS on loopback, desks on NetworkSyncTransport):
//   1. registrations per second from 8 concurrent desks, one command per push and 50
//      per push, against RegistrationService called in process by 8 threads (baseline);
//   2. initial sync of 100,000 document records to a new desk (goal < 10 s);
//   3. latency of one change reaching another desk by long-poll (goal < 200 ms).
//
//   bench_sync [--count N] [--initial M] [--desks D] [--page P] [--pg]
//   tests/scripts/with-postgres.sh build/tests/bench/bench_sync --pg

#include "BenchDatabase.h"
#include "HttpServer.h"
#include "NetworkSyncTransport.h"
#include "Router.h"
#include "TestPki.h"
#include "core/Ids.h"
#include "services/RegistrationService.h"
#include "services/UserService.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/ChangeFeed.h"
#include "sync/DeskDirectory.h"
#include "sync/SyncEndpoints.h"
#include "sync/SyncEngine.h"
#include "sync/SyncService.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <thread>

using namespace dms;

namespace {

struct Options
{
    int count = 250; ///< registrations per desk
    int initial = 100'000;
    int desks = 8;
    int page = 10'000; ///< pull page of the new desk
    bool pg = false;
};

TestPki *g_pki = nullptr;

QString pki(const QString &name)
{
    return g_pki->path(name);
}

/** CPU time of the whole process (server and desk run in it), in ms: unlike the
 *  wall clock, barely moved by other work on a shared machine. */
double processCpuMs()
{
    timespec t {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

NetworkSyncSettings netSettings(quint16 port, const QString &desk)
{
    NetworkSyncSettings s;
    s.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port));
    s.certificateFile = pki(desk + QStringLiteral(".crt"));
    s.keyFile = pki(desk + QStringLiteral(".key"));
    s.caFile = pki(QStringLiteral("ca.crt"));
    return s;
}

QJsonObject registerOp(const QString &registerId, int n)
{
    return {{QStringLiteral("op_id"), Ids::create()},
            {QStringLiteral("kind"), QStringLiteral("registration.create")},
            {QStringLiteral("payload"),
             QJsonObject {{QStringLiteral("register_id"), registerId},
                          {QStringLiteral("document"),
                           QJsonObject {{QStringLiteral("kind"), QStringLiteral("Заявление")},
                                        {QStringLiteral("subject"),
                                         QStringLiteral("Заявление за достъп %1").arg(n)}}}}}};
}

void report(const char *name, qint64 count, qint64 ms)
{
    std::printf("%-58s %8lld %8.2f s %9.0f /s\n", name, count, ms / 1000.0,
                ms > 0 ? count * 1000.0 / ms : 0.0);
    std::fflush(stdout);
}

/** Runs `work(desk)` on `desks` threads (QThreads, so that each may run a local event loop). */
qint64 onThreads(int desks, const std::function<void(int)> &work)
{
    QElapsedTimer timer;
    timer.start();
    std::vector<QThread *> threads;
    for (int d = 0; d < desks; ++d) {
        threads.push_back(QThread::create([&work, d] { work(d); }));
        threads.back()->start();
    }
    for (QThread *thread : threads) {
        thread->wait();
        delete thread;
    }
    return timer.elapsed();
}

qint64 registrations(Database &database)
{
    auto conn = database.connection();
    auto value = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM registration"));
    return value ? value->toLongLong() : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Options options;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--count") && i + 1 < args.size())
            options.count = args[++i].toInt();
        else if (args[i] == QLatin1String("--initial") && i + 1 < args.size())
            options.initial = args[++i].toInt();
        else if (args[i] == QLatin1String("--desks") && i + 1 < args.size())
            options.desks = args[++i].toInt();
        else if (args[i] == QLatin1String("--page") && i + 1 < args.size())
            options.page = args[++i].toInt();
        else if (args[i] == QLatin1String("--pg"))
            options.pg = true;
        else {
            std::fprintf(stderr,
                         "usage: bench_sync [--count N] [--initial M] [--desks D] [--page P] [--pg]\n");
            return 1;
        }
    }
    QTemporaryDir dir;
    TestPki testPki(dir.filePath(QStringLiteral("pki")));
    g_pki = &testPki;
    if (!testPki.makeCa(QStringLiteral("ca"))
        || !testPki.makeLeaf(QStringLiteral("server"), QStringLiteral("ca"), QStringLiteral("/CN=localhost"),
                             QStringLiteral("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")))
        return 2;
    const int deskCount = options.desks + 2; // + the new desk and the listening desk
    for (int d = 0; d < deskCount; ++d) {
        if (!testPki.makeLeaf(QStringLiteral("desk%1").arg(d), QStringLiteral("ca"),
                              QStringLiteral("/CN=desk%1").arg(d),
                              QStringLiteral("extendedKeyUsage=clientAuth\n")))
            return 2;
    }

    DatabaseConfig config;
    config.path = dir.filePath(QStringLiteral("server.db"));
    config.durability = DatabaseConfig::Durability::Normal;
    auto bench = options.pg ? BenchDatabase::createPostgres() : BenchDatabase::open(config);
    if (!bench) {
        std::fprintf(stderr, "%s\n", qPrintable(bench.error().toString()));
        return 2;
    }
    BenchDatabase &db = **bench;
    std::printf("engine: %s, %d desks, %d registrations per desk\n",
                options.pg ? "PostgreSQL" : "SQLite (WAL, normal)", options.desks, options.count);

    // Baseline: the service in process, same concurrency.
    const QString registerId = db.registerIds.value(0);
    qint64 before = registrations(db.database());
    qint64 ms = onThreads(options.desks, [&](int d) {
        RegistrationService service(db.context());
        for (int i = 0; i < options.count; ++i) {
            NewRegistration request;
            request.registerId = registerId;
            request.document.kind = QStringLiteral("Заявление");
            request.document.subject = QStringLiteral("Заявление %1-%2").arg(d).arg(i);
            if (!service.registerDocument(db.clerk, request))
                std::fprintf(stderr, "in-process registration failed\n");
        }
    });
    report("in process: RegistrationService, 8 threads", registrations(db.database()) - before, ms);

    // The server on loopback.
    SyncSettings settings;
    settings.blobDir = dir.filePath(QStringLiteral("blobs"));
    settings.maxWaitingPulls = 4;
    auto service = std::make_shared<SyncService>(db.context(), settings);
    Session admin;
    {
        UserService users(db.context());
        auto session = users.sessionFor(QStringLiteral("admin"));
        if (!session)
            return 2;
        admin = *session;
    }
    for (int d = 0; d < deskCount; ++d) {
        if (!service->desks().add(admin, QStringLiteral("desk%1").arg(d),
                                  QString::fromLatin1(testPki.fingerprint(QStringLiteral("desk%1").arg(d)))))
            return 2;
    }
    server::Router router;
    server::SyncEndpoints::install(router, service);
    server::HttpServerSettings http;
    http.port = 0;
    http.threads = 12;
    http.certificateFile = pki(QStringLiteral("server.crt"));
    http.keyFile = pki(QStringLiteral("server.key"));
    http.clientCaFile = pki(QStringLiteral("ca.crt"));
    server::HttpServer httpServer(
        http, [&router](const server::HttpRequest &r) { return router.handle(r); },
        [](const QByteArray &) {});
    if (!httpServer.start())
        return 2;
    const quint16 port = httpServer.port();

    for (int perPush : {1, 50}) {
        before = registrations(db.database());
        std::atomic<int> failures {0};
        ms = onThreads(options.desks, [&](int d) {
            const NetworkSyncSettings s = netSettings(port, QStringLiteral("desk%1").arg(d));
            auto tls = NetworkSyncTransport::loadTls(s);
            if (!tls) {
                ++failures;
                return;
            }
            NetworkSyncTransport transport(s, *tls);
            auto login = transport.send({"POST", "/api/v1/sync/login", {}, R"({"login":"clerk"})", {}});
            if (!login || login->status != 200) {
                ++failures;
                return;
            }
            const QString session = login->body.value(QStringLiteral("session")).toString();
            for (int i = 0; i < options.count; i += perPush) {
                QJsonArray ops;
                for (int k = i; k < std::min(options.count, i + perPush); ++k)
                    ops.append(registerOp(registerId, k));
                auto reply
                    = transport.send({"POST",
                                      "/api/v1/sync/push",
                                      {{QStringLiteral("session"), session}},
                                      QJsonDocument(QJsonObject {{QStringLiteral("ops"), ops}}).toJson(),
                                      {}});
                if (!reply || reply->status != 200)
                    ++failures;
            }
        });
        const QByteArray name
            = QStringLiteral("through the server: 8 desks, %1 command(s) per push").arg(perPush).toUtf8();
        report(name.constData(), registrations(db.database()) - before, ms);
        if (failures)
            std::fprintf(stderr, "  %d failed requests\n", failures.load());
    }

    // Initial sync: the feed is filled with `initial` registration records (the
    // shape the server publishes), then a new desk pulls them into its replica.
    {
        auto tx = Transaction::begin(db.database());
        if (!tx)
            return 2;
        QList<SyncChange> changes;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < options.initial; ++i) {
            const QString id = Ids::create(now);
            changes.append(
                {0, QStringLiteral("registration"), id, QStringLiteral("internal"),
                 QJsonObject {
                     {QStringLiteral("id"), id},
                     {QStringLiteral("register_id"), registerId},
                     {QStringLiteral("year"), 2026},
                     {QStringLiteral("number"), 100000 + i},
                     {QStringLiteral("sub_number"), 0},
                     {QStringLiteral("index"), QStringLiteral("СОА26-ВК66-%1/04.12.2026").arg(100000 + i)},
                     {QStringLiteral("registered_at"), now.toString(Qt::ISODateWithMs)},
                     {QStringLiteral("document_id"), Ids::create(now)},
                     {QStringLiteral("status"), QStringLiteral("active")},
                     {QStringLiteral("kind"), QStringLiteral("Заявление")},
                     {QStringLiteral("subject"),
                      QStringLiteral("Заявление за издаване на удостоверение за наследници %1").arg(i)},
                     {QStringLiteral("access_level"), QStringLiteral("internal")}},
                 now});
        }
        if (!ChangeFeed::append(*tx, changes) || !tx->commit())
            return 2;
    }
    auto feedSize = ChangeFeed::lastSeq(db.database());
    DatabaseConfig deskConfig;
    deskConfig.path = dir.filePath(QStringLiteral("new-desk.db"));
    deskConfig.durability = DatabaseConfig::Durability::Normal;
    auto deskDb = Database::open(deskConfig);
    if (!deskDb || !feedSize)
        return 2;
    SystemClock clock;
    SyncEngineSettings engineSettings;
    engineSettings.userLogin = QStringLiteral("clerk");
    engineSettings.pullLimit = options.page;
    engineSettings.pollWaitSeconds = 10;
    const NetworkSyncSettings newDesk = netSettings(port, QStringLiteral("desk%1").arg(options.desks));
    auto newTls = NetworkSyncTransport::loadTls(newDesk);
    if (!newTls)
        return 2;
    SyncEngine engine(
        *deskDb, clock,
        [newDesk, tls = *newTls] { return std::make_unique<NetworkSyncTransport>(newDesk, tls); },
        engineSettings);
    QElapsedTimer timer;
    timer.start();
    const double cpuBefore = processCpuMs();
    engine.start();
    while (*engine.cursor() < *feedSize && timer.elapsed() < 300'000)
        QThread::msleep(5);
    const qint64 syncMs = timer.elapsed();
    const double syncCpuMs = processCpuMs() - cpuBefore;
    const int replicated = *engine.replicaCount(QStringLiteral("registration"));
    std::printf("%-58s %8d %8.2f s %9.0f /s   (goal < 10 s; %d per page, CPU %.2f s)\n",
                "initial sync of a new desk (records in its replica)", replicated, syncMs / 1000.0,
                replicated * 1000.0 / std::max<qint64>(1, syncMs), options.page, syncCpuMs / 1000.0);

    // Latency: the new desk long-polls; another desk pushes one registration.
    const NetworkSyncSettings writer = netSettings(port, QStringLiteral("desk%1").arg(options.desks + 1));
    auto writerTls = NetworkSyncTransport::loadTls(writer);
    NetworkSyncTransport transport(writer, *writerTls);
    auto login = transport.send({"POST", "/api/v1/sync/login", {}, R"({"login":"clerk"})", {}});
    if (!login || login->status != 200)
        return 2;
    const QString session = login->body.value(QStringLiteral("session")).toString();
    std::vector<double> latencies;
    for (int i = 0; i < 20; ++i) {
        QThread::msleep(100); // let the desk settle into its long-poll
        const qint64 target = *engine.cursor() + 1;
        QElapsedTimer t;
        t.start();
        auto reply = transport.send(
            {"POST",
             "/api/v1/sync/push",
             {{QStringLiteral("session"), session}},
             QJsonDocument(QJsonObject {{QStringLiteral("ops"), QJsonArray {registerOp(registerId, i)}}})
                 .toJson(),
             {}});
        const qint64 acknowledged = t.nsecsElapsed();
        if (!reply || reply->status != 200)
            return 2;
        while (*engine.cursor() < target && t.elapsed() < 10'000)
            QThread::usleep(200);
        latencies.push_back(t.nsecsElapsed() / 1e6);
        (void)acknowledged;
    }
    engine.stop();
    std::sort(latencies.begin(), latencies.end());
    std::printf("%-58s median %.1f ms, max %.1f ms (goal < 200 ms)\n",
                "change reaching another desk (push start → replica)", latencies[latencies.size() / 2],
                latencies.back());
    service->shutdown();
    httpServer.stop();
    httpServer.wait();
    return 0;
}
