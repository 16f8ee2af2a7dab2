// SPDX-License-Identifier: GPL-3.0-or-later
// СЕОС exchange benchmark (see README.md):
//  1. small signed messages per second through Submit over HTTPS with mutual TLS on
//     loopback (A signs, B's endpoint verifies, checks the registry and answers with
//     a signed status), against `xmlsec1 --verify` of the same message in the same run;
//  2. a message with a 100 MB attachment: write + sign, read + verify: time and peak
//     memory, streamed (default) or whole in memory (`--whole`, the former path).
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
#include "storage/BlobStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <sys/resource.h>

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

const Participant s_a {QStringLiteral("000000001"), QStringLiteral("А"),
                       QStringLiteral("{11111111-1111-4111-8111-111111111111}")};
const Participant s_b {QStringLiteral("000000002"), QStringLiteral("Б"),
                       QStringLiteral("{22222222-2222-4222-8222-222222222222}")};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 300;
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
