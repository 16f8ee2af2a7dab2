// SPDX-License-Identifier: GPL-3.0-or-later
// Two administrations, each with its own database, transport certificate and HTTPS
// server (the delovod-server core with the СЕОС endpoint) on loopback, exchange a
// document end to end over mutual TLS: request → registration on the receiver →
// DS_REGISTERED with the receiver's number on the sender.
#include "ExchangePeer.h"
#include "HttpServer.h"
#include "Router.h"
#include "TempDatabase.h"
#include "TestClock.h"
#include "exchange/ExchangeEndpoint.h"
#include "exchange/SoapEnvelope.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageStreamReader.h"
#include "exchange/message/MessageWriter.h"
#include "exchange/transport/HttpsTransport.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"

#include <QBuffer>
#include <QMutex>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace dms;
using namespace dms::exchange;
using namespace dms::exchange::test;

namespace {

const Participant s_a {"000000001", "Администрация А", "{11111111-1111-4111-8111-111111111111}"};
const Participant s_b {"000000002", "Администрация Б", "{22222222-2222-4222-8222-222222222222}"};

/** One administration's server: Router + СЕОС endpoint + HttpServer on loopback. */
struct Site
{
    TempDatabase db;
    std::unique_ptr<ExchangePeer> peer;
    server::Router router;
    std::unique_ptr<server::HttpServer> http;
    std::unique_ptr<HttpsTransport> transport;
    quint16 port = 0;
    /** The next this many requests are answered only after delayMs (processed at once). */
    std::atomic<int> lateReplies {0};
    int delayMs = 0;

    bool start(const QString &dir, const QString &name, quint16 fixedPort = 0)
    {
        server::HttpServerSettings settings;
        settings.port = fixedPort;
        settings.certificateFile = dir + "/" + name + ".crt";
        settings.keyFile = dir + "/" + name + ".key";
        settings.clientCaFile = dir + "/ca.crt";
        settings.requestTimeoutMs = 5000;
        settings.shutdownTimeoutMs = 2000;
        http = std::make_unique<server::HttpServer>(
            settings,
            [this](const server::HttpRequest &request) {
                server::HttpResponse response = router.handle(request);
                if (lateReplies.fetch_sub(1) > 0)
                    QThread::msleep(static_cast<unsigned long>(delayMs));
                return response;
            },
            [](const QByteArray &) {});
        if (!http->start())
            return false;
        port = http->port();
        return true;
    }
    void stop() { http.reset(); }
    QString uri() const { return QString("https://localhost:%1/EGovExchange").arg(port); }
};

} // namespace

class tst_ExchangeOverHttps : public QObject
{
    Q_OBJECT

    QTemporaryDir m_pki;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_pki.isValid());
        QVERIFY(makePki(m_pki.path(), {"a", "b", "stranger"}));
    }

    void documentRoundTripOverMutualTls()
    {
        Site a;
        Site b;
        if (a.db.skip())
            QSKIP(qPrintable(a.db.problem()));
        QVERIFY(a.db.seed() && b.db.seed());
        a.db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        b.db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        const QString dir = m_pki.path();
        a.peer = std::make_unique<ExchangePeer>(a.db, s_a, dir + "/a.p12");
        b.peer = std::make_unique<ExchangePeer>(b.db, s_b, dir + "/b.p12");
        server::ExchangeEndpoint::install(a.router, a.peer->service());
        server::ExchangeEndpoint::install(b.router, b.peer->service());
        QVERIFY(a.start(dir, "a"));
        QVERIFY(b.start(dir, "b"));
        a.transport = std::make_unique<HttpsTransport>(
            HttpsTransportSettings {dir + "/a.crt", dir + "/a.key", dir + "/ca.crt", 5000});
        b.transport = std::make_unique<HttpsTransport>(
            HttpsTransportSettings {dir + "/b.crt", dir + "/b.key", dir + "/ca.crt", 5000});
        const QList<ParticipantRecord> registry {
            {s_a.guid, s_a.identifier, s_a.name, a.peer->serialHex(), a.uri(), true, {}},
            {s_b.guid, s_b.identifier, s_b.name, b.peer->serialHex(), b.uri(), true, {}}};
        QVERIFY(a.peer->service().directory().replaceAll(registry).ok());
        QVERIFY(b.peer->service().directory().replaceAll(registry).ok());

        DocumentRegistrationRequest doc;
        doc.docId.kind = DocumentId::Kind::Number;
        doc.docId.number = {"СОА26-ИЗ01-12", QDate(2026, 3, 2)};
        doc.docId.guid = ExchangeGuid::create();
        doc.kind = "Писмо";
        doc.about = "По електронен път";
        QVERIFY(a.peer->service().sendDocument(s_b.guid, doc).ok());

        // B is down: the connection fails and a retry is scheduled.
        const quint16 bPort = b.port;
        b.stop();
        auto delivered = a.peer->service().deliverDue(*a.transport);
        QVERIFY(delivered.ok());
        QCOMPARE(*delivered, 0);
        auto entries = a.peer->service().outbox().list();
        QCOMPARE(entries->at(0).attempts, 1);
        QVERIFY(entries->at(0).lastError.contains("reach") || entries->at(0).lastError.contains("time"));

        // B is back on its address; after 15 minutes the retry gets through.
        QVERIFY(b.start(dir, "b", bPort));
        a.db.clock.advance(15 * 60 * 1000);
        delivered = a.peer->service().deliverDue(*a.transport);
        QVERIFY2(delivered.ok(), qPrintable(delivered.error().toString()));
        QCOMPARE(*delivered, 1);
        QCOMPARE(b.peer->service().inbox().list()->size(), 1);

        auto registered = b.peer->service().registerIncoming(
            b.db.clerk, b.peer->service().inbox().list()->at(0).id, b.db.incomingRegisterId);
        QVERIFY2(registered.ok(), qPrintable(registered.error().toString()));
        delivered = b.peer->service().deliverDue(*b.transport);
        QVERIFY2(delivered.ok() && *delivered == 1, qPrintable(delivered.error().toString()));
        auto sent = a.peer->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
        QVERIFY(sent.ok());
        QCOMPARE(sent->status, QString("DS_REGISTERED"));
        QCOMPARE(sent->receiverNumber, registered->index);

        // Another certificate of the exchange CA passes TLS, but a non-SOAP body gets a Client fault.
        HttpsTransport stranger({dir + "/stranger.crt", dir + "/stranger.key", dir + "/ca.crt", 5000});
        auto refused = stranger.post(b.uri(), "x", "<x/>");
        QVERIFY(refused.ok());
        QCOMPARE(refused->status, 500);
        QVERIFY(refused->body.contains("Client"));
        // Without usable client certificate files nothing is sent.
        HttpsTransport noCert({dir + "/missing.crt", dir + "/missing.key", dir + "/ca.crt", 5000});
        QVERIFY(!noCert.post(b.uri(), "x", "<x/>").ok());
        // Exactly one registration on the receiver.
        QCOMPARE(Sql::scalar(*b.db.database().connection(), "SELECT COUNT(*) FROM registration")->toInt(), 1);
    }

    /** A Submit envelope streamed from a file (HttpsTransport::postFile) arrives
     *  byte for byte and its message verifies; over the server's body limit the
     *  handler never runs. */
    void streamedEnvelopeOverHttps()
    {
        const QString dir = m_pki.path();
        TestClock clock;
        clock.set(QDateTime::currentDateTimeUtc());
        QMutex mutex;
        QByteArray received;
        int calls = 0;
        server::HttpServerSettings settings;
        settings.port = 0;
        settings.certificateFile = dir + "/b.crt";
        settings.keyFile = dir + "/b.key";
        settings.clientCaFile = dir + "/ca.crt";
        settings.maxBodyBytes = 4 * 1024 * 1024;
        server::HttpServer http(
            settings,
            [&](const server::HttpRequest &request) {
                QMutexLocker lock(&mutex);
                ++calls;
                received = request.body;
                // Over the spool threshold the body is in a file for the handler's time.
                if (!request.bodyFile.isEmpty()) {
                    QFile spooled(request.bodyFile);
                    if (spooled.open(QIODevice::ReadOnly))
                        received = spooled.readAll();
                }
                return server::HttpResponse {};
            },
            [](const QByteArray &) {});
        QVERIFY(http.start().ok());
        const QString uri = QString("https://localhost:%1/EGovExchange").arg(http.port());
        HttpsTransport transport({dir + "/a.crt", dir + "/a.key", dir + "/ca.crt", 10000});

        auto key = SoftwareSigningKey::fromPkcs12File(dir + "/a.p12", "test", clock);
        QVERIFY(key.ok());
        XmlDsigMessageSigner signer(**key, clock);
        QTemporaryDir work;
        const auto envelopeWith = [&](qint64 size) -> QString {
            QFile content(work.filePath("content.bin"));
            if (!content.open(QIODevice::WriteOnly))
                return {};
            content.write(QByteArray(size, 'x'));
            content.close();
            Message m;
            m.header.date = clock.now();
            m.header.sender = s_a;
            m.header.recipient = s_b;
            m.header.messageGuid = ExchangeGuid::create();
            DocumentRegistrationRequest request;
            request.docId.guid = ExchangeGuid::create();
            request.kind = "Писмо";
            Attachment attachment {"a.bin", {}, {}, "application/octet-stream"};
            attachment.contentFile = content.fileName();
            request.attachments = {attachment};
            m.body = request;
            auto spliced = MessageWriter::writeSpliced(m);
            auto signedMessage
                = spliced ? signer.signSpliced(*spliced) : Result<SplicedContent>(spliced.error());
            QFile envelope(work.filePath("envelope.xml"));
            if (!signedMessage || !envelope.open(QIODevice::WriteOnly)
                || !SoapEnvelope::writeSubmitRequest(*signedMessage, envelope).ok())
                return {};
            return envelope.fileName();
        };

        const QString small = envelopeWith(2 * 1024 * 1024);
        QVERIFY(!small.isEmpty());
        auto reply = transport.postFile(uri, SoapEnvelope::soapAction(), small);
        QVERIFY2(reply.ok(), qPrintable(reply.error().toString()));
        QCOMPARE(reply->status, 200);
        QFile sent(small);
        QVERIFY(sent.open(QIODevice::ReadOnly));
        {
            QMutexLocker lock(&mutex);
            QCOMPARE(calls, 1);
            QCOMPARE(received, sent.readAll());
        }
        QBuffer envelope(&received);
        QVERIFY(envelope.open(QIODevice::ReadOnly));
        QByteArray message;
        QBuffer messageBuffer(&message);
        QVERIFY(messageBuffer.open(QIODevice::WriteOnly));
        QVERIFY(SoapEnvelope::extractSubmitRequest(envelope, messageBuffer, 1LL << 30).ok());
        messageBuffer.close();
        QVERIFY(messageBuffer.open(QIODevice::ReadOnly));
        BlobStore store(work.filePath("blobs"));
        auto streamed = MessageStreamReader(store).read(messageBuffer);
        QVERIFY2(streamed.ok(), qPrintable(streamed.error().toString()));
        QVERIFY(XmlDsigMessageVerifier(clock).verifySpliced(streamed->signedForm()).ok());

        const QString big = envelopeWith(4 * 1024 * 1024);
        QVERIFY(!big.isEmpty());
        reply = transport.postFile(uri, SoapEnvelope::soapAction(), big);
        // The server answers 413 and closes; a sender still writing may see the reset first.
        QVERIFY2(!reply.ok() || reply->status == 413, qPrintable(QString::number(reply ? reply->status : 0)));
        QMutexLocker lock(&mutex);
        QCOMPARE(calls, 1);
        QVERIFY(!transport.postFile(uri, SoapEnvelope::soapAction(), work.filePath("missing.xml")).ok());
    }

    /** The receiver answers after the sender's timeout (processed, reply late), both for
     *  the request and for the pushed status: the retries carry the same MessageGUID and
     *  bytes and get the stored reply; one registration, both sides agree. */
    void delayedReplyAfterSenderTimeout()
    {
        Site a;
        Site b;
        if (a.db.skip())
            QSKIP(qPrintable(a.db.problem()));
        QVERIFY(a.db.seed() && b.db.seed());
        a.db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        b.db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        const QString dir = m_pki.path();
        a.peer = std::make_unique<ExchangePeer>(a.db, s_a, dir + "/a.p12");
        b.peer = std::make_unique<ExchangePeer>(b.db, s_b, dir + "/b.p12");
        server::ExchangeEndpoint::install(a.router, a.peer->service());
        server::ExchangeEndpoint::install(b.router, b.peer->service());
        QVERIFY(a.start(dir, "a"));
        QVERIFY(b.start(dir, "b"));
        constexpr int timeoutMs = 1500;
        a.transport = std::make_unique<HttpsTransport>(
            HttpsTransportSettings {dir + "/a.crt", dir + "/a.key", dir + "/ca.crt", timeoutMs});
        b.transport = std::make_unique<HttpsTransport>(
            HttpsTransportSettings {dir + "/b.crt", dir + "/b.key", dir + "/ca.crt", timeoutMs});
        const QList<ParticipantRecord> registry {
            {s_a.guid, s_a.identifier, s_a.name, a.peer->serialHex(), a.uri(), true, {}},
            {s_b.guid, s_b.identifier, s_b.name, b.peer->serialHex(), b.uri(), true, {}}};
        QVERIFY(a.peer->service().directory().replaceAll(registry).ok());
        QVERIFY(b.peer->service().directory().replaceAll(registry).ok());

        DocumentRegistrationRequest doc;
        doc.docId.kind = DocumentId::Kind::Number;
        doc.docId.number = {"СОА26-ИЗ01-13", QDate(2026, 3, 2)};
        doc.docId.guid = ExchangeGuid::create();
        doc.kind = "Писмо";
        doc.about = "Късен отговор";
        QVERIFY(a.peer->service().sendDocument(s_b.guid, doc).ok());

        b.delayMs = timeoutMs + 1000;
        b.lateReplies = 1;
        auto delivered = a.peer->service().deliverDue(*a.transport);
        QVERIFY(delivered.ok());
        QCOMPARE(*delivered, 0); // timed out, although B has it
        auto entries = a.peer->service().outbox().list();
        QCOMPARE(entries->at(0).attempts, 1);
        QVERIFY2(entries->at(0).lastError.contains("in time"), qPrintable(entries->at(0).lastError));
        QCOMPARE(b.peer->service().inbox().list()->size(), 1);

        a.db.clock.advance(15 * 60 * 1000);
        delivered = a.peer->service().deliverDue(*a.transport);
        QVERIFY2(delivered.ok() && *delivered == 1,
                 qPrintable(a.peer->service().outbox().list()->at(0).lastError));
        QCOMPARE(b.peer->service().inbox().list()->size(), 1);
        QCOMPARE(a.peer->service().outbox().sentDocument(doc.docId.guid, s_b.guid)->status,
                 QString("DS_WAIT_REGISTRATION"));

        auto registered = b.peer->service().registerIncoming(
            b.db.clerk, b.peer->service().inbox().list()->at(0).id, b.db.incomingRegisterId);
        QVERIFY2(registered.ok(), qPrintable(registered.error().toString()));
        a.delayMs = timeoutMs + 1000;
        a.lateReplies = 1;
        delivered = b.peer->service().deliverDue(*b.transport);
        QVERIFY(delivered.ok());
        QCOMPARE(*delivered, 0);
        // A applied the status although its reply came too late.
        QCOMPARE(a.peer->service().outbox().sentDocument(doc.docId.guid, s_b.guid)->status,
                 QString("DS_REGISTERED"));
        b.db.clock.advance(15 * 60 * 1000);
        delivered = b.peer->service().deliverDue(*b.transport);
        QVERIFY(delivered.ok());
        QCOMPARE(*delivered, 1);
        QCOMPARE(b.peer->service().outbox().due()->size(), 0);
        QCOMPARE(a.peer->service().outbox().due()->size(), 0);
        auto sent = a.peer->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
        QCOMPARE(sent->status, QString("DS_REGISTERED"));
        QCOMPARE(sent->receiverNumber, registered->index);
        QCOMPARE(Sql::scalar(*b.db.database().connection(), "SELECT COUNT(*) FROM registration")->toInt(), 1);
        QCOMPARE(b.peer->service().inbox().list()->size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ExchangeOverHttps)
#include "tst_ExchangeOverHttps.moc"
