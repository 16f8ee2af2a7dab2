// SPDX-License-Identifier: GPL-3.0-or-later
// delovod-server (the real program) and several desks (SyncEngine over HTTPS with
// mutual TLS) on loopback. The server's database is a TempDatabase: SQLite, or the
// throwaway PostgreSQL cluster in the _pg variant.
#include "NetworkSyncTransport.h"
#include "TempDatabase.h"
#include "TestPki.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "sync/DeskDirectory.h"
#include "sync/SyncEngine.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#ifndef DELOVOD_SERVER_PATH
#error "DELOVOD_SERVER_PATH must name delovod-server (see tests/integration/CMakeLists.txt)"
#endif
#ifndef OPENSSL_PATH
#error "OPENSSL_PATH must name the openssl program (see tests/integration/CMakeLists.txt)"
#endif

using namespace dms;

class tst_SyncOverHttps : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SystemClock m_clock;

    TestPki m_pki {m_dir.filePath(QStringLiteral("pki")), QStringLiteral(OPENSSL_PATH)};

    QString pki(const QString &name) const { return m_pki.path(name); }

    QString fingerprint(const QString &name) const { return QString::fromLatin1(m_pki.fingerprint(name)); }

    /** delovod-server on loopback; port 0 picks one, later starts reuse it. */
    struct Server
    {
        QProcess process;
        quint16 port = 0;
    };

    bool startServer(Server &server, TempDatabase &db, quint16 port = 0, qint64 maxBody = 9 * 1024 * 1024)
    {
        const QString path = m_dir.filePath(Ids::create() + QStringLiteral(".ini"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        file.write(
            QStringLiteral("[database]\nurl=\"%1\"\n[http]\naddress=127.0.0.1\nport=%2\nthreads=8\n"
                           "[tls]\ncertificate=pki/server.crt\nkey=pki/server.key\nclient_ca=pki/ca.crt\n"
                           "[limits]\nmax_body_bytes=%3\nshutdown_timeout_ms=3000\n[sync]\nblob_dir=%4\n")
                .arg(db.config().isSqlite() ? QStringLiteral("sqlite:") + db.config().path
                                            : db.config().toDisplayUrl())
                .arg(port)
                .arg(maxBody)
                .arg(m_dir.filePath(QStringLiteral("blobs")))
                .toUtf8());
        file.close();
        server.process.setProcessChannelMode(QProcess::SeparateChannels);
        server.process.start(QStringLiteral(DELOVOD_SERVER_PATH), {"--config", path, "--serve"});
        if (!server.process.waitForStarted(10'000))
            return false;
        QByteArray out;
        const QRegularExpression serving(QStringLiteral("Serving https://127\\.0\\.0\\.1:(\\d+)"));
        QRegularExpressionMatch match;
        QElapsedTimer timer;
        timer.start();
        while (!(match = serving.match(QString::fromUtf8(out))).hasMatch() && timer.elapsed() < 20'000
               && server.process.state() == QProcess::Running) {
            server.process.waitForReadyRead(100);
            out += server.process.readAllStandardOutput();
        }
        if (!match.hasMatch()) {
            qWarning() << out << server.process.readAllStandardError();
            return false;
        }
        server.port = quint16(match.captured(1).toUInt());
        return true;
    }

    static void stopServer(Server &server)
    {
        server.process.terminate();
        if (!server.process.waitForFinished(15'000))
            server.process.kill();
        server.process.waitForFinished(5'000);
    }

    NetworkSyncSettings netSettings(quint16 port, const QString &desk) const
    {
        NetworkSyncSettings s;
        s.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port));
        s.certificateFile = pki(desk + QStringLiteral(".crt"));
        s.keyFile = pki(desk + QStringLiteral(".key"));
        s.caFile = pki(QStringLiteral("ca.crt"));
        s.timeoutMs = 10'000;
        return s;
    }

    /** One desk: its local SQLite replica and its engine. */
    struct DeskHandle
    {
        std::shared_ptr<Database> local;
        std::unique_ptr<SyncEngine> engine;
    };

    DeskHandle makeDesk(quint16 port, const QString &desk, const QString &user)
    {
        DeskHandle handle;
        DatabaseConfig config;
        config.path = m_dir.filePath(desk + Ids::create() + QStringLiteral(".db"));
        config.durability = DatabaseConfig::Durability::Normal;
        auto opened = Database::open(config);
        if (!opened) {
            qWarning() << opened.error().toString();
            return handle;
        }
        handle.local = *opened;
        const NetworkSyncSettings settings = netSettings(port, desk);
        auto tls = NetworkSyncTransport::loadTls(settings);
        if (!tls) {
            qWarning() << tls.error().toString();
            return handle;
        }
        SyncEngineSettings engineSettings;
        engineSettings.userLogin = user;
        engineSettings.deskCode = desk;
        engineSettings.pollWaitSeconds = 1;
        engineSettings.retryIntervalMs = 200;
        handle.engine = std::make_unique<SyncEngine>(
            handle.local, m_clock,
            [settings, tls = *tls] { return std::make_unique<NetworkSyncTransport>(settings, tls); },
            engineSettings);
        return handle;
    }

    static NewRegistration incoming(const QString &registerId, const QString &subject)
    {
        NewRegistration request;
        request.registerId = registerId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = subject;
        return request;
    }

    static qint64 scalar(Database &database, const QString &sql)
    {
        auto conn = database.connection();
        auto value = Sql::scalar(*conn, sql);
        return value ? value->toLongLong() : -1;
    }

    bool registerDesks(TempDatabase &db, const QStringList &desks)
    {
        DeskDirectory directory(db.context());
        for (const QString &desk : desks) {
            if (!directory.add(db.admin, desk, fingerprint(desk)))
                return false;
        }
        return true;
    }

    /** Numbers 1…n, each once, in the incoming register. */
    static bool gapFree(Database &database, int n)
    {
        return scalar(database, QStringLiteral("SELECT COUNT(*) FROM registration")) == n
            && scalar(database, QStringLiteral("SELECT COUNT(DISTINCT number) FROM registration")) == n
            && scalar(database, QStringLiteral("SELECT MAX(number) FROM registration")) == n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DELOVOD_LANG", "en");
        QVERIFY(m_dir.isValid());
        QVERIFY(m_pki.makeCa(QStringLiteral("ca")));
        QVERIFY(m_pki.makeCa(QStringLiteral("other")));
        QVERIFY(m_pki.makeLeaf(
            QStringLiteral("server"), QStringLiteral("ca"), QStringLiteral("/CN=localhost"),
            QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")));
        for (const QString &desk : {QStringLiteral("desk1"), QStringLiteral("desk2"), QStringLiteral("desk3"),
                                    QStringLiteral("unregistered")})
            QVERIFY(m_pki.makeLeaf(desk, QStringLiteral("ca"), QStringLiteral("/O=Test Office/CN=") + desk,
                                   QStringLiteral("extendedKeyUsage=clientAuth\n")));
        QVERIFY(m_pki.makeLeaf(QStringLiteral("stranger"), QStringLiteral("other"),
                               QStringLiteral("/CN=desk1"), QStringLiteral("extendedKeyUsage=clientAuth\n")));
    }

    void desksNumberGapFreeAndSeeEveryChange()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const QStringList names {"desk1", "desk2", "desk3"};
        QVERIFY(registerDesks(db, names));
        Server server;
        QVERIFY(startServer(server, db));
        std::vector<DeskHandle> desks;
        for (const QString &name : names) {
            desks.push_back(makeDesk(server.port, name, QStringLiteral("clerk")));
            QVERIFY(desks.back().engine);
            desks.back().engine->start();
        }
        constexpr int kPerDesk = 10;
        for (int i = 0; i < kPerDesk; ++i) {
            for (size_t d = 0; d < desks.size(); ++d)
                QVERIFY(desks[d].engine->registerDocument(
                    incoming(db.incomingRegisterId, QStringLiteral("Писмо %1 от гише %2").arg(i).arg(d))));
        }
        const int total = kPerDesk * int(desks.size());
        for (DeskHandle &desk : desks) {
            QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->outbox().count("applied"), kPerDesk, 20'000);
            QTRY_COMPARE_WITH_TIMEOUT(desk.engine->state(), SyncState::Online, 10'000);
        }
        QVERIFY(gapFree(db.database(), total));
        // Every desk's replica has every registration, with its official index.
        for (DeskHandle &desk : desks)
            QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->replicaCount("registration"), total, 10'000);
        auto entries = desks[0].engine->outbox().pending(1);
        QVERIFY(entries && entries->isEmpty());
        for (DeskHandle &desk : desks)
            desk.engine->stop();
        stopServer(server);
        QCOMPARE(server.process.exitCode(), 0);
    }

    void offlineDeskGetsOfficialNumbersOnReconnect()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(registerDesks(db, {"desk1", "desk2"}));
        Server server;
        QVERIFY(startServer(server, db));
        const quint16 port = server.port;
        DeskHandle desk = makeDesk(port, "desk1", "clerk");
        DeskHandle other = makeDesk(port, "desk2", "clerk");
        desk.engine->start();
        other.engine->start();
        QVERIFY(desk.engine->registerDocument(incoming(db.incomingRegisterId, "Преди прекъсването")));
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->outbox().count("applied"), 1, 10'000);

        stopServer(server);
        QTRY_COMPARE_WITH_TIMEOUT(desk.engine->state(), SyncState::Offline, 10'000);
        QStringList provisional;
        for (int i = 0; i < 5; ++i) {
            auto entry = desk.engine->registerDocument(
                incoming(db.incomingRegisterId, QStringLiteral("Офлайн %1").arg(i)));
            QVERIFY(entry);
            provisional << entry->payload.value("provisional").toObject().value("number").toString();
        }
        QCOMPARE(provisional.first(), "ВР-desk1-2");
        QCOMPARE(provisional.last(), "ВР-desk1-6");
        QCOMPARE(*desk.engine->outbox().count("pending"), 5);

        Server again;
        QVERIFY(startServer(again, db, port));
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->outbox().count("applied"), 6, 20'000);
        QCOMPARE(*desk.engine->outbox().count("pending"), 0);
        QVERIFY(gapFree(db.database(), 6));
        QCOMPARE(scalar(db.database(), "SELECT COUNT(*) FROM sync_offline_receipt"), 6);
        // The other desk sees the official numbers with the provisional ones and the local times.
        QTRY_COMPARE_WITH_TIMEOUT(*other.engine->replicaCount("registration"), 6, 10'000);
        auto conn = db.database().connection();
        auto row = Sql::exec(*conn,
                             "SELECT registration_id FROM sync_offline_receipt WHERE provisional_number = ?",
                             {provisional.first()});
        QVERIFY(row && row->next());
        auto seen = other.engine->replicated("registration", row->value(0).toString());
        QVERIFY(seen);
        QCOMPARE(seen->value("provisional_number").toString(), provisional.first());
        QCOMPARE(seen->value("number").toInteger(), 2);
        QVERIFY(!seen->value("received_at_local").toString().isEmpty());
        desk.engine->stop();
        other.engine->stop();
        stopServer(again);
    }

    void sigkillDuringPushesLosesNothingAndReplaysAreIdempotent()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(registerDesks(db, {"desk1"}));
        Server server;
        QVERIFY(startServer(server, db));
        const quint16 port = server.port;
        DeskHandle desk = makeDesk(port, "desk1", "clerk");
        constexpr int kCount = 60;
        for (int i = 0; i < kCount; ++i)
            QVERIFY(desk.engine->registerDocument(
                incoming(db.incomingRegisterId, QStringLiteral("Писмо %1").arg(i))));
        // Small batches so that the kill lands between and inside pushes.
        QStringList acknowledged;
        connect(desk.engine.get(), &SyncEngine::commandDecided, this, [&](const QString &opId, bool applied) {
            if (applied)
                acknowledged << opId;
        });
        desk.engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(acknowledged.size() >= 5, 20'000);
        ::kill(pid_t(server.process.processId()), SIGKILL);
        QVERIFY(server.process.waitForFinished(10'000));
        QCOMPARE(server.process.exitStatus(), QProcess::CrashExit);
        const QStringList beforeKill = acknowledged;
        // Every command acknowledged before the kill is stored on the server.
        for (const QString &opId : beforeKill) {
            auto conn = db.database().connection();
            auto known = Sql::scalar(*conn, "SELECT outcome FROM sync_processed_op WHERE op_id = ?", {opId});
            QVERIFY2(known && known->toString() == "applied", qPrintable(opId));
        }

        Server again;
        QVERIFY(startServer(again, db, port));
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->outbox().count("applied"), kCount, 30'000);
        QVERIFY(gapFree(db.database(), kCount));
        QCOMPARE(scalar(db.database(), "SELECT COUNT(*) FROM sync_processed_op"), kCount);
        desk.engine->stop();

        // Replaying every command (as a desk that lost its answers would) changes nothing.
        auto tls = NetworkSyncTransport::loadTls(netSettings(port, "desk1"));
        QVERIFY(tls);
        NetworkSyncTransport transport(netSettings(port, "desk1"), *tls);
        auto login = transport.send(
            {"POST", "/api/v1/sync/login", {}, QJsonDocument(QJsonObject {{"login", "clerk"}}).toJson(), {}});
        QVERIFY(login && login->status == 200);
        const QString session = login->body.value("session").toString();
        auto pending = desk.local->connection();
        auto rows
            = Sql::exec(*pending, "SELECT op_id, kind, payload, result FROM sync_outbox ORDER BY position");
        QVERIFY(rows);
        QJsonArray ops;
        QJsonArray expected;
        while (rows->next()) {
            ops.append(QJsonObject {
                {"op_id", rows->value(0).toString()},
                {"kind", rows->value(1).toString()},
                {"payload", QJsonDocument::fromJson(rows->value(2).toString().toUtf8()).object()}});
            expected.append(QJsonDocument::fromJson(rows->value(3).toString().toUtf8()).object());
        }
        rows->finish();
        auto replay = transport.send({"POST",
                                      "/api/v1/sync/push",
                                      {{"session", session}},
                                      QJsonDocument(QJsonObject {{"ops", ops}}).toJson(),
                                      {}});
        QVERIFY(replay && replay->status == 200);
        QCOMPARE(replay->body.value("results").toArray(), expected);
        QVERIFY(gapFree(db.database(), kCount));
        stopServer(again);
    }

    void refusedOverHttpsWithClearErrors()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(registerDesks(db, {"desk1"}));
        Server server;
        QVERIFY(startServer(server, db, 0, 64 * 1024));
        auto send = [&](const QString &desk, const SyncRequest &request, bool withCertificate = true) {
            NetworkSyncSettings settings = netSettings(server.port, desk);
            auto tls = NetworkSyncTransport::loadTls(settings);
            if (!tls)
                return Result<SyncReply>(tls.error());
            QSslConfiguration configuration = *tls;
            if (!withCertificate) {
                configuration.setLocalCertificate(QSslCertificate());
                configuration.setPrivateKey(QSslKey());
            }
            NetworkSyncTransport transport(settings, configuration);
            return transport.send(request);
        };
        const SyncRequest login {"POST", "/api/v1/sync/login", {}, R"({"login":"clerk"})", {}};
        // No client certificate, or one from another CA: the TLS handshake fails.
        auto none = send("desk1", login, false);
        QVERIFY(!none);
        QCOMPARE(none.error().code, ErrorCode::Network);
        auto stranger = send("stranger", login);
        QVERIFY(!stranger);
        QCOMPARE(stranger.error().code, ErrorCode::Network);
        // A certificate of the office's CA that is not registered as a desk.
        auto unknown = send("unregistered", login);
        QVERIFY(unknown);
        QCOMPARE(unknown->status, 401);
        QCOMPARE(unknown->body.value("error").toObject().value("code").toString(), "permission-denied");

        auto ok = send("desk1", login);
        QVERIFY(ok && ok->status == 200);
        const QString session = ok->body.value("session").toString();
        // Malformed JSON.
        auto malformed
            = send("desk1", {"POST", "/api/v1/sync/push", {{"session", session}}, "{\"ops\":[", {}});
        QVERIFY(malformed);
        QCOMPARE(malformed->status, 400);
        QCOMPARE(malformed->body.value("error").toObject().value("code").toString(), "invalid-input");
        // A body over the server's limit: announced by its length, refused before it is read. (A raw
        // socket, as QNetworkAccessManager may still be sending when the server answers and closes.)
        auto tls = NetworkSyncTransport::loadTls(netSettings(server.port, "desk1"));
        QVERIFY(tls);
        QSslSocket socket;
        socket.setSslConfiguration(*tls);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port);
        QVERIFY2(socket.waitForEncrypted(10'000), qPrintable(socket.errorString()));
        socket.write("POST /api/v1/sync/push?session=" + session.toLatin1()
                     + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       "Content-Length: 200000\r\n\r\n{\"ops\":[");
        QByteArray answer;
        QElapsedTimer timer;
        timer.start();
        while (!answer.contains("}}") && timer.elapsed() < 10'000
               && socket.state() == QAbstractSocket::ConnectedState) {
            socket.waitForReadyRead(200);
            answer += socket.readAll();
        }
        answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        QVERIFY2(answer.contains("\"code\":\"invalid-input\""), answer.constData());
        QCOMPARE(scalar(db.database(), "SELECT COUNT(*) FROM registration"), 0);
        QCOMPARE(scalar(db.database(), "SELECT COUNT(*) FROM sync_processed_op"), 0);
        stopServer(server);
    }
};

QTEST_GUILESS_MAIN(tst_SyncOverHttps)
#include "tst_SyncOverHttps.moc"
