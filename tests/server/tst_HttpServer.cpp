// SPDX-License-Identifier: GPL-3.0-or-later
// The HTTP core of delovod-server on loopback: mutual TLS, limits, timeouts,
// routing, logging and graceful shutdown, in-process and as the real program.
#include "HealthEndpoint.h"
#include "HttpServer.h"
#include "Router.h"
#include "ServerConfig.h"
#include "TestPki.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <openssl/ssl.h>
#include <optional>
#include <thread>

#ifndef OPENSSL_PATH
#error "OPENSSL_PATH must name the openssl program (see tests/server/CMakeLists.txt)"
#endif
#ifndef DELOVOD_SERVER_PATH
#error "DELOVOD_SERVER_PATH must name the delovod-server binary (see tests/server/CMakeLists.txt)"
#endif

using namespace dms;
using namespace dms::server;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

/** A blocking HTTPS client with a timeout on every step, on its own io_context. */
class TlsClient
{
public:
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QByteArray allow;
        bool keepAlive = false;
        QString error;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    TlsClient(const QString &certificate, const QString &key, const QString &ca, int maxVersion = 0)
        : m_context(ssl::context::tls_client)
    {
        if (!certificate.isEmpty()) {
            m_context.use_certificate_file(certificate.toStdString(), ssl::context::pem);
            m_context.use_private_key_file(key.toStdString(), ssl::context::pem);
        }
        m_context.load_verify_file(ca.toStdString());
        m_context.set_verify_mode(ssl::verify_peer);
        m_context.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
        if (maxVersion != 0) {
            // Old protocols need the lowest security level on the client side to be tried at all.
            SSL_CTX_set_security_level(m_context.native_handle(), 0);
            SSL_CTX_set_min_proto_version(m_context.native_handle(), TLS1_VERSION);
            SSL_CTX_set_max_proto_version(m_context.native_handle(), maxVersion);
        }
        m_stream.emplace(m_ioc, m_context);
    }

    /** TCP connect and TLS handshake; empty on success, else the error. */
    QString connect(quint16 port)
    {
        beast::error_code result;
        auto &socket = beast::get_lowest_layer(*m_stream);
        socket.expires_after(5s);
        socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                             [&](beast::error_code ec) { result = ec; });
        run();
        if (result)
            return QString::fromStdString(result.message());
        socket.expires_after(5s);
        m_stream->async_handshake(ssl::stream_base::client, [&](beast::error_code ec) { result = ec; });
        run();
        return result ? QString::fromStdString(result.message()) : QString();
    }

    QString sendRaw(const std::string &data)
    {
        beast::error_code result;
        beast::get_lowest_layer(*m_stream).expires_after(5s);
        asio::async_write(*m_stream, asio::buffer(data),
                          [&](beast::error_code ec, std::size_t) { result = ec; });
        run();
        return result ? QString::fromStdString(result.message()) : QString();
    }

    Reply read(std::chrono::milliseconds timeout = 10s)
    {
        Reply reply;
        http::response<http::string_body> response;
        beast::error_code result;
        beast::get_lowest_layer(*m_stream).expires_after(timeout);
        http::async_read(*m_stream, m_buffer, response,
                         [&](beast::error_code ec, std::size_t) { result = ec; });
        run();
        if (result) {
            reply.error = QString::fromStdString(result.message());
            return reply;
        }
        reply.status = int(response.result_int());
        reply.body = QByteArray::fromStdString(response.body());
        reply.allow = QByteArray::fromStdString(std::string(response[http::field::allow]));
        reply.keepAlive = response.keep_alive();
        return reply;
    }

    Reply request(const std::string &method, const std::string &target, const std::string &body = {})
    {
        http::request<http::string_body> message {http::string_to_verb(method), target, 11};
        message.set(http::field::host, "127.0.0.1");
        if (!body.empty())
            message.set(http::field::content_type, "text/plain");
        message.body() = body;
        message.prepare_payload();
        beast::error_code result;
        beast::get_lowest_layer(*m_stream).expires_after(5s);
        http::async_write(*m_stream, message, [&](beast::error_code ec, std::size_t) { result = ec; });
        run();
        if (result) {
            Reply reply;
            reply.error = QString::fromStdString(result.message());
            return reply;
        }
        return read();
    }

    /** GETs `target` into the file `path` (memory stays small); the status, or -1. */
    int download(const std::string &target, const QString &path)
    {
        http::request<http::empty_body> message {http::verb::get, target, 11};
        message.set(http::field::host, "127.0.0.1");
        beast::error_code result;
        beast::get_lowest_layer(*m_stream).expires_after(5s);
        http::async_write(*m_stream, message, [&](beast::error_code ec, std::size_t) { result = ec; });
        run();
        if (result)
            return -1;
        http::response_parser<http::file_body> parser;
        parser.body_limit(boost::none);
        parser.get().body().open(QFile::encodeName(path).constData(), beast::file_mode::write, result);
        if (result)
            return -1;
        beast::get_lowest_layer(*m_stream).expires_after(60s);
        http::async_read(*m_stream, m_buffer, parser,
                         [&](beast::error_code ec, std::size_t) { result = ec; });
        run();
        return result ? -1 : int(parser.get().result_int());
    }

    /** True when the server closes the connection (or it fails) within the timeout. */
    bool waitClosed(std::chrono::milliseconds timeout)
    {
        char byte = 0;
        bool closed = false;
        beast::get_lowest_layer(*m_stream).expires_after(timeout);
        m_stream->async_read_some(asio::buffer(&byte, 1), [&](beast::error_code ec, std::size_t) {
            closed = ec && ec != beast::error::timeout;
        });
        run();
        return closed;
    }

private:
    void run()
    {
        m_ioc.restart();
        m_ioc.run();
    }

    asio::io_context m_ioc;
    ssl::context m_context;
    std::optional<beast::ssl_stream<beast::tcp_stream>> m_stream;
    beast::flat_buffer m_buffer;
};

/** Log lines from the server's threads. */
class LogCapture
{
public:
    HttpServer::LogSink sink()
    {
        return [this](const QByteArray &line) {
            std::lock_guard lock(m_mutex);
            m_lines << line;
        };
    }
    QByteArrayList lines()
    {
        std::lock_guard lock(m_mutex);
        return m_lines;
    }

private:
    std::mutex m_mutex;
    QByteArrayList m_lines;
};

} // namespace

/** The body limit of /test/upload (the other routes keep maxBodyBytes). */
constexpr qint64 kUploadLimit = 3 * 1024 * 1024;

/** The body of /test/file: kFileChunks times this MiB. */
constexpr int kFileChunks = 192;

QByteArray fileChunk()
{
    QByteArray chunk(1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < chunk.size(); ++i)
        chunk[i] = char('a' + i % 23);
    return chunk;
}

/** The highest resident set size of this process since the last reset, in KiB. */
qint64 peakResidentKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

class tst_HttpServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Database> m_database;
    QString m_databaseUrl;
    LogCapture m_log;
    std::unique_ptr<HttpServer> m_server;
    std::mutex m_slowMutex;
    std::promise<void> m_slowEntered;
    std::shared_future<void> m_slowRelease;

    TestPki m_pki {m_dir.filePath(QStringLiteral("pki")), QStringLiteral(OPENSSL_PATH)};

    QString pki(const QString &name) const { return m_pki.path(name); }

    HttpServerSettings settings() const
    {
        HttpServerSettings s;
        s.address = QStringLiteral("127.0.0.1");
        s.port = 0;
        s.certificateFile = pki(QStringLiteral("server.crt"));
        s.keyFile = pki(QStringLiteral("server.key"));
        s.clientCaFile = pki(QStringLiteral("ca.crt"));
        s.maxBodyBytes = 1024;
        s.routeMaxBodyBytes.insert("/test/upload", kUploadLimit);
        s.spoolThresholdBytes = 4096;
        s.spoolDir = m_dir.filePath(QStringLiteral("spool"));
        s.maxHeaderBytes = 4096;
        s.requestTimeoutMs = 5000;
        s.idleTimeoutMs = 5000;
        s.shutdownTimeoutMs = 5000;
        return s;
    }

    quint16 start(const HttpServerSettings &s)
    {
        m_server.reset();
        Router router;
        HealthEndpoint::install(router, m_database);
        router.add("POST", "/test/echo", [](const HttpRequest &request) {
            return HttpResponse::json(200,
                                      QJsonObject {{"bytes", int(request.body.size())},
                                                   {"query", QString::fromUtf8(request.query)}});
        });
        router.add("POST", "/test/upload", [](const HttpRequest &request) {
            QCryptographicHash hash(QCryptographicHash::Sha256);
            const bool spooled = !request.bodyFile.isEmpty();
            if (spooled) {
                QFile file(request.bodyFile);
                if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
                    return HttpResponse::error(500, ErrorCode::Storage, QStringLiteral("spool file"));
            } else {
                hash.addData(request.body);
            }
            return HttpResponse::json(200,
                                      QJsonObject {{"bytes", double(request.bodySize)},
                                                   {"spooled", spooled},
                                                   {"sha256", QString::fromLatin1(hash.result().toHex())}});
        });
        router.add("GET", "/test/whoami", [](const HttpRequest &request) {
            return HttpResponse::json(
                200,
                QJsonObject {{"subject", request.client.subject},
                             {"fingerprint", QString::fromLatin1(request.client.sha256Fingerprint)}});
        });
        router.add("GET", "/test/slow", [this](const HttpRequest &) {
            std::shared_future<void> release;
            {
                std::lock_guard lock(m_slowMutex);
                m_slowEntered.set_value();
                release = m_slowRelease;
            }
            release.wait_for(10s);
            return HttpResponse::json(200, QJsonObject {{"slow", true}});
        });
        router.add("GET", "/test/file", [](const HttpRequest &) {
            auto file = std::make_shared<QTemporaryFile>();
            if (!file->open())
                return HttpResponse::error(500, ErrorCode::Storage, QStringLiteral("temp file"));
            for (int i = 0; i < kFileChunks; ++i)
                file->write(fileChunk());
            file->close();
            HttpResponse response;
            response.contentType = QByteArrayLiteral("application/octet-stream");
            response.bodyFile = std::move(file);
            return response;
        });
        m_server = std::make_unique<HttpServer>(
            s, [router](const HttpRequest &request) { return router.handle(request); }, m_log.sink());
        const Status started = m_server->start();
        if (!started) {
            qWarning() << started.error().toString() << started.error().detail;
            return 0;
        }
        return m_server->port();
    }

    TlsClient trusted(int maxVersion = 0) const
    {
        return TlsClient(pki(QStringLiteral("client.crt")), pki(QStringLiteral("client.key")),
                         pki(QStringLiteral("ca.crt")), maxVersion);
    }

    static QByteArray fingerprint(const QString &certificate)
    {
        return TestPki::fingerprintOfFile(certificate);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The programs started below answer in English, which the checks read.
        qputenv("DELOVOD_LANG", "en");
        QVERIFY(m_dir.isValid());
        QVERIFY(m_pki.makeCa(QStringLiteral("ca")));
        QVERIFY(m_pki.makeCa(QStringLiteral("other")));
        QVERIFY(m_pki.makeLeaf(
            QStringLiteral("server"), QStringLiteral("ca"), QStringLiteral("/CN=localhost"),
            QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")));
        QVERIFY(m_pki.makeLeaf(QStringLiteral("client"), QStringLiteral("ca"),
                               QStringLiteral("/O=Test Office/CN=desk-1"),
                               QStringLiteral("extendedKeyUsage=clientAuth\n")));
        QVERIFY(m_pki.makeLeaf(QStringLiteral("stranger"), QStringLiteral("other"),
                               QStringLiteral("/CN=desk-1"),
                               QStringLiteral("extendedKeyUsage=clientAuth\n")));

        m_databaseUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("server.db"));
        auto config = DatabaseConfig::fromUrl(m_databaseUrl);
        QVERIFY(config);
        auto database = Database::open(*config);
        QVERIFY2(database, qPrintable(database.error().toString()));
        m_database = *database;
    }

    void cleanup() { m_server.reset(); }

    void healthWithTrustedClient()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        const auto reply = client.request("GET", "/api/v1/health");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(reply.json().value("version").toString(), QStringLiteral(DMS_VERSION));
        QCOMPARE(reply.json().value("schema").toInt(-1), m_database->schemaVersion().valueOr(-2));
        QVERIFY(reply.json().value("schema").toInt() > 0);
        QVERIFY(reply.keepAlive);

        // Keep-alive: the same connection serves the next request, with the client's identity.
        const auto who = client.request("GET", "/test/whoami");
        QCOMPARE(who.status, 200);
        QCOMPARE(who.json().value("subject").toString(), QStringLiteral("CN=desk-1,O=Test Office"));
        QCOMPARE(who.json().value("fingerprint").toString().toLatin1(), fingerprint(pki("client.crt")));
    }

    /** A file body (a large open-data export) goes out from disk piece by
     *  piece: the whole of it arrives, and memory does not grow with its size. */
    void fileBodiesAreSentFromDisk()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        QVERIFY(client.request("GET", "/api/v1/health").status == 200); // everything warmed up
        QFile reset(QStringLiteral("/proc/self/clear_refs"));
        if (reset.open(QIODevice::WriteOnly))
            reset.write("5"); // restarts the peak resident size (Linux)
        reset.close();
        const qint64 before = peakResidentKib();
        QVERIFY(before > 0);
        const QString path = m_dir.filePath(QStringLiteral("download"));
        QCOMPARE(client.download("/test/file", path), 200);
        const qint64 growth = peakResidentKib() - before;
        // The connection stays usable (asked now: it closes when idle for 5 s).
        const auto after = client.request("GET", "/api/v1/health");
        QVERIFY2(after.status == 200, qPrintable(after.error));
        QFile downloaded(path);
        QVERIFY(downloaded.open(QIODevice::ReadOnly));
        QCOMPARE(downloaded.size(), qint64(kFileChunks) * 1024 * 1024);
        QCryptographicHash received(QCryptographicHash::Sha256);
        QVERIFY(received.addData(&downloaded));
        QCryptographicHash sent(QCryptographicHash::Sha256);
        const QByteArray chunk = fileChunk();
        for (int i = 0; i < kFileChunks; ++i)
            sent.addData(chunk);
        QCOMPARE(received.result(), sent.result());
        downloaded.remove();
        // A body held in memory would add its 192 MiB at least once.
        QVERIFY2(growth < 48 * 1024, qPrintable(QStringLiteral("peak grew by %1 KiB").arg(growth)));
    }

    void clientsWithoutTrustedCertificateAreRefused_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::newRow("no certificate") << QString();
        QTest::newRow("unknown CA") << QStringLiteral("stranger");
    }

    void clientsWithoutTrustedCertificateAreRefused()
    {
        QFETCH(QString, certificate);
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        const qsizetype logged = m_log.lines().size();
        TlsClient client(certificate.isEmpty() ? QString() : pki(certificate + ".crt"),
                         certificate.isEmpty() ? QString() : pki(certificate + ".key"), pki("ca.crt"));
        // With TLS 1.3 the client may finish its handshake before the server's alert arrives.
        const QString handshake = client.connect(port);
        TlsClient::Reply reply;
        if (handshake.isEmpty())
            reply = client.request("GET", "/api/v1/health");
        QCOMPARE(reply.status, 0);
        QVERIFY(!handshake.isEmpty() || !reply.error.isEmpty());
        m_server->stop();
        m_server->wait();
        QCOMPARE(m_log.lines().size(), logged); // no request reached a handler
    }

    void tls11IsRefused()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient old = trusted(TLS1_1_VERSION);
        QVERIFY(!old.connect(port).isEmpty());
        // The same client settings capped at TLS 1.2 get through: the refusal is the version.
        TlsClient tls12 = trusted(TLS1_2_VERSION);
        QCOMPARE(tls12.connect(port), QString());
        QCOMPARE(tls12.request("GET", "/api/v1/health").status, 200);
    }

    void bodyOverTheLimitIsRefused()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        const auto small = client.request("POST", "/test/echo", std::string(1024, 'a'));
        QCOMPARE(small.status, 200);
        QCOMPARE(small.json().value("bytes").toInt(), 1024);

        const auto big = client.request("POST", "/test/echo", std::string(1025, 'a'));
        QCOMPARE(big.status, 413);
        QCOMPARE(big.json().value("error").toObject().value("code").toString(),
                 QStringLiteral("invalid-input"));
        QVERIFY(!big.keepAlive);
        QVERIFY(client.waitClosed(3s));
    }

    QString spoolDir() const { return m_dir.filePath(QStringLiteral("spool")); }
    int spooledFiles() const { return int(QDir(spoolDir()).entryList(QDir::Files | QDir::Hidden).size()); }
    /** Spool files open in this process: while a body arrives its file may have no
     *  name yet (O_TMPFILE), so it is found by the descriptors. */
    int openSpoolFiles() const
    {
        int count = 0;
        const QDir fds(QStringLiteral("/proc/self/fd"));
        for (const QString &fd : fds.entryList(QDir::Files | QDir::System)) {
            if (QFile::symLinkTarget(fds.filePath(fd)).startsWith(spoolDir()))
                ++count;
        }
        return count;
    }

    /** Above the threshold the handler gets a file, removed after the response; a
     *  route with its own limit takes more than maxBodyBytes, the others do not. */
    void bigBodiesAreSpooledAndRemoved()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        const std::string body = fileChunk().left(2 * 1024 * 1024 + 17).toStdString();
        const auto big = client.request("POST", "/test/upload", body);
        QCOMPARE(big.status, 200);
        QCOMPARE(big.json().value("spooled").toBool(), true);
        QCOMPARE(qint64(big.json().value("bytes").toDouble()), qint64(body.size()));
        QCOMPARE(big.json().value("sha256").toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(QByteArray::fromStdString(body), QCryptographicHash::Sha256)
                         .toHex()));
        QCOMPARE(spooledFiles(), 0);
        const auto small = client.request("POST", "/test/upload", "small body");
        QCOMPARE(small.status, 200);
        QCOMPARE(small.json().value("spooled").toBool(), false);
        QCOMPARE(small.json().value("bytes").toInt(), 10);
        // Other routes keep the server's limit, and their bodies in memory.
        const auto other = client.request("POST", "/test/echo", std::string(2048, 'a'));
        QCOMPARE(other.status, 413);
        QCOMPARE(spooledFiles(), 0);
        HttpServerSettings s = settings();
        s.maxBodyBytes = 64 * 1024;
        const quint16 second = start(s);
        QVERIFY(second != 0);
        TlsClient again = trusted();
        QCOMPARE(again.connect(second), QString());
        const auto inMemory = again.request("POST", "/test/echo", std::string(10 * 1024, 'a'));
        QCOMPARE(inMemory.status, 200);
        QCOMPARE(inMemory.json().value("bytes").toInt(), 10 * 1024);
    }

    void bodyOverTheRouteLimitLeavesNoSpoolFile_data()
    {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("content-length") << false;
        QTest::newRow("chunked") << true;
    }

    void bodyOverTheRouteLimitLeavesNoSpoolFile()
    {
        QFETCH(bool, chunked);
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        const std::string piece(64 * 1024, 'x');
        const int pieces = int(kUploadLimit / qint64(piece.size())) + 2;
        std::string head = "POST /test/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        head += chunked ? std::string("Transfer-Encoding: chunked\r\n\r\n")
                        : "Content-Length: " + std::to_string(pieces * piece.size()) + "\r\n\r\n";
        QCOMPARE(client.sendRaw(head), QString());
        // The server refuses as soon as it knows: the rest may meet a closed connection.
        for (int i = 0; i < pieces; ++i) {
            const std::string data = chunked ? "10000\r\n" + piece + "\r\n" : piece;
            if (!client.sendRaw(data).isEmpty())
                break;
        }
        const auto reply = client.read();
        QCOMPARE(reply.status, 413);
        QVERIFY(client.waitClosed(3s));
        QTRY_COMPARE(openSpoolFiles(), 0);
        QCOMPARE(spooledFiles(), 0);
        // The server goes on serving.
        TlsClient next = trusted();
        QCOMPARE(next.connect(port), QString());
        QCOMPARE(next.request("GET", "/api/v1/health").status, 200);
    }

    void clientGoneMidBodyLeavesNoSpoolFile()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        {
            TlsClient client = trusted();
            QCOMPARE(client.connect(port), QString());
            QCOMPARE(client.sendRaw("POST /test/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                                    + std::to_string(2 * 1024 * 1024) + "\r\n\r\n"
                                    + std::string(1024 * 1024, 'x')),
                     QString());
            QTRY_COMPARE(openSpoolFiles(), 1); // the part received is on disk, not in memory
        } // the client disconnects mid-body
        QTRY_COMPARE(openSpoolFiles(), 0);
        QCOMPARE(spooledFiles(), 0);
        TlsClient next = trusted();
        QCOMPARE(next.connect(port), QString());
        QCOMPARE(next.request("GET", "/api/v1/health").status, 200);
    }

    /** The read timeout is per piece of the body: an upload slower than the timeout in
     *  total but always moving goes through; one that stops is cut off (and its spool
     *  file removed). */
    void slowButMovingUploadIsNotCutOff()
    {
        HttpServerSettings s = settings();
        s.requestTimeoutMs = 800;
        const quint16 port = start(s);
        QVERIFY(port != 0);
        const std::string piece(HttpServer::kBodyPieceBytes, 'y');
        constexpr int kPieces = 6;
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        QCOMPARE(client.sendRaw("POST /test/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                                + std::to_string(kPieces * piece.size()) + "\r\n\r\n"),
                 QString());
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kPieces; ++i) {
            QTest::qWait(250);
            QCOMPARE(client.sendRaw(piece), QString());
        }
        const auto reply = client.read();
        QVERIFY2(timer.elapsed() > s.requestTimeoutMs, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(reply.status, 200);
        QCOMPARE(qint64(reply.json().value("bytes").toDouble()), qint64(kPieces * piece.size()));

        TlsClient stalled = trusted();
        QCOMPARE(stalled.connect(port), QString());
        QCOMPARE(stalled.sendRaw("POST /test/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                                 + std::to_string(kPieces * piece.size()) + "\r\n\r\n" + piece),
                 QString());
        QVERIFY(stalled.waitClosed(5s));
        QTRY_COMPARE(openSpoolFiles(), 0);
        QCOMPARE(spooledFiles(), 0);
    }

    void headerOverTheLimitIsRefused()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        QCOMPARE(client.sendRaw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Filler: "
                                + std::string(5000, 'x') + "\r\n\r\n"),
                 QString());
        const auto reply = client.read();
        QCOMPARE(reply.status, 431);
        QVERIFY(client.waitClosed(3s));
    }

    void slowClientIsDisconnected()
    {
        HttpServerSettings s = settings();
        s.requestTimeoutMs = 600;
        const quint16 port = start(s);
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(client.sendRaw("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"), QString());
        QVERIFY(client.waitClosed(5s));
        QVERIFY2(timer.elapsed() >= 400 && timer.elapsed() < 4000,
                 qPrintable(QString::number(timer.elapsed())));
    }

    void unknownPathAndWrongMethod()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        const auto missing = client.request("GET", "/api/v1/nothing-here");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.json().value("error").toObject().value("code").toString(),
                 QStringLiteral("not-found"));
        QVERIFY(!missing.json().value("error").toObject().value("message").toString().isEmpty());
        const auto wrong = client.request("DELETE", "/api/v1/health");
        QCOMPARE(wrong.status, 405);
        QCOMPARE(wrong.allow, QByteArray("GET"));
        QCOMPARE(wrong.json().value("error").toObject().value("code").toString(),
                 QStringLiteral("invalid-input"));
        // Malformed HTTP gets 400 and a closed connection.
        QCOMPARE(client.sendRaw("GET /api/v1/health HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n"), QString());
        QCOMPARE(client.read().status, 400);
        QVERIFY(client.waitClosed(3s));
    }

    void logHasNoBodyNorQuery()
    {
        const quint16 port = start(settings());
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        const auto reply = client.request("POST", "/test/echo?egn=8001010000", "PERSONAL-BODY-CONTENT");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value("query").toString(), QStringLiteral("egn=8001010000"));
        m_server->stop();
        m_server->wait();
        const QByteArrayList lines = m_log.lines();
        const QByteArray prefix = fingerprint(pki("client.crt")).left(16);
        bool found = false;
        for (const QByteArray &line : lines) {
            QVERIFY2(!line.contains("PERSONAL") && !line.contains("8001010000") && !line.contains("egn"),
                     line.constData());
            if (line.contains("method=POST path=/test/echo status=200 bytes=")
                && line.contains(QByteArray("client=" + prefix)) && line.contains("duration_ms="))
                found = true;
        }
        QVERIFY2(found, lines.join('\n').constData());
    }

    void gracefulShutdownFinishesRequestsInFlight()
    {
        m_slowEntered = std::promise<void>();
        std::promise<void> release;
        m_slowRelease = release.get_future().share();
        auto entered = m_slowEntered.get_future();
        const quint16 port = start(settings());
        QVERIFY(port != 0);

        TlsClient idle = trusted();
        QCOMPARE(idle.connect(port), QString());
        auto inFlight = std::async(std::launch::async, [this, port] {
            TlsClient client = trusted();
            const QString error = client.connect(port);
            return error.isEmpty() ? client.request("GET", "/test/slow")
                                   : TlsClient::Reply {0, {}, {}, false, error};
        });
        QVERIFY(entered.wait_for(10s) == std::future_status::ready);

        QElapsedTimer timer;
        timer.start();
        m_server->stop();
        // The idle connection is closed at once and new connections are refused.
        QVERIFY(idle.waitClosed(2s));
        bool refused = false;
        for (int attempt = 0; attempt < 50 && !refused; ++attempt) {
            TlsClient late = trusted();
            refused = !late.connect(port).isEmpty();
            if (!refused)
                QTest::qWait(20);
        }
        QVERIFY(refused);
        QVERIFY(inFlight.wait_for(0s) == std::future_status::timeout);

        release.set_value();
        const TlsClient::Reply reply = inFlight.get();
        QCOMPARE(reply.status, 200);
        QVERIFY(!reply.keepAlive);
        m_server->wait();
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
    }

    void shutdownWaitIsBounded()
    {
        HttpServerSettings s = settings();
        s.requestTimeoutMs = 30'000;
        s.shutdownTimeoutMs = 300;
        const quint16 port = start(s);
        QVERIFY(port != 0);
        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        // A request begun but never finished keeps its connection through stop().
        QCOMPARE(client.sendRaw("GET /api/v1/health HTTP/1.1\r\n"), QString());
        QTest::qWait(100);
        QElapsedTimer timer;
        timer.start();
        m_server->stop();
        m_server->wait();
        QVERIFY2(timer.elapsed() >= 250 && timer.elapsed() < 3000,
                 qPrintable(QString::number(timer.elapsed())));
    }

    void checkTlsFindsBadFiles()
    {
        QVERIFY(HttpServer::checkTls(settings()));
        HttpServerSettings mismatched = settings();
        mismatched.keyFile = pki("client.key");
        const Status wrongKey = HttpServer::checkTls(mismatched);
        QVERIFY(!wrongKey);
        QCOMPARE(wrongKey.error().code, ErrorCode::InvalidInput);
        HttpServerSettings missing = settings();
        missing.clientCaFile = pki("absent.crt");
        QCOMPARE(HttpServer::checkTls(missing).error().code, ErrorCode::NotFound);
        HttpServerSettings notPem = settings();
        notPem.clientCaFile = pki("client.ext");
        QCOMPARE(HttpServer::checkTls(notPem).error().code, ErrorCode::InvalidInput);
    }

    void configReadsTlsAndLimits()
    {
        const QString path = m_dir.filePath("server.ini");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[tls]\ncertificate=pki/server.crt\nkey=pki/server.key\nclient_ca=pki/ca.crt\n"
                   "[limits]\nmax_body_bytes=2048\nrequest_timeout_ms=700\n");
        file.close();
        auto config = ServerConfig::load(path);
        QVERIFY2(config, qPrintable(config.error().detail));
        QVERIFY(config->hasTls());
        QCOMPARE(config->httpSettings().certificateFile, pki("server.crt"));
        QCOMPARE(config->httpSettings().maxBodyBytes, 2048);
        QCOMPARE(config->httpSettings().requestTimeoutMs, 700);

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[tls]\ncertificate=pki/server.crt\n[limits]\nmax_body_bytes=lots\n");
        file.close();
        config = ServerConfig::load(path);
        QVERIFY(!config);
        QVERIFY(config.error().detail.contains("tls/client_ca"));
        QVERIFY(config.error().detail.contains("limits/max_body_bytes"));
    }

    void configReadsOpenData()
    {
        const QString path = m_dir.filePath("opendata.ini");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QStringLiteral(
                       "[opendata]\nbase_url=https://open.example.bg/\npublisher=Община Пример\n"
                       "homepage=https://www.example.bg/za-nas\ncontact_email=danni@example.bg\n"
                       "catalog_title=Отворени данни\ncatalog_description=\"Регистри, без лични данни\"\n")
                       .toUtf8());
        file.close();
        auto config = ServerConfig::load(path);
        QVERIFY2(config, qPrintable(config.error().detail));
        QCOMPARE(config->opendataBaseUrl, QStringLiteral("https://open.example.bg")); // no trailing '/'
        QCOMPARE(config->opendataPublisher, QStringLiteral("Община Пример"));
        QCOMPARE(config->opendataHomepage, QStringLiteral("https://www.example.bg/za-nas"));
        QCOMPARE(config->opendataContactEmail, QStringLiteral("danni@example.bg"));
        QCOMPARE(config->opendataCatalogTitle, QStringLiteral("Отворени данни"));
        QCOMPARE(config->opendataCatalogDescription, QStringLiteral("Регистри, без лични данни"));
    }

    void configRefusesBadOpenData_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("key");
        QTest::newRow("unknown key") << QByteArray("contact=danni@example.bg") << "opendata/contact";
        QTest::newRow("relative base") << QByteArray("base_url=/opendata") << "opendata/base_url";
        QTest::newRow("ftp base") << QByteArray("base_url=ftp://open.example.bg") << "opendata/base_url";
        QTest::newRow("base with query")
            << QByteArray("base_url=https://open.example.bg/?a=1") << "opendata/base_url";
        QTest::newRow("base with fragment")
            << QByteArray("base_url=https://open.example.bg/#x") << "opendata/base_url";
        QTest::newRow("base without host") << QByteArray("base_url=https:///opendata") << "opendata/base_url";
        QTest::newRow("base with user")
            << QByteArray("base_url=https://me:pw@open.example.bg") << "opendata/base_url";
        QTest::newRow("homepage not a URL") << QByteArray("homepage=www.example.bg") << "opendata/homepage";
        QTest::newRow("homepage javascript")
            << QByteArray("homepage=javascript:alert(1)") << "opendata/homepage";
        QTest::newRow("homepage too long") << QByteArray(
            "homepage=https://example.bg/" + QByteArray(ServerConfig::kMaxOpenDataUrlLength, 'a'))
                                           << "opendata/homepage";
        QTest::newRow("email without @")
            << QByteArray("contact_email=danni.example.bg") << "opendata/contact_email";
        QTest::newRow("email without domain dot")
            << QByteArray("contact_email=danni@localhost") << "opendata/contact_email";
        QTest::newRow("email with space")
            << QByteArray("contact_email=\"dan ni@example.bg\"") << "opendata/contact_email";
        QTest::newRow("two addresses")
            << QByteArray("contact_email=\"a@example.bg, b@example.bg\"") << "opendata/contact_email";
        QTest::newRow("publisher too long")
            << QByteArray("publisher=" + QByteArray(ServerConfig::kMaxOpenDataNameLength + 1, 'x'))
            << "opendata/publisher";
        QTest::newRow("title too long")
            << QByteArray("catalog_title=" + QByteArray(ServerConfig::kMaxOpenDataNameLength + 1, 'x'))
            << "opendata/catalog_title";
        QTest::newRow("description too long") << QByteArray(
            "catalog_description=" + QByteArray(ServerConfig::kMaxOpenDataDescriptionLength + 1, 'x'))
                                              << "opendata/catalog_description";
        QTest::newRow("control character")
            << QByteArray("publisher=\"Община\\tПример\"") << "opendata/publisher";
    }

    void configRefusesBadOpenData()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, key);
        const QString path = m_dir.filePath("bad-opendata.ini");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray("[opendata]\n" + line + "\n"));
        file.close();
        auto config = ServerConfig::load(path);
        QVERIFY(!config);
        QCOMPARE(config.error().code, ErrorCode::InvalidInput);
        QVERIFY2(config.error().detail.contains(key), qPrintable(config.error().detail));
    }

    void programServesUntilSigterm()
    {
        QProcess migrate;
        migrate.start(DELOVOD_SERVER_PATH, {"--database", m_databaseUrl, "--migrate"});
        QVERIFY(migrate.waitForFinished(60'000));
        QCOMPARE(migrate.exitCode(), 0);

        const QString path = m_dir.filePath("serve.ini");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(
            QStringLiteral("[database]\nurl=\"%1\"\n[http]\naddress=127.0.0.1\nport=0\n"
                           "[tls]\ncertificate=pki/server.crt\nkey=pki/server.key\nclient_ca=pki/ca.crt\n"
                           "[opendata]\nbase_url=https://open.example.bg\npublisher=Община Пример\n")
                .arg(m_databaseUrl)
                .toUtf8());
        file.close();

        QProcess check;
        check.start(DELOVOD_SERVER_PATH, {"--config", path, "--check-config"});
        QVERIFY(check.waitForFinished(60'000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
        const QByteArray checked = check.readAllStandardOutput();
        QVERIFY(checked.contains("TLS: the certificate, key and client CA are valid."));
        QVERIFY2(
            checked.contains(QStringLiteral("Open data: https://open.example.bg/opendata/catalog.jsonld, "
                                            "published by Община Пример")
                                 .toUtf8()),
            checked.constData());

        QProcess server;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("QT_LOGGING_RULES");
        server.setProcessEnvironment(environment);
        server.start(DELOVOD_SERVER_PATH, {"--config", path});
        QVERIFY(server.waitForStarted(10'000));
        QByteArray out;
        const QRegularExpression serving(QStringLiteral("Serving https://127\\.0\\.0\\.1:(\\d+)"));
        QRegularExpressionMatch match;
        QElapsedTimer timer;
        timer.start();
        while (!(match = serving.match(QString::fromUtf8(out))).hasMatch() && timer.elapsed() < 20'000) {
            server.waitForReadyRead(200);
            out += server.readAllStandardOutput();
        }
        QVERIFY2(match.hasMatch(), QByteArray(out + server.readAllStandardError()).constData());
        const quint16 port = quint16(match.captured(1).toUInt());

        TlsClient client = trusted();
        QCOMPARE(client.connect(port), QString());
        QCOMPARE(client.request("GET", "/api/v1/health").status, 200);

        server.terminate(); // SIGTERM
        QVERIFY(server.waitForFinished(15'000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        out += server.readAllStandardOutput();
        QVERIFY2(out.contains("Stopped"), out.constData());
        const QByteArray log = server.readAllStandardError();
        QVERIFY2(log.contains("method=GET path=/api/v1/health status=200"), log.constData());
    }
};

QTEST_GUILESS_MAIN(tst_HttpServer)
#include "tst_HttpServer.moc"
