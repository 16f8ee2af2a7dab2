// SPDX-License-Identifier: GPL-3.0-or-later
// Two real delovod-server processes with [exchange] enabled, each on its own database
// (SQLite or PostgreSQL, TempDatabase), exchange a document over mutual TLS on loopback:
// the sender's background delivery posts it, the receiver is killed with SIGKILL and
// restarted, the lost reply makes the sender post the same message again, and the
// document is still registered exactly once; the clerk's DS_REGISTERED goes back the
// same way. Also --check-config on the [exchange] section.
#include "ExchangePeer.h"
#include "TempDatabase.h"
#include "exchange/message/ExchangeGuid.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <functional>

using namespace dms;
using namespace dms::exchange;
using namespace dms::exchange::test;

namespace {

const Participant s_a {"000000001", "Администрация А", "{11111111-1111-4111-8111-111111111111}"};
const Participant s_b {"000000002", "Администрация Б", "{22222222-2222-4222-8222-222222222222}"};

QString databaseUrl(const TempDatabase &db)
{
    return db.config().isSqlite() ? "sqlite:" + db.config().path : db.config().toDisplayUrl();
}

qint64 count(TempDatabase &db, const QString &sql)
{
    auto value = Sql::scalar(*db.database().connection(), sql);
    return value ? value->toLongLong() : -1;
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 20'000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(100);
    }
    return true;
}

/** One administration: its database, an in-test ExchangeService on it (the clerk's
 *  side and the test's view) and the delovod-server process serving it. */
struct Site
{
    TempDatabase db;
    std::unique_ptr<ExchangePeer> peer;
    QProcess process;
    QString configPath;
    quint16 port = 0;
    QByteArray output;

    QString writeConfig(const QString &dir, const QString &name, const Participant &self, quint16 fixedPort,
                        const QString &exchangeExtra = {})
    {
        configPath = dir + "/" + name + ".ini";
        QFile file(configPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(
            QStringLiteral("[database]\nurl=\"%1\"\n[http]\naddress=127.0.0.1\nport=%2\n"
                           "[tls]\ncertificate=%3.crt\nkey=%3.key\nclient_ca=ca.crt\n"
                           "[limits]\nshutdown_timeout_ms=2000\n"
                           "[exchange]\nenabled=true\nguid=%4\nidentifier=%5\nname=\"%6\"\n"
                           "certificate=%3.crt\nkey=%3.key\npeers_ca=ca.crt\ndelivery_interval_s=1\n%7")
                .arg(databaseUrl(db))
                .arg(fixedPort)
                .arg(name, self.guid, self.identifier, self.name, exchangeExtra)
                .toUtf8());
        return configPath;
    }

    bool start()
    {
        output.clear();
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(DELOVOD_SERVER_PATH, {"--config", configPath, "--serve"});
        if (!process.waitForStarted(10'000))
            return false;
        const QRegularExpression serving("Serving https://127\\.0\\.0\\.1:(\\d+)");
        QRegularExpressionMatch match;
        QElapsedTimer timer;
        timer.start();
        while (!(match = serving.match(QString::fromUtf8(output))).hasMatch() && timer.elapsed() < 20'000
               && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            output += process.readAll();
        }
        if (!match.hasMatch()) {
            qWarning() << output;
            return false;
        }
        port = quint16(match.captured(1).toUInt());
        return true;
    }

    void stop()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.terminate();
        if (!process.waitForFinished(15'000))
            process.kill();
        process.waitForFinished(5'000);
    }

    ~Site()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5'000);
        }
    }

    QString uri() const { return QString("https://localhost:%1/EGovExchange").arg(port); }
};

} // namespace

class tst_ExchangeServer : public QObject
{
    Q_OBJECT

    QTemporaryDir m_pki;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DELOVOD_LANG", "en"); // the servers' messages are matched below
        QVERIFY(m_pki.isValid());
        QVERIFY(makePki(m_pki.path(), {"a", "b"}));
    }

    void checkConfigValidatesTheExchangeSection()
    {
        Site a;
        if (a.db.skip())
            QSKIP(qPrintable(a.db.problem()));
        QVERIFY(a.db.seed());
        const QString dir = m_pki.path();
        auto check = [&](const QString &extra, int expectedExit, const QByteArray &expectedText) {
            QVERIFY(!a.writeConfig(dir, "a", s_a, 0, extra).isEmpty());
            QProcess process;
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(DELOVOD_SERVER_PATH, {"--config", a.configPath, "--check-config"});
            QVERIFY(process.waitForFinished(20'000));
            const QByteArray out = process.readAll();
            QVERIFY2(process.exitCode() == expectedExit, out.constData());
            QVERIFY2(out.contains(expectedText), out.constData());
        };
        check({}, 0, "Exchange: enabled for 000000001");
        QFile::copy(dir + "/b.key", dir + "/other.key");
        check("interval=1", 2, "unknown setting 'exchange/interval'");
        check("enabled=maybe", 2, "exchange/enabled must be true or false");
        check("delivery_interval_s=0", 2, "exchange/delivery_interval_s must be");
        check("delivery_interval_s=soon", 2, "exchange/delivery_interval_s must be");
        check("registry_url=https://register.obmen.invalid/service/\nregistry_refresh_interval_s=600", 0,
              "Exchange: enabled for 000000001");
        check("registry_url=http://register.obmen.invalid/service/", 2, "exchange/registry_url must be");
        check("registry_refresh_interval_s=10", 2, "exchange/registry_refresh_interval_s must be");
        check("guid=not-a-guid", 2, "exchange/guid must be");
        check("identifier=", 2, "exchange/identifier must be");
        check("peers_ca=", 2, "exchange/peers_ca must be set");
        check("key=other.key", 2, "does not belong to the exchange/certificate");
        check("key=ca.crt", 2, "exchange/key is no unencrypted PEM private key");
        check("peers_ca=a.key", 2, "exchange/peers_ca holds no PEM certificate");
        check("certificate=missing.crt", 2, "Cannot read the file");
        check("enabled=false\nguid=\n", 0, "Exchange: disabled");
    }

    void delovodctlSendQueuesARegisteredDocument()
    {
        Site a;
        if (a.db.skip())
            QSKIP(qPrintable(a.db.problem()));
        QVERIFY(a.db.seed());
        a.db.clock.set(QDateTime::currentDateTimeUtc());
        const QString dir = m_pki.path();
        ExchangePeer b(a.db, s_b, dir + "/b.p12"); // only for B's certificate serial
        a.peer = std::make_unique<ExchangePeer>(a.db, s_a, dir + "/a.p12");
        const QList<ParticipantRecord> registry {{s_a.guid,
                                                  s_a.identifier,
                                                  s_a.name,
                                                  a.peer->serialHex(),
                                                  "https://localhost:1/EGovExchange",
                                                  true,
                                                  {}},
                                                 {s_b.guid,
                                                  s_b.identifier,
                                                  s_b.name,
                                                  b.serialHex(),
                                                  "https://localhost:2/EGovExchange",
                                                  true,
                                                  {}}};
        QVERIFY(a.peer->service().directory().replaceAll(registry).ok());
        NewRegistration request;
        request.registerId = a.db.outgoingRegisterId;
        request.document.kind = "Писмо";
        request.document.subject = "Искане за становище по проект";
        auto registration = RegistrationService(a.db.context()).registerDocument(a.db.clerk, request);
        QVERIFY2(registration.ok(), qPrintable(registration.error().toString()));
        QVERIFY(!a.writeConfig(dir, "a", s_a, 0).isEmpty());

        auto delovodctl = [&](const QStringList &arguments, QByteArray *out = nullptr) {
            QProcess process;
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(DELOVODCTL_PATH,
                          QStringList {"--database", databaseUrl(a.db), "--user", "clerk"} + arguments);
            if (!process.waitForFinished(30'000))
                return -1;
            if (out)
                *out = process.readAll();
            return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        };
        QByteArray out;
        QCOMPARE(delovodctl({"exchange", "send", registration->index, s_b.guid, "--config", a.configPath,
                             "--comment", "Моля за отговор", "--json"},
                            &out),
                 0);
        const QJsonObject result = QJsonDocument::fromJson(out).object();
        const QString outboxId = result.value("outboxId").toString();
        QVERIFY2(!outboxId.isEmpty(), out.constData());
        auto entries = a.peer->service().outbox().list();
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), 1);
        QCOMPARE(entries->at(0).id, outboxId);
        QCOMPARE(entries->at(0).recipientGuid.toLower(), s_b.guid.toLower());
        QCOMPARE(entries->at(0).documentGuid, result.value("documentGuid").toString());
        QCOMPARE(entries->at(0).messageType, QString("MSG_DocumentRegistrationRequest"));
        const QString content = Sql::scalar(*a.db.database().connection(),
                                            "SELECT content FROM exchange_outbox WHERE id = ?", {outboxId})
                                    ->toString();
        QVERIFY(content.contains(registration->index));
        QVERIFY(content.contains("Искане за становище по проект"));
        QVERIFY(content.contains("SignatureValue"));

        // Refusals leave the outbox as it was.
        QVERIFY(delovodctl({"exchange", "send", registration->index, "{33333333-3333-4333-8333-333333333333}",
                            "--config", a.configPath})
                != 0);
        QVERIFY(delovodctl({"exchange", "send", "НЯМА-1", s_b.guid, "--config", a.configPath}) != 0);
        QCOMPARE(delovodctl({"exchange", "send", registration->index, s_b.guid}), 1); // no --config
        QVERIFY(delovodctl({"exchange", "send", registration->index, s_b.guid, "--config", dir + "/none.ini"})
                != 0);
        QVERIFY(!a.writeConfig(dir, "a", s_a, 0, "enabled=false\n").isEmpty());
        QVERIFY(
            delovodctl({"exchange", "send", registration->index, s_b.guid, "--config", a.configPath}, &out)
            != 0);
        QVERIFY2(out.contains("not enabled"), out.constData());
        QCOMPARE(a.peer->service().outbox().list()->size(), 1);
    }

    void documentSurvivesReceiverKillAndIsRegisteredOnce()
    {
        Site a;
        Site b;
        if (a.db.skip())
            QSKIP(qPrintable(a.db.problem()));
        QVERIFY(a.db.seed() && b.db.seed());
        // The servers run on the real clock; the in-test services run a little ahead of it,
        // as the certificates were made a moment ago.
        a.db.clock.set(QDateTime::currentDateTimeUtc().addSecs(2));
        b.db.clock.set(QDateTime::currentDateTimeUtc().addSecs(2));
        const QString dir = m_pki.path();
        a.peer = std::make_unique<ExchangePeer>(a.db, s_a, dir + "/a.p12");
        b.peer = std::make_unique<ExchangePeer>(b.db, s_b, dir + "/b.p12");

        QVERIFY(!b.writeConfig(dir, "b", s_b, 0).isEmpty());
        QVERIFY(b.start());
        QVERIFY(!b.writeConfig(dir, "b", s_b, b.port).isEmpty()); // restarts keep the address
        QVERIFY(!a.writeConfig(dir, "a", s_a, 0).isEmpty());
        QVERIFY(a.start());
        const QList<ParticipantRecord> registry {
            {s_a.guid, s_a.identifier, s_a.name, a.peer->serialHex(), a.uri(), true, {}},
            {s_b.guid, s_b.identifier, s_b.name, b.peer->serialHex(), b.uri(), true, {}}};
        QVERIFY(a.peer->service().directory().replaceAll(registry).ok());
        QVERIFY(b.peer->service().directory().replaceAll(registry).ok());

        DocumentRegistrationRequest doc;
        doc.docId.kind = DocumentId::Kind::Number;
        doc.docId.number = {"СОА26-ИЗ01-7", QDate(2026, 3, 2)};
        doc.docId.guid = ExchangeGuid::create();
        doc.kind = "Писмо";
        doc.about = "Искане за становище";
        auto queued = a.peer->service().sendDocument(s_b.guid, doc);
        QVERIFY2(queued.ok(), qPrintable(queued.error().toString()));

        // Server A's background delivery posts it; B keeps it in its inbox.
        QVERIFY2(waitFor([&] { return count(b.db, "SELECT COUNT(*) FROM exchange_inbox") == 1; }),
                 a.output.constData());
        QVERIFY(waitFor([&] {
            return count(a.db, "SELECT COUNT(*) FROM exchange_outbox WHERE state <> 'pending'") == 1;
        }));

        // B dies without a word and comes back; A's reply was "lost": the same bytes go again.
        ::kill(pid_t(b.process.processId()), SIGKILL);
        QVERIFY(b.process.waitForFinished(5000));
        QCOMPARE(b.process.exitStatus(), QProcess::CrashExit);
        QVERIFY(b.start());
        QVERIFY(Sql::exec(*a.db.database().connection(),
                          "UPDATE exchange_outbox SET state = 'pending', next_attempt_at = ? WHERE id = ?",
                          {Sql::toText(QDateTime::currentDateTimeUtc().addSecs(-1)), *queued})
                    .ok());
        QVERIFY(waitFor([&] {
            return count(a.db,
                         "SELECT COUNT(*) FROM exchange_outbox WHERE attempts >= 2 AND state <> 'pending'")
                == 1;
        }));
        QCOMPARE(count(b.db, "SELECT COUNT(*) FROM exchange_inbox"), 1);

        // The clerk of B registers it; server B pushes DS_REGISTERED back to A.
        auto inbox = b.peer->service().inbox().list();
        QVERIFY(inbox.ok() && inbox->size() == 1);
        auto registered
            = b.peer->service().registerIncoming(b.db.clerk, inbox->at(0).id, b.db.incomingRegisterId);
        QVERIFY2(registered.ok(), qPrintable(registered.error().toString()));
        QVERIFY2(waitFor([&] {
                     auto sent = a.peer->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
                     return sent.ok() && sent->status == QLatin1String("DS_REGISTERED");
                 }),
                 b.output.constData());
        auto sent = a.peer->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
        QCOMPARE(sent->receiverNumber, registered->index);
        QCOMPARE(count(b.db, "SELECT COUNT(*) FROM registration"), 1);

        a.stop();
        b.stop();
        QCOMPARE(a.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(a.process.exitCode(), 0);
        QCOMPARE(b.process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ExchangeServer)
#include "tst_ExchangeServer.moc"
