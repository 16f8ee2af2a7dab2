// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop client's server mode: a desk (DeskConnection with NetworkSyncTransport)
// against the real delovod-server on loopback with mutual TLS. The window shows
// offline → online, and an entry registered while the server is down keeps its
// provisional number until the server gives the official one. The server's
// database is a TempDatabase (SQLite, or PostgreSQL in the _pg variant).
#include "MainWindow.h"
#include "NetworkSyncTransport.h"
#include "RegisterModel.h"
#include "TempDatabase.h"
#include "TestPki.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "desk/DeskConnection.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"
#include "sync/DeskDirectory.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#ifndef DELOVOD_SERVER_PATH
#error "DELOVOD_SERVER_PATH must name delovod-server (see tests/CMakeLists.txt)"
#endif
#ifndef OPENSSL_PATH
#error "OPENSSL_PATH must name the openssl program (see tests/CMakeLists.txt)"
#endif

using namespace dms;

class tst_DeskOverHttps : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SystemClock m_clock;
    TestPki m_pki {m_dir.filePath(QStringLiteral("pki")), QStringLiteral(OPENSSL_PATH)};

    /** A free loopback port for the server (so the desk can be started before it). */
    static quint16 freePort()
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
    }

    bool startServer(QProcess &process, TempDatabase &db, quint16 port)
    {
        const QString path = m_dir.filePath(Ids::create() + QStringLiteral(".ini"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        file.write(
            QStringLiteral("[database]\nurl=\"%1\"\n[http]\naddress=127.0.0.1\nport=%2\nthreads=4\n"
                           "[tls]\ncertificate=pki/server.crt\nkey=pki/server.key\nclient_ca=pki/ca.crt\n"
                           "[limits]\nshutdown_timeout_ms=3000\n[sync]\nblob_dir=%3\n")
                .arg(db.config().isSqlite() ? QStringLiteral("sqlite:") + db.config().path
                                            : db.config().toDisplayUrl())
                .arg(port)
                .arg(m_dir.filePath(QStringLiteral("blobs")))
                .toUtf8());
        file.close();
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start(QStringLiteral(DELOVOD_SERVER_PATH),
                      {QStringLiteral("--config"), path, QStringLiteral("--serve")});
        if (!process.waitForStarted(10'000))
            return false;
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (!out.contains("Serving https://") && timer.elapsed() < 20'000
               && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
        }
        if (!out.contains("Serving https://"))
            qWarning() << out << process.readAllStandardError();
        return out.contains("Serving https://");
    }

    static void stopServer(QProcess &process)
    {
        process.terminate();
        if (!process.waitForFinished(15'000))
            process.kill();
        process.waitForFinished(5'000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DELOVOD_LANG", "en");
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QVERIFY(m_pki.makeCa(QStringLiteral("ca")));
        QVERIFY(m_pki.makeLeaf(
            QStringLiteral("server"), QStringLiteral("ca"), QStringLiteral("/CN=localhost"),
            QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")));
        QVERIFY(m_pki.makeLeaf(QStringLiteral("desk1"), QStringLiteral("ca"),
                               QStringLiteral("/O=Test Office/CN=desk1"),
                               QStringLiteral("extendedKeyUsage=clientAuth\n")));
    }

    void offlineThenOnlineWithTheOfficialNumber()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(DeskDirectory(db.context())
                    .add(db.admin, QStringLiteral("desk1"),
                         QString::fromLatin1(m_pki.fingerprint(QStringLiteral("desk1"))))
                    .ok());
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Писмо, регистрирано в сървъра");
        auto before = registrations.registerDocument(db.clerk, request);
        QVERIFY(before.ok());

        NetworkSyncSettings network;
        const quint16 port = freePort();
        QVERIFY(port != 0);
        network.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port));
        network.certificateFile = m_pki.path(QStringLiteral("desk1.crt"));
        network.keyFile = m_pki.path(QStringLiteral("desk1.key"));
        network.caFile = m_pki.path(QStringLiteral("ca.crt"));
        network.timeoutMs = 5'000;
        auto tls = NetworkSyncTransport::loadTls(network);
        QVERIFY(tls.ok());
        DeskOptions options;
        options.replicaPath = m_dir.filePath(Ids::create() + QStringLiteral(".db"));
        options.deskCode = QStringLiteral("Г1");
        options.pollWaitSeconds = 1;
        options.retryIntervalMs = 200;
        auto desk = DeskConnection::server(
            [network, tls = *tls]() -> std::unique_ptr<SyncTransport> {
                return std::make_unique<NetworkSyncTransport>(network, tls);
            },
            m_clock, options);
        QVERIFY(desk.ok());
        DeskConnection &connection = **desk;

        // The server is not up: the desk starts offline, without a session yet.
        MainWindow window(connection);
        QAbstractItemModelTester tester(window.registerModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.signIn(QStringLiteral("admin")).ok());
        auto *syncLabel = window.findChild<QLabel *>(QStringLiteral("syncLabel"));
        QVERIFY(syncLabel);
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), SyncState::Offline, 10'000);
        QTRY_VERIFY(syncLabel->text().startsWith(QStringLiteral("Offline")));
        QVERIFY(!window.session().isValid());
        QCOMPARE(window.registerModel()->rowCount(), 0);

        // It comes up: the login gives the session, the feed the registers and the entry.
        QProcess server;
        QVERIFY(startServer(server, db, port));
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), SyncState::Online, 20'000);
        QTRY_VERIFY(syncLabel->text().startsWith(QStringLiteral("Online")));
        QTRY_VERIFY(window.session().isValid());
        QCOMPARE(window.session().login, QStringLiteral("admin"));
        RegisterModel *model = window.registerModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOfRegistration(before->id), 0, 20'000);
        QCOMPARE(model->entry(0).index, before->index);

        // Down again: an entry made now has the desk's provisional number…
        stopServer(server);
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), SyncState::Offline, 20'000);
        QTRY_VERIFY(syncLabel->text().startsWith(QStringLiteral("Offline")));
        request.document.subject = QStringLiteral("Писмо, прието при прекъсване");
        auto queued = connection.engine()->registerDocument(request);
        QVERIFY(queued.ok());
        window.refresh();
        QCOMPARE(model->entry(0).registrationId, queued->opId);
        QCOMPARE(model->entry(0).index, QStringLiteral("ВР-Г1-1"));
        QVERIFY(model->index(0, 0).data(RegisterModel::PendingRole).toBool());
        QVERIFY(syncLabel->text().contains(QStringLiteral("1 to send")));

        // …and the official one once the server is back.
        QVERIFY(startServer(server, db, port));
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), SyncState::Online, 20'000);
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        QTRY_COMPARE_WITH_TIMEOUT(
            Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM registration"))->toInt(), 2, 20'000);
        auto official = Sql::scalar(*conn, QStringLiteral("SELECT reg_index FROM registration WHERE id <> ?"),
                                    {before->id});
        QVERIFY(official.ok());
        QVERIFY(official->toString() != before->index);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount() > 0 ? model->entry(0).index : QString(),
                                  official->toString(), 20'000);
        QVERIFY(!model->index(0, 0).data(RegisterModel::PendingRole).toBool());
        QCOMPARE(model->entry(0).subject, request.document.subject);
        QCOMPARE(model->rowCount(), 2);
        connection.stop();
        stopServer(server);
    }
};

QTEST_MAIN(tst_DeskOverHttps)
#include "tst_DeskOverHttps.moc"
