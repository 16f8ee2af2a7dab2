// SPDX-License-Identifier: GPL-3.0-or-later
// Two real delovod-server processes with [exchange] enabled, each on its own database
// (SQLite or PostgreSQL, TempDatabase), exchange a document over mutual TLS on loopback:
// the sender's background delivery posts it, the receiver is killed with SIGKILL and
// restarted, the lost reply makes the sender post the same message again, and the
// document is still registered exactly once; the clerk's DS_REGISTERED goes back the
// same way. A 20 MB attachment goes the same way streamed (the receiver's peak memory
// stays well below it), tampered and oversized messages are refused leaving nothing
// behind. Also --check-config on the [exchange] section.
#include "ExchangePeer.h"
#include "TempDatabase.h"
#include "exchange/SoapEnvelope.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageWriter.h"
#include "exchange/transport/HttpsTransport.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"

#include <QBuffer>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
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

/** A field of /proc/PID/status in KiB (VmHWM: the peak resident set). */
qint64 statusKib(qint64 pid, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

/** The files below @p dir (blobs, temporary files), recursively. */
int filesUnder(const QString &dir)
{
    int count = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
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
        check("max_message_bytes=1000", 2, "exchange/max_message_bytes must be a number from");
        check("max_message_bytes=big", 2, "exchange/max_message_bytes must be a number from");
        check("max_message_bytes=4294967296", 2, "exchange/max_message_bytes must be a number from");
        check("max_message_bytes=209715200", 0, "Exchange: enabled for 000000001");
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
        // The document's file goes along, from the server's blob store ([sync] blob_dir).
        QTemporaryDir blobDir;
        QVERIFY(blobDir.isValid());
        BlobStore store(blobDir.path());
        QBuffer letter;
        letter.setData("%PDF-1.4 искане за становище");
        letter.open(QIODevice::ReadOnly);
        QVERIFY(DocumentService(a.db.context(), store)
                    .addFile(a.db.clerk, registration->documentId, "iskane.pdf", "application/pdf", letter)
                    .ok());
        QVERIFY(!a.writeConfig(dir, "a", s_a, 0, "[sync]\nblob_dir=" + blobDir.path() + "\n").isEmpty());

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
        // With a file attached the signed message is kept in the blob store.
        QVERIFY(entries->at(0).content.isEmpty());
        QFile kept(store.pathFor(entries->at(0).messageBlob));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        const QString content = QString::fromUtf8(kept.readAll());
        QVERIFY(content.contains("iskane.pdf"));
        QVERIFY(content.contains(QString::fromLatin1(QByteArray("%PDF-1.4 искане за становище").toBase64())));
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

    /** A 20 MB attachment between two real servers: the sender keeps the signed message
     *  as a blob and posts it from a file, the receiver spools the body and reads it
     *  streamed (its peak resident set grows by far less than the attachment), the
     *  attachment arrives byte-identical in its blob store and is attached on
     *  registration, and DS_REGISTERED goes back. Then: a tampered big message is
     *  refused with nothing stored, other routes keep their 9 MiB limit, and a Submit
     *  over max_message_bytes gets 413; no spool file is ever left behind. */
    void bigAttachmentIsStreamedEndToEnd()
    {
        constexpr qint64 kAttachmentBytes = 20LL * 1024 * 1024;
        Site a;
        Site b;
        if (a.db.skip())
            QSKIP(qPrintable(a.db.problem()));
        QVERIFY(a.db.seed() && b.db.seed());
        a.db.clock.set(QDateTime::currentDateTimeUtc().addSecs(2));
        b.db.clock.set(QDateTime::currentDateTimeUtc().addSecs(2));
        const QString dir = m_pki.path();
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const QString aBlobDir = work.filePath("a-blobs");
        const QString bBlobDir = work.filePath("b-blobs");
        const QString bSpoolDir = bBlobDir + "/spool";
        BlobStore aStore(aBlobDir);
        BlobStore bStore(bBlobDir);
        a.peer = std::make_unique<ExchangePeer>(a.db, s_a, dir + "/a.p12");
        b.peer = std::make_unique<ExchangePeer>(b.db, s_b, dir + "/b.p12");
        a.peer->service().setBlobStore(&aStore);
        b.peer->service().setBlobStore(&bStore);

        const QString bExtra = "[sync]\nblob_dir=" + bBlobDir + "\n";
        QVERIFY(!b.writeConfig(dir, "b", s_b, 0, bExtra).isEmpty());
        QVERIFY(b.start());
        QVERIFY(!a.writeConfig(dir, "a", s_a, 0, "[sync]\nblob_dir=" + aBlobDir + "\n").isEmpty());
        QVERIFY(a.start());
        const QList<ParticipantRecord> registry {
            {s_a.guid, s_a.identifier, s_a.name, a.peer->serialHex(), a.uri(), true, {}},
            {s_b.guid, s_b.identifier, s_b.name, b.peer->serialHex(), b.uri(), true, {}}};
        QVERIFY(a.peer->service().directory().replaceAll(registry).ok());
        QVERIFY(b.peer->service().directory().replaceAll(registry).ok());

        // Random bytes: nothing compresses or repeats, a single flipped bit shows.
        QFile source(work.filePath("attachment.bin"));
        QVERIFY(source.open(QIODevice::WriteOnly));
        QByteArray block(1024 * 1024, Qt::Uninitialized);
        for (qint64 written = 0; written < kAttachmentBytes; written += block.size()) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()),
                                                  block.size() / int(sizeof(quint32)));
            QCOMPARE(source.write(block), block.size());
        }
        source.close();
        auto stored = aStore.putFile(source.fileName());
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        const QString sha = stored->sha256;

        DocumentRegistrationRequest doc;
        doc.docId.kind = DocumentId::Kind::Number;
        doc.docId.number = {"СОА26-ИЗ01-20", QDate(2026, 3, 2)};
        doc.docId.guid = ExchangeGuid::create();
        doc.kind = "Писмо";
        doc.about = "Голямо приложение";
        Attachment attachment {"проект.bin", {}, {}, "application/octet-stream"};
        attachment.contentFile = aStore.pathFor(sha);
        doc.attachments = {attachment};

        const qint64 pid = b.process.processId();
        const qint64 baseline = statusKib(pid, "VmHWM");
        QVERIFY(baseline > 0);
        auto queued = a.peer->service().sendDocument(s_b.guid, doc);
        QVERIFY2(queued.ok(), qPrintable(queued.error().toString()));
        auto entry = a.peer->service().outbox().find(*queued);
        QVERIFY(entry.ok());
        QVERIFY(entry->content.isEmpty()); // kept as a blob, not in the database
        QVERIFY(aStore.contains(entry->messageBlob));

        QVERIFY2(waitFor([&] { return count(b.db, "SELECT COUNT(*) FROM exchange_inbox") == 1; }, 90'000),
                 QByteArray(a.output + b.output).constData());
        const qint64 growth = statusKib(pid, "VmHWM") - baseline;
        qInfo("receiver: VmHWM %lld KiB before, grew by %lld KiB for a %lld KiB attachment", baseline, growth,
              kAttachmentBytes / 1024);
        QVERIFY2(growth < kAttachmentBytes / 1024 / 2, qPrintable(QString::number(growth)));

        auto inbox = b.peer->service().inbox().list();
        QVERIFY(inbox.ok() && inbox->size() == 1);
        QVERIFY(inbox->at(0).content.isEmpty());
        QVERIFY(bStore.contains(inbox->at(0).messageBlob));
        // The message log's streamed hash is the stored message's.
        QCOMPARE(Sql::scalar(*b.db.database().connection(),
                             "SELECT content_sha256 FROM exchange_message WHERE message_guid = ?",
                             {inbox->at(0).messageGuid})
                     ->toString(),
                 inbox->at(0).messageBlob);
        QVERIFY(bStore.contains(sha));
        QVERIFY(bStore.verify(sha).ok()); // byte-identical: the name is the content's SHA-256
        QCOMPARE(filesUnder(bSpoolDir), 0);

        auto registered
            = b.peer->service().registerIncoming(b.db.clerk, inbox->at(0).id, b.db.incomingRegisterId);
        QVERIFY2(registered.ok(), qPrintable(registered.error().toString()));
        auto files = DocumentService(b.db.context(), bStore).files(b.db.clerk, registered->documentId);
        QVERIFY2(files.ok(), qPrintable(files.error().toString()));
        QCOMPARE(files->size(), 1);
        QCOMPARE(files->at(0).name, QString("проект.bin"));
        QCOMPARE(files->at(0).sha256, sha);
        QCOMPARE(files->at(0).size, kAttachmentBytes);
        QVERIFY2(waitFor([&] {
                     auto sent = a.peer->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
                     return sent.ok() && sent->status == QLatin1String("DS_REGISTERED");
                 }),
                 b.output.constData());

        // A tampered big message: refused with MSG_Error, nothing kept.
        auto key = SoftwareSigningKey::fromPkcs12File(dir + "/a.p12", "test", a.db.clock);
        QVERIFY(key.ok());
        XmlDsigMessageSigner signer(**key, a.db.clock);
        Message message;
        message.header.date = a.db.clock.now();
        message.header.sender = s_a;
        message.header.recipient = s_b;
        message.header.messageGuid = ExchangeGuid::create();
        doc.docId.guid = ExchangeGuid::create();
        message.body = doc;
        auto spliced = MessageWriter::writeSpliced(message);
        QVERIFY(spliced.ok());
        auto signedMessage = signer.signSpliced(*spliced);
        QVERIFY(signedMessage.ok());
        QFile envelope(work.filePath("tampered.xml"));
        QVERIFY(envelope.open(QIODevice::ReadWrite));
        QVERIFY(SoapEnvelope::writeSubmitRequest(*signedMessage, envelope).ok());
        // One base64 character in the middle of the attachment, still valid base64.
        QVERIFY(envelope.seek(envelope.size() / 2));
        char c = 0;
        QVERIFY(envelope.getChar(&c));
        QVERIFY(envelope.seek(envelope.size() / 2));
        QVERIFY(envelope.putChar(c == 'A' ? 'B' : 'A'));
        envelope.close();
        const int blobFiles = filesUnder(bBlobDir);
        HttpsTransport transport({dir + "/a.crt", dir + "/a.key", dir + "/ca.crt", 30'000});
        auto refused = transport.postFile(b.uri(), SoapEnvelope::soapAction(), envelope.fileName());
        QVERIFY2(refused.ok(), qPrintable(refused.error().toString()));
        QCOMPARE(refused->status, 200);
        auto reply = SoapEnvelope::parseSubmitResponse(refused->body, 1 << 20);
        QVERIFY(reply.ok() && reply->has_value());
        QVERIFY2((*reply)->contains("MSG_Error") && (*reply)->contains("signature"), (*reply)->constData());
        QCOMPARE(count(b.db, "SELECT COUNT(*) FROM exchange_inbox"), 1);
        QCOMPARE(filesUnder(bBlobDir), blobFiles);
        QCOMPARE(filesUnder(bSpoolDir), 0);

        // Other routes keep the 9 MiB limit: the server answers 413 (or resets while we write).
        QString other = b.uri();
        other.replace("/EGovExchange", "/api/v1/health");
        auto tooBig = transport.postFile(other, SoapEnvelope::soapAction(), envelope.fileName());
        QVERIFY2(!tooBig.ok() || tooBig->status == 413,
                 qPrintable(QString::number(tooBig ? tooBig->status : 0)));

        // Over max_message_bytes: 413 before anything is spooled.
        b.stop();
        QCOMPARE(b.process.exitCode(), 0);
        QVERIFY(!b.writeConfig(dir, "b", s_b, b.port, "max_message_bytes=1048576\n" + bExtra).isEmpty());
        QVERIFY(b.start());
        tooBig = transport.postFile(b.uri(), SoapEnvelope::soapAction(), envelope.fileName());
        QVERIFY2(!tooBig.ok() || tooBig->status == 413,
                 qPrintable(QString::number(tooBig ? tooBig->status : 0)));
        QCOMPARE(count(b.db, "SELECT COUNT(*) FROM exchange_inbox"), 1);
        QCOMPARE(filesUnder(bSpoolDir), 0);
        a.stop();
        b.stop();
        QCOMPARE(a.process.exitCode(), 0);
        QCOMPARE(b.process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ExchangeServer)
#include "tst_ExchangeServer.moc"
