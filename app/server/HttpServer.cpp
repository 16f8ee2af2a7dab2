// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpServer.h"

#include "core/Tr.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <mutex>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dms::server {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;

constexpr std::size_t kFingerprintPrefix = 16;
constexpr int kTlsCloseTimeoutMs = 1000;

std::string nativePath(const QString &path)
{
    return QFile::encodeName(path).toStdString();
}

QString openSslErrors()
{
    QStringList out;
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        out << QString::fromLatin1(text);
    }
    return out.join(QStringLiteral("; "));
}

Status readable(const QString &path, const QString &what)
{
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The %1 file is not set.").arg(what));
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable())
        return makeError(ErrorCode::NotFound, Tr::tr("Cannot read the %1 file.").arg(what), path);
    return {};
}

/** The server's TLS context: TLS 1.2+, server certificate and key, client
 *  certificates required and verified against the client CA file. */
Result<std::shared_ptr<ssl::context>> makeContext(const HttpServerSettings &settings)
{
    DMS_TRY(readable(settings.certificateFile, QStringLiteral("tls/certificate")));
    DMS_TRY(readable(settings.keyFile, QStringLiteral("tls/key")));
    if (settings.requireClientCertificate)
        DMS_TRY(readable(settings.clientCaFile, QStringLiteral("tls/client_ca")));
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    SSL_CTX *native = context->native_handle();
    ERR_clear_error();
    beast::error_code ec;
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3
                             | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1
                             | ssl::context::single_dh_use,
                         ec);
    if (ec || SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1)
        return makeError(ErrorCode::Internal, Tr::tr("Cannot restrict TLS to version 1.2 or newer."),
                         openSslErrors());
    context->use_certificate_chain_file(nativePath(settings.certificateFile), ec);
    if (ec)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The server certificate cannot be loaded."),
                         settings.certificateFile + QStringLiteral(": ") + openSslErrors());
    context->use_private_key_file(nativePath(settings.keyFile), ssl::context::pem, ec);
    if (ec)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The server key cannot be loaded."),
                         settings.keyFile + QStringLiteral(": ") + openSslErrors());
    if (SSL_CTX_check_private_key(native) != 1)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The server key does not match the certificate."),
                         settings.keyFile + QStringLiteral(": ") + openSslErrors());
    if (!settings.requireClientCertificate) {
        context->set_verify_mode(ssl::verify_none, ec);
        if (ec)
            return makeError(ErrorCode::Internal, Tr::tr("Cannot turn off client certificates."),
                             openSslErrors());
        return context;
    }
    context->load_verify_file(nativePath(settings.clientCaFile), ec);
    if (ec)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The client CA file holds no usable certificate."),
                         settings.clientCaFile + QStringLiteral(": ") + openSslErrors());
    // Tells clients which CAs are accepted, so that they pick the right certificate.
    if (STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(nativePath(settings.clientCaFile).c_str()))
        SSL_CTX_set_client_CA_list(native, names);
    context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
    if (ec)
        return makeError(ErrorCode::Internal, Tr::tr("Cannot require client certificates."), openSslErrors());
    return context;
}

ClientCertificate peerCertificate(SSL *ssl)
{
    ClientCertificate out;
    X509 *certificate = SSL_get1_peer_certificate(ssl);
    if (!certificate)
        return out;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &length) == 1)
        out.sha256Fingerprint = QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
    if (BIO *bio = BIO_new(BIO_s_mem())) {
        if (X509_NAME_print_ex(bio, X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253) >= 0) {
            char *data = nullptr;
            const long size = BIO_get_mem_data(bio, &data);
            out.subject = QString::fromUtf8(data, qsizetype(size));
        }
        BIO_free(bio);
    }
    X509_free(certificate);
    return out;
}

QByteArray fromView(beast::string_view view)
{
    return QByteArray(view.data(), qsizetype(view.size()));
}

class Session;

} // namespace

struct HttpServer::Impl
{
    Impl(HttpServerSettings settings_, Handler handler_, LogSink log_)
        : settings(std::move(settings_))
        , handler(std::move(handler_))
        , log(std::move(log_))
    { }
    ~Impl()
    {
        std::lock_guard lock(mutex);
        destroying = true;
    }
    Impl(const Impl &) = delete;
    Impl &operator=(const Impl &) = delete;

    Status start();
    void accept();
    void onAccept(beast::error_code ec, tcp::socket socket);
    void stop();
    void wait();
    void add(Session *session, const std::shared_ptr<Session> &shared);
    void remove(Session *session);

    const HttpServerSettings settings;
    const Handler handler;
    const LogSink log;
    std::atomic<bool> stopping {false};
    std::atomic<quint16> port {0};
    std::shared_ptr<ssl::context> tls;
    // Declared before the io_context: sessions destroyed with it unregister here.
    std::mutex mutex;
    std::unordered_map<Session *, std::weak_ptr<Session>> sessions;
    bool started = false;
    bool destroying = false;
    std::vector<std::thread> threads;
    asio::io_context ioc;
    tcp::acceptor acceptor {asio::make_strand(ioc)};
    asio::steady_timer shutdownTimer {asio::make_strand(ioc)};
};

namespace {

/** One TLS connection: handshake, then requests until close, error or timeout. */
class Session : public std::enable_shared_from_this<Session>
{
public:
    Session(tcp::socket &&socket, HttpServer::Impl *server)
        : m_stream(std::move(socket), *server->tls)
        , m_server(server)
    {
        beast::error_code ec;
        const auto remote = lowest().socket().remote_endpoint(ec);
        if (!ec)
            m_remoteAddress = QByteArray::fromStdString(remote.address().to_string());
    }
    ~Session() { m_server->remove(this); }
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    void start()
    {
        asio::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->handshake(); });
    }

    /** On stop: a connection waiting for a request that has not begun is closed now. */
    void closeIfIdle()
    {
        asio::post(m_stream.get_executor(), [self = shared_from_this()] {
            if (self->m_reading && self->m_parser && !self->m_parser->got_some())
                self->lowest().cancel();
        });
    }

private:
    beast::tcp_stream &lowest() { return beast::get_lowest_layer(m_stream); }

    void handshake()
    {
        lowest().expires_after(milliseconds(m_server->settings.requestTimeoutMs));
        m_stream.async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
            if (ec)
                return self->close();
            self->m_client = peerCertificate(self->m_stream.native_handle());
            self->readRequest();
        });
    }

    void readRequest()
    {
        if (m_server->stopping)
            return closeTls();
        m_parser.emplace();
        m_parser->header_limit(
            std::uint32_t(qBound<qint64>(1, m_server->settings.maxHeaderBytes, UINT32_MAX)));
        // The path's own limit is checked once the header is in (onHeader); until then
        // the largest of all (Beast 1.74 would refuse every body with no limit at all).
        qint64 largest = m_server->settings.maxBodyBytes;
        for (const qint64 limit : m_server->settings.routeMaxBodyBytes)
            largest = qMax(largest, limit);
        m_parser->body_limit(std::uint64_t(qMax<qint64>(0, largest)));
        m_body.clear();
        m_spool.reset();
        m_bodyBytes = 0;
        m_maySpool = false;
        const int timeout
            = m_served == 0 ? m_server->settings.requestTimeoutMs : m_server->settings.idleTimeoutMs;
        lowest().expires_after(milliseconds(timeout));
        m_reading = true;
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        m_started = std::chrono::steady_clock::now();
        m_method = "-";
        m_path = "-";
        if (m_parser->is_header_done()) {
            const auto &header = m_parser->get();
            m_method = fromView(header.method_string());
            const QByteArray target = fromView(header.target());
            const qsizetype query = target.indexOf('?');
            m_path = query < 0 ? target : target.left(query);
        }
        if (ec)
            return onReadFailed(ec);
        const auto &settings = m_server->settings;
        const qint64 limit = qMax<qint64>(0, settings.routeMaxBodyBytes.value(m_path, settings.maxBodyBytes));
        if (const auto length = m_parser->content_length(); length && *length > std::uint64_t(limit))
            return onReadFailed(http::error::body_limit);
        m_parser->body_limit(std::uint64_t(limit)); // a chunked body is counted as it comes
        m_maySpool = settings.routeMaxBodyBytes.contains(m_path);
        if (m_parser->is_done())
            return onRequest();
        readBodyPiece();
    }

    /** Each piece gets the whole request timeout: slow but moving uploads go on. */
    void readBodyPiece()
    {
        auto &body = m_parser->get().body();
        body.data = m_piece.data();
        body.size = m_piece.size();
        body.more = true;
        lowest().expires_after(milliseconds(m_server->settings.requestTimeoutMs));
        http::async_read(
            m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec == http::error::need_buffer)
                    ec = {};
                if (ec)
                    return self->onReadFailed(ec);
                const std::size_t got = self->m_piece.size() - self->m_parser->get().body().size;
                if (!self->keepBody(self->m_piece.data(), got)) {
                    self->m_spool.reset();
                    return self->send(HttpResponse::error(
                                          507, ErrorCode::Storage,
                                          Tr::tr("The request could not be stored; please try again later.")),
                                      true);
                }
                if (!self->m_parser->is_done())
                    return self->readBodyPiece();
                self->onRequest();
            });
    }

    /** Appends body bytes in memory, or to the spool file once they pass the threshold. */
    bool keepBody(const char *data, std::size_t size)
    {
        m_bodyBytes += qint64(size);
        if (m_maySpool && !m_spool && m_bodyBytes > m_server->settings.spoolThresholdBytes) {
            const QString dir
                = m_server->settings.spoolDir.isEmpty() ? QDir::tempPath() : m_server->settings.spoolDir;
            if (!QDir().mkpath(dir))
                return false;
            m_spool = std::make_unique<QTemporaryFile>(QDir(dir).filePath(QStringLiteral("body-XXXXXX")));
            if (!m_spool->open() || m_spool->write(m_body) != m_body.size())
                return false;
            m_body.clear();
        }
        if (m_spool)
            return m_spool->write(data, qint64(size)) == qint64(size);
        m_body.append(data, qsizetype(size));
        return true;
    }

    void onReadFailed(beast::error_code ec)
    {
        m_reading = false;
        m_spool.reset();
        m_body.clear();
        if (ec == http::error::body_limit)
            return respondError(413, Tr::tr("The request is too large."));
        if (ec == http::error::header_limit)
            return respondError(431, Tr::tr("The request header is too large."));
        const bool malformed
            = ec.category() == beast::http::make_error_code(http::error::bad_target).category()
            && ec != http::error::end_of_stream && ec != http::error::partial_message;
        if (malformed && m_parser->got_some())
            return respondError(400, Tr::tr("The request is not valid HTTP."));
        close();
    }

    void onRequest()
    {
        m_reading = false;
        auto &message = m_parser->get();
        HttpRequest request;
        request.method = m_method;
        request.path = m_path;
        const QByteArray target = fromView(message.target());
        if (const qsizetype query = target.indexOf('?'); query >= 0)
            request.query = target.mid(query + 1);
        request.contentType = fromView(message[http::field::content_type]);
        request.bodySize = m_bodyBytes;
        if (m_spool) {
            if (!m_spool->flush()) {
                m_spool.reset();
                return send(
                    HttpResponse::error(507, ErrorCode::Storage,
                                        Tr::tr("The request could not be stored; please try again later.")),
                    true);
            }
            request.bodyFile = m_spool->fileName();
        } else {
            request.body = std::exchange(m_body, {});
        }
        request.client = m_client;
        request.remoteAddress = m_remoteAddress;
        const bool keepAlive = message.keep_alive();
        const HttpResponse response = m_server->handler(request);
        m_spool.reset(); // the handler is done with it
        send(response, !keepAlive || m_server->stopping);
    }

    void respondError(int status, const QString &message)
    {
        send(HttpResponse::error(status, ErrorCode::InvalidInput, message), true);
    }

    void send(const HttpResponse &response, bool closeAfter)
    {
        m_closeAfter = closeAfter;
        m_status = response.status;
        lowest().expires_after(milliseconds(m_server->settings.requestTimeoutMs));
        if (response.bodyFile) {
            http::file_body::value_type file;
            beast::error_code ec;
            file.open(QFile::encodeName(response.bodyFile->fileName()).constData(), beast::file_mode::scan,
                      ec);
            if (ec)
                return send(
                    HttpResponse::error(500, ErrorCode::Storage,
                                        Tr::tr("The response could not be read; please try again later.")),
                    closeAfter);
            m_fileResponse = {};
            prepare(m_fileResponse, response, closeAfter);
            m_fileResponse.body() = std::move(file);
            m_fileResponse.prepare_payload();
            m_bytes = m_fileResponse.body().size();
            m_fileSerializer.emplace(m_fileResponse);
            return writeFilePiece();
        }
        m_response = {};
        prepare(m_response, response, closeAfter);
        m_response.body().assign(response.body.constData(), std::size_t(response.body.size()));
        m_response.prepare_payload();
        m_bytes = m_response.body().size();
        http::async_write(
            m_stream, m_response,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onWrite(ec); });
    }

    /** A big body may take longer than one request's time: the timeout covers
     *  each piece instead, so only a client that stops reading is cut off. */
    void writeFilePiece()
    {
        lowest().expires_after(milliseconds(m_server->settings.requestTimeoutMs));
        http::async_write_some(m_stream, *m_fileSerializer,
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                   if (!ec && !self->m_fileSerializer->is_done())
                                       return self->writeFilePiece();
                                   self->m_fileSerializer.reset();
                                   self->m_fileResponse = {}; // closes the file
                                   self->onWrite(ec);
                               });
    }

    template<class Body>
    static void prepare(http::response<Body> &message, const HttpResponse &response, bool closeAfter)
    {
        message.version(11);
        message.result(static_cast<unsigned>(response.status));
        message.set(http::field::server, "delovod-server");
        if (!response.contentType.isEmpty())
            message.set(http::field::content_type,
                        beast::string_view(response.contentType.constData(),
                                           std::size_t(response.contentType.size())));
        for (const auto &[name, value] : response.headers)
            message.set(beast::string_view(name.constData(), std::size_t(name.size())),
                        beast::string_view(value.constData(), std::size_t(value.size())));
        message.keep_alive(!closeAfter);
    }

    void onWrite(beast::error_code ec)
    {
        logRequest();
        if (ec)
            return close();
        ++m_served;
        if (m_closeAfter)
            return closeTls();
        readRequest();
    }

    void logRequest()
    {
        if (!m_server->log)
            return;
        const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - m_started);
        const QByteArray client = m_client.sha256Fingerprint.isEmpty()
            ? QByteArray("-")
            : m_client.sha256Fingerprint.left(kFingerprintPrefix);
        m_server->log(QByteArrayLiteral("http method=") + m_method + QByteArrayLiteral(" path=")
                      + m_path.left(256) + QByteArrayLiteral(" status=") + QByteArray::number(m_status)
                      + QByteArrayLiteral(" bytes=") + QByteArray::number(qulonglong(m_bytes))
                      + QByteArrayLiteral(" duration_ms=")
                      + QByteArray::number(double(duration.count()) / 1000.0, 'f', 3)
                      + QByteArrayLiteral(" client=") + client);
    }

    /** Sends close_notify and waits briefly for the peer's, then closes. */
    void closeTls()
    {
        lowest().expires_after(milliseconds(kTlsCloseTimeoutMs));
        m_stream.async_shutdown([self = shared_from_this()](beast::error_code) { self->close(); });
    }

    void close()
    {
        beast::error_code ignored;
        lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest().close();
    }

    beast::ssl_stream<beast::tcp_stream> m_stream;
    HttpServer::Impl *m_server;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::buffer_body>> m_parser;
    std::array<char, HttpServer::kBodyPieceBytes> m_piece {};
    QByteArray m_body;
    /** The body above the spool threshold; removed when reset or with the session. */
    std::unique_ptr<QTemporaryFile> m_spool;
    qint64 m_bodyBytes = 0;
    /** Only routes with their own limit take files; the others keep `body`. */
    bool m_maySpool = false;
    http::response<http::string_body> m_response;
    http::response<http::file_body> m_fileResponse;
    std::optional<http::response_serializer<http::file_body>> m_fileSerializer;
    std::uint64_t m_bytes = 0;
    ClientCertificate m_client;
    QByteArray m_remoteAddress;
    QByteArray m_method;
    QByteArray m_path;
    std::chrono::steady_clock::time_point m_started;
    int m_status = 0;
    int m_served = 0;
    bool m_reading = false;
    bool m_closeAfter = false;
};

} // namespace

Status HttpServer::Impl::start()
{
    if (started)
        return makeError(ErrorCode::InvalidState, Tr::tr("The HTTP server has already been started."));
    auto context = makeContext(settings);
    if (!context)
        return context.error();
    tls = *context;

    beast::error_code ec;
    const QString host
        = settings.address == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : settings.address;
    const auto address = asio::ip::make_address(host.toStdString(), ec);
    if (ec)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The listening address is not an IP address."),
                         settings.address);
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(settings.port));
    const auto failed = [&] {
        return makeError(ErrorCode::Network,
                         Tr::tr("Cannot listen on %1 port %2.").arg(settings.address).arg(settings.port),
                         QString::fromStdString(ec.message()));
    };
    if (acceptor.open(endpoint.protocol(), ec); ec)
        return failed();
    if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec)
        return failed();
    if (acceptor.bind(endpoint, ec); ec)
        return failed();
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec)
        return failed();
    port = acceptor.local_endpoint(ec).port();
    started = true;
    accept();
    const int count = qMax(1, settings.threads);
    for (int i = 0; i < count; ++i)
        threads.emplace_back([this] { ioc.run(); });
    return {};
}

void HttpServer::Impl::accept()
{
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        onAccept(ec, std::move(socket));
    });
}

void HttpServer::Impl::onAccept(beast::error_code ec, tcp::socket socket)
{
    if (ec == asio::error::operation_aborted || !acceptor.is_open() || stopping)
        return;
    if (!ec) {
        auto session = std::make_shared<Session>(std::move(socket), this);
        add(session.get(), session);
        session->start();
    }
    accept();
}

void HttpServer::Impl::add(Session *session, const std::shared_ptr<Session> &shared)
{
    std::lock_guard lock(mutex);
    sessions.emplace(session, shared);
}

void HttpServer::Impl::remove(Session *session)
{
    std::lock_guard lock(mutex);
    sessions.erase(session);
    if (stopping && sessions.empty() && !destroying)
        asio::post(shutdownTimer.get_executor(), [this] { shutdownTimer.cancel(); });
}

void HttpServer::Impl::stop()
{
    std::vector<std::shared_ptr<Session>> live;
    {
        std::lock_guard lock(mutex);
        if (!started || stopping.exchange(true))
            return;
        asio::post(acceptor.get_executor(), [this] {
            beast::error_code ignored;
            acceptor.close(ignored);
        });
        // Bounded wait: whatever is still running when the timer fires is dropped.
        asio::post(shutdownTimer.get_executor(), [this] {
            shutdownTimer.expires_after(milliseconds(settings.shutdownTimeoutMs));
            shutdownTimer.async_wait([this](beast::error_code ec) {
                if (!ec)
                    ioc.stop();
            });
        });
        for (const auto &[key, weak] : sessions) {
            if (auto session = weak.lock())
                live.push_back(std::move(session));
        }
        if (sessions.empty())
            asio::post(shutdownTimer.get_executor(), [this] { shutdownTimer.cancel(); });
    }
    for (const auto &session : live)
        session->closeIfIdle();
}

void HttpServer::Impl::wait()
{
    for (std::thread &thread : threads) {
        if (thread.joinable())
            thread.join();
    }
    threads.clear();
}

HttpServer::HttpServer(HttpServerSettings settings, Handler handler, LogSink log)
    : m_impl(std::make_shared<Impl>(std::move(settings), std::move(handler), std::move(log)))
{ }

HttpServer::~HttpServer()
{
    stop();
    wait();
}

Status HttpServer::start()
{
    return m_impl->start();
}

quint16 HttpServer::port() const
{
    return m_impl->port;
}

void HttpServer::stop()
{
    m_impl->stop();
}

void HttpServer::wait()
{
    m_impl->wait();
}

Status HttpServer::checkTls(const HttpServerSettings &settings)
{
    auto context = makeContext(settings);
    if (!context)
        return context.error();
    return {};
}

} // namespace dms::server
