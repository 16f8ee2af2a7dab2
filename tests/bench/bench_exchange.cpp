// SPDX-License-Identifier: GPL-3.0-or-later
// СЕОС exchange benchmark (see README.md):
//  1. small signed messages per second through Submit over HTTPS with mutual TLS on
//     loopback (A signs, B's endpoint verifies, checks the registry and answers with
//     a signed status), against `xmlsec1 --verify` of the same message in the same run;
//  2. a message with a 100 MB attachment: write + sign, read + verify: time and peak
//     memory, streamed (default) or whole in memory (`--whole`, the former path);
//  3. `--servers [MB]`: the same attachment (100 MB by default) server to server: two
//     real delovod-server processes on loopback HTTPS with mutual TLS, A's background
//     delivery posts it from its blob store, B spools and reads it streamed; the time
//     and B's peak resident set (VmHWM) are reported, with the in-process figures of
//     mode 2 as the baseline.
#include "ExchangePeer.h"
#include "HttpServer.h"
#include "Router.h"
#include "TempDatabase.h"
#include "exchange/ExchangeEndpoint.h"
#include "exchange/SoapEnvelope.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageReader.h"
#include "exchange/message/MessageStreamReader.h"
#include "exchange/message/MessageWriter.h"
#include "exchange/transport/HttpsTransport.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <sys/resource.h>

#ifndef DELOVOD_SERVER_PATH
#define DELOVOD_SERVER_PATH "delovod-server" // from PATH when the build has no server
#endif

using namespace dms;
using namespace dms::exchange;

namespace {

bool openssl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("openssl"), arguments);
    return process.waitForFinished(60000) && process.exitCode() == 0;
}

int fail(int step)
{
    std::fprintf(stderr, "bench_exchange: setup step %d failed\n", step);
    return 1;
}

long peakRssMb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

/** A field of /proc/PID/status in MiB (VmHWM: peak resident set, VmRSS: now). */
long statusMb(qint64 pid, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').constFirst().toLong() / 1024;
    }
    return -1;
}

/** One delovod-server process of mode 3. */
struct ServerProcess
{
    QProcess process;
    QByteArray output;
    quint16 port = 0;

    bool start(const QString &config)
    {
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(DELOVOD_SERVER_PATH),
                      {QStringLiteral("--config"), config, QStringLiteral("--serve")});
        if (!process.waitForStarted(10000))
            return false;
        const QRegularExpression serving(QStringLiteral("Serving https://127\\.0\\.0\\.1:(\\d+)"));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20000 && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            output += process.readAll();
            const auto match = serving.match(QString::fromUtf8(output));
            if (match.hasMatch()) {
                port = quint16(match.captured(1).toUInt());
                return true;
            }
        }
        std::fprintf(stderr, "%s\n", output.constData());
        return false;
    }
    ~ServerProcess()
    {
        process.terminate();
        if (!process.waitForFinished(15000))
            process.kill();
        process.waitForFinished(5000);
    }
};

QString databaseUrl(const TempDatabase &db)
{
    return db.config().isSqlite() ? QStringLiteral("sqlite:") + db.config().path : db.config().toDisplayUrl();
}

} // namespace

namespace {

const Participant s_a {QStringLiteral("000000001"), QStringLiteral("А"),
                       QStringLiteral("{11111111-1111-4111-8111-111111111111}")};
const Participant s_b {QStringLiteral("000000002"), QStringLiteral("Б"),
                       QStringLiteral("{22222222-2222-4222-8222-222222222222}")};

} // namespace

namespace {

/** Mode 3: the attachment from server A's outbox to server B's inbox, both real processes. */
int serversMode(const QString &d, qint64 attachmentMb)
{
    qputenv("DELOVOD_LANG", "en"); // the servers' output is read below
    TempDatabase dbA;
    TempDatabase dbB;
    if (!dbA.problem().isEmpty() || !dbA.seed() || !dbB.seed())
        return fail(20);
    dbA.clock.set(QDateTime::currentDateTimeUtc().addSecs(2));
    dbB.clock.set(QDateTime::currentDateTimeUtc().addSecs(2));
    test::ExchangePeer a(dbA, s_a, d + QStringLiteral("/a.p12"));
    test::ExchangePeer b(dbB, s_b, d + QStringLiteral("/b.p12"));
    BlobStore aStore(d + QStringLiteral("/a-blobs"));
    BlobStore bStore(d + QStringLiteral("/b-blobs"));
    a.service().setBlobStore(&aStore);
    b.service().setBlobStore(&bStore);
    const auto config = [&](const QString &name, const Participant &self, const TempDatabase &db,
                            const BlobStore &store) {
        const QString path = d + QLatin1Char('/') + name + QStringLiteral(".ini");
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return QString();
        file.write(QStringLiteral("[database]\nurl=\"%1\"\n[http]\naddress=127.0.0.1\nport=0\n"
                                  "[tls]\ncertificate=%2.crt\nkey=%2.key\nclient_ca=ca.crt\n"
                                  "[sync]\nblob_dir=%3\n"
                                  "[exchange]\nenabled=true\nguid=%4\nidentifier=%5\nname=\"%6\"\n"
                                  "certificate=%2.crt\nkey=%2.key\npeers_ca=ca.crt\ndelivery_interval_s=1\n")
                       .arg(databaseUrl(db), name, store.rootDir(), self.guid, self.identifier, self.name)
                       .toUtf8());
        return path;
    };
    ServerProcess serverB;
    ServerProcess serverA;
    if (!serverB.start(config(QStringLiteral("b"), s_b, dbB, bStore))
        || !serverA.start(config(QStringLiteral("a"), s_a, dbA, aStore)))
        return fail(21);
    const auto uri = [](quint16 port) {
        return QStringLiteral("https://localhost:%1/EGovExchange").arg(port);
    };
    const QList<ParticipantRecord> registry {
        {s_a.guid, s_a.identifier, s_a.name, a.serialHex(), uri(serverA.port), true, {}},
        {s_b.guid, s_b.identifier, s_b.name, b.serialHex(), uri(serverB.port), true, {}}};
    if (!a.service().directory().replaceAll(registry) || !b.service().directory().replaceAll(registry))
        return fail(22);

    const QString contentPath = d + QStringLiteral("/big.bin");
    {
        QFile content(contentPath);
        if (!content.open(QIODevice::WriteOnly))
            return fail(23);
        QByteArray chunk(1024 * 1024, '\0');
        for (qint64 offset = 0; offset < attachmentMb * chunk.size(); offset += chunk.size()) {
            for (qsizetype i = 0; i < chunk.size(); ++i)
                chunk[i] = char(((offset + i) * 131) & 0xff);
            content.write(chunk);
        }
    }
    auto stored = aStore.putFile(contentPath);
    if (!stored)
        return fail(24);
    DocumentRegistrationRequest request;
    request.docId.kind = DocumentId::Kind::Number;
    request.docId.number = {QStringLiteral("Б-1"), QDate::currentDate()};
    request.docId.guid = ExchangeGuid::create();
    request.kind = QStringLiteral("Писмо");
    Attachment attachment {QStringLiteral("big.bin"), {}, {}, QStringLiteral("application/octet-stream")};
    attachment.contentFile = aStore.pathFor(stored->sha256);
    request.attachments = {attachment};

    const long before = statusMb(serverB.process.processId(), "VmHWM");
    QElapsedTimer timer;
    timer.start();
    auto queued = a.service().sendDocument(s_b.guid, request);
    if (!queued)
        return fail(25);
    const double queueMs = timer.nsecsElapsed() / 1e6;
    const long senderPeak = statusMb(QCoreApplication::applicationPid(), "VmHWM");
    timer.restart();
    const auto inboxSize = [&] {
        auto value = Sql::scalar(*dbB.database().connection(),
                                 QStringLiteral("SELECT COUNT(*) FROM exchange_inbox"));
        return value ? value->toInt() : -1;
    };
    while (inboxSize() < 1 && timer.elapsed() < 600000)
        QThread::msleep(20);
    const double deliverMs = timer.nsecsElapsed() / 1e6;
    const long receiverPeak = statusMb(serverB.process.processId(), "VmHWM");
    const long serverAPeak = statusMb(serverA.process.processId(), "VmHWM");
    serverB.process.waitForReadyRead(200);
    serverB.output += serverB.process.readAll();
    const QRegularExpression logLine(
        QStringLiteral("path=/EGovExchange status=200 bytes=\\d+ duration_ms=([0-9.]+)"));
    const auto logged = logLine.match(QString::fromUtf8(serverB.output));
    const bool arrived
        = inboxSize() == 1 && bStore.contains(stored->sha256) && bStore.verify(stored->sha256).ok();

    timer.restart();
    auto inbox = b.service().inbox().list();
    const bool registered = inbox && inbox->size() == 1
        && b.service().registerIncoming(dbB.clerk, inbox->at(0).id, dbB.incomingRegisterId).ok();
    const double registerMs = timer.nsecsElapsed() / 1e6;
    const long benchPeak = statusMb(QCoreApplication::applicationPid(), "VmHWM");

    std::printf("%lld MB attachment server to server (two delovod-server processes, loopback HTTPS, mutual "
                "TLS):\n"
                "  sender: write+sign into A's blob store %.0f ms (this process's peak RSS %ld MB)\n"
                "  delivery: queued -> B's inbox %.0f ms (A delivers every 1 s); B's request %s ms "
                "(upload + spool + read + verify + store)\n"
                "  receiver B: peak RSS %ld MB (before %ld MB); sender server A: peak RSS %ld MB\n"
                "  attachment byte-identical in B's blob store: %s\n"
                "  registration at B with the file attached from the store: %.0f ms, %s (this process's peak "
                "RSS %ld MB)\n",
                static_cast<long long>(attachmentMb), queueMs, senderPeak, deliverMs,
                logged.hasMatch() ? qPrintable(logged.captured(1)) : "?", receiverPeak, before, serverAPeak,
                arrived ? "yes" : "NO", registerMs, registered ? "ok" : "FAILED", benchPeak);
    return arrived && registered ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 && QString::fromLocal8Bit(argv[1]).toInt() > 0
        ? QString::fromLocal8Bit(argv[1]).toInt()
        : 300;
    QTemporaryDir dir;
    const QString d = dir.path();
    QFile ext(d + QStringLiteral("/ext.cnf"));
    if (!ext.open(QIODevice::WriteOnly))
        return fail(1);
    ext.write("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
    ext.close();
    if (!openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                  QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                  d + QStringLiteral("/ca.key"), QStringLiteral("-out"), d + QStringLiteral("/ca.crt"),
                  QStringLiteral("-subj"), QStringLiteral("/CN=Bench CA")}))
        return fail(2);
    for (const QString &name : {QStringLiteral("a"), QStringLiteral("b")}) {
        const QString base = d + QLatin1Char('/') + name;
        if (!openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                      QStringLiteral("-nodes"), QStringLiteral("-keyout"), base + QStringLiteral(".key"),
                      QStringLiteral("-out"), base + QStringLiteral(".csr"), QStringLiteral("-subj"),
                      QStringLiteral("/CN=localhost")})
            || !openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                         base + QStringLiteral(".csr"), QStringLiteral("-CA"), d + QStringLiteral("/ca.crt"),
                         QStringLiteral("-CAkey"), d + QStringLiteral("/ca.key"),
                         QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                         base + QStringLiteral(".crt"), QStringLiteral("-extfile"),
                         d + QStringLiteral("/ext.cnf")})
            || !openssl({QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-inkey"),
                         base + QStringLiteral(".key"), QStringLiteral("-in"), base + QStringLiteral(".crt"),
                         QStringLiteral("-out"), base + QStringLiteral(".p12"), QStringLiteral("-passout"),
                         QStringLiteral("pass:test")}))
            return fail(3);
    }

    if (const qsizetype servers = app.arguments().indexOf(QStringLiteral("--servers")); servers > 0) {
        const qint64 mb = app.arguments().value(servers + 1).toLongLong();
        return serversMode(d, mb > 0 ? mb : 100);
    }

    TempDatabase dbA;
    TempDatabase dbB;
    if (!dbA.problem().isEmpty() || !dbA.seed() || !dbB.seed())
        return fail(4);
    dbA.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
    dbB.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
    test::ExchangePeer a(dbA, s_a, d + QStringLiteral("/a.p12"));
    test::ExchangePeer b(dbB, s_b, d + QStringLiteral("/b.p12"));
    server::Router router;
    server::ExchangeEndpoint::install(router, b.service());
    server::HttpServerSettings settings;
    settings.port = 0;
    settings.certificateFile = d + QStringLiteral("/b.crt");
    settings.keyFile = d + QStringLiteral("/b.key");
    settings.clientCaFile = d + QStringLiteral("/ca.crt");
    server::HttpServer http(
        settings, [&router](const server::HttpRequest &r) { return router.handle(r); },
        [](const QByteArray &) {});
    if (!http.start())
        return fail(5);
    const QString uri = QStringLiteral("https://localhost:%1/EGovExchange").arg(http.port());
    const QList<ParticipantRecord> registry {
        {s_a.guid,
         s_a.identifier,
         s_a.name,
         a.serialHex(),
         QStringLiteral("https://localhost:1/EGovExchange"),
         true,
         {}},
        {s_b.guid, s_b.identifier, s_b.name, b.serialHex(), uri, true, {}}};
    if (!b.service().directory().replaceAll(registry) || !a.service().directory().replaceAll(registry))
        return fail(6);
    HttpsTransport transport(
        {d + QStringLiteral("/a.crt"), d + QStringLiteral("/a.key"), d + QStringLiteral("/ca.crt"), 10000});
    // Prepare N signed status requests (signing is the sender's cost: timed separately).
    auto key = SoftwareSigningKey::fromPkcs12File(d + QStringLiteral("/a.p12"), "test", dbA.clock);
    if (!key)
        return fail(7);
    XmlDsigMessageSigner signer(**key, dbA.clock);
    QList<QByteArray> messages;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < count; ++i) {
        Message m;
        m.header.date = dbA.clock.now();
        m.header.sender = s_a;
        m.header.recipient = s_b;
        m.header.messageGuid = ExchangeGuid::create();
        m.body = DocumentStatusRequest {{DocumentId::Kind::None, {}, {}, ExchangeGuid::create()}};
        auto bytes = MessageWriter::write(m);
        auto signedBytes = bytes ? signer.sign(*bytes) : Result<QByteArray>(bytes.error());
        if (!signedBytes)
            return fail(8);
        messages << *signedBytes;
    }
    const double signMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    int ok = 0;
    for (const QByteArray &message : std::as_const(messages)) {
        auto reply = transport.post(uri, SoapEnvelope::soapAction(), SoapEnvelope::submitRequest(message));
        if (reply && reply->status == 200)
            ++ok;
    }
    const double submitMs = timer.nsecsElapsed() / 1e6;

    // Baseline: xmlsec1 --verify of the same messages (one process each, as a peer script would).
    const int baselineCount = qMin(count, 100);
    const QString path = d + QStringLiteral("/m.xml");
    timer.restart();
    int verified = 0;
    for (int i = 0; i < baselineCount; ++i) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return fail(9);
        file.write(messages.at(i));
        file.close();
        QProcess xmlsec;
        xmlsec.start(QStringLiteral("xmlsec1"),
                     {QStringLiteral("--verify"), QStringLiteral("--insecure"), path});
        xmlsec.waitForFinished(30000);
        if (xmlsec.exitCode() == 0)
            ++verified;
    }
    const double xmlsecMs = timer.nsecsElapsed() / 1e6;
    std::printf("small messages: %d signed in %.0f ms (%.1f/s)\n", count, signMs, count * 1000.0 / signMs);
    std::printf(
        "Submit over HTTPS (verify + registry + signed reply, new TLS connection each): %d/%d in %.0f ms = "
        "%.1f msg/s\n",
        ok, count, submitMs, count * 1000.0 / submitMs);
    std::printf("baseline xmlsec1 --verify (process per message): %d/%d in %.0f ms = %.1f msg/s\n", verified,
                baselineCount, xmlsecMs, baselineCount * 1000.0 / xmlsecMs);

    // A 100 MB attachment, the way it travels: written from its file into the signed
    // message file (base64 streamed, digest over the spliced canonical form), read back
    // from that file with the attachment decoded into the blob store, signature checked.
    // `--whole` measures the former whole-message path instead (write + read, unsigned).
    const bool whole = app.arguments().contains(QStringLiteral("--whole"));
    const qint64 attachmentSize = 100 * 1024 * 1024;
    const QString contentPath = d + QStringLiteral("/big.bin");
    {
        QFile content(contentPath);
        if (!content.open(QIODevice::WriteOnly))
            return fail(10);
        QByteArray chunk(1024 * 1024, '\0');
        for (qint64 offset = 0; offset < attachmentSize; offset += chunk.size()) {
            for (qsizetype i = 0; i < chunk.size(); ++i)
                chunk[i] = char(((offset + i) * 131) & 0xff);
            content.write(chunk);
        }
    }
    const long before = peakRssMb();
    timer.restart();
    Message big;
    big.header.date = dbA.clock.now();
    big.header.sender = s_a;
    big.header.recipient = s_b;
    big.header.messageGuid = ExchangeGuid::create();
    DocumentRegistrationRequest request;
    request.docId.guid = ExchangeGuid::create();
    request.kind = QStringLiteral("Писмо");
    Attachment attachment {QStringLiteral("big.bin"), {}, {}, QStringLiteral("application/octet-stream")};
    if (whole) {
        QFile content(contentPath);
        if (!content.open(QIODevice::ReadOnly))
            return fail(11);
        attachment.content = content.readAll();
    } else {
        attachment.contentFile = contentPath;
    }
    request.attachments = {attachment};
    attachment = {};
    big.body = std::move(request);
    bool read = false;
    qint64 messageSize = -1;
    double writeMs = 0;
    long writePeak = 0;
    if (whole) {
        // As before streaming: write and read back only (whole-message signing refuses
        // inputs this large).
        auto bytes = MessageWriter::write(big);
        big.body = DocumentStatusRequest {};
        writeMs = timer.nsecsElapsed() / 1e6;
        writePeak = peakRssMb();
        timer.restart();
        read = bytes && MessageReader().read(*bytes).ok();
        messageSize = bytes ? bytes->size() : -1;
    } else {
        const QString messagePath = d + QStringLiteral("/big-message.xml");
        auto spliced = MessageWriter::writeSpliced(big);
        auto signedMessage = spliced ? signer.signSpliced(*spliced) : Result<SplicedContent>(spliced.error());
        QFile out(messagePath);
        if (!signedMessage || !out.open(QIODevice::WriteOnly) || !signedMessage->writeTo(out).ok())
            return fail(12);
        out.close();
        messageSize = out.size();
        writeMs = timer.nsecsElapsed() / 1e6;
        writePeak = peakRssMb();
        timer.restart();
        BlobStore store(d + QStringLiteral("/blobs"));
        XmlDsigMessageVerifier verifier(dbB.clock);
        QFile in(messagePath);
        if (!in.open(QIODevice::ReadOnly))
            return fail(13);
        auto received = MessageStreamReader(store).read(in);
        read = received && verifier.verifySpliced(received->signedForm()).ok()
            && received->commitAttachments().ok();
    }
    const double readMs = timer.nsecsElapsed() / 1e6;
    std::printf("100 MB attachment (%s): message %lld bytes, write %.0f ms (peak RSS %ld MB), read %.0f ms, "
                "%s; peak RSS %ld MB (before %ld MB)\n",
                whole ? "whole message in memory, unsigned"
                      : "streamed: write+validate+sign, read+validate+verify",
                static_cast<long long>(messageSize), writeMs, writePeak, readMs, read ? "ok" : "FAILED",
                peakRssMb(), before);
    http.stop();
    http.wait();
    return ok == count && verified == baselineCount && read ? 0 : 1;
}
