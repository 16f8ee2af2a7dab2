// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"
#include "core/Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <functional>
#include <memory>

namespace dms::server {

/** What an HttpServer listens on and how it guards itself. */
struct HttpServerSettings
{
    QString address = QStringLiteral("127.0.0.1");
    /** 0 picks a free port; port() tells which. */
    int port = 8080;
    /** PEM server certificate (chain), its private key, and the CA(s) that issue
     *  the clients' certificates. */
    QString certificateFile;
    QString keyFile;
    QString clientCaFile;
    /** False for a public listener (the citizens' status page): no client
     *  certificate is asked for and clientCaFile is not needed. */
    bool requireClientCertificate = true;
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 9 * 1024 * 1024;
    /** Paths (exact, without query) with their own body limit instead of
     *  maxBodyBytes: the Article 18 endpoint takes big messages. Only these paths
     *  get spooled bodies (HttpRequest::bodyFile); the others always get `body`. */
    QHash<QByteArray, qint64> routeMaxBodyBytes;
    /** A body of a routeMaxBodyBytes path larger than this is written to a file in
     *  spoolDir instead of memory. */
    qint64 spoolThresholdBytes = 1024 * 1024;
    /** Where spooled bodies are kept while their request is handled (created when
     *  missing); empty: the system's temporary directory. Where the file system
     *  allows, a file gets its name only when the handler gets it (O_TMPFILE), so not
     *  even a crash mid-upload leaves one behind. */
    QString spoolDir;
    /** The TLS handshake, a request's header, and each piece of its body (at most
     *  kBodyPieceBytes): a big upload that keeps moving is never cut off, one that
     *  stalls is. */
    int requestTimeoutMs = 30'000;
    /** A kept-alive connection waiting for, and reading, its next request. */
    int idleTimeoutMs = 60'000;
    /** On stop(): how long in-flight requests may take before connections are dropped. */
    int shutdownTimeoutMs = 10'000;
    int threads = 2;
};

/** An HTTPS/1.1 server on Boost.Beast with its own Asio threads (no Qt event loop).
 *
 *  TLS 1.2 or newer only, with mutual TLS: a client must present a certificate
 *  that verifies against clientCaFile, else the handshake fails (unless
 *  requireClientCertificate is false: then any client may connect). Its subject and
 *  SHA-256 fingerprint reach the handler in HttpRequest::client. Requests whose
 *  headers or body exceed the limits (maxBodyBytes, or the path's own in
 *  routeMaxBodyBytes) get 431 / 413 and the connection is closed; a client that
 *  stalls is disconnected. Bodies above spoolThresholdBytes (of the paths in
 *  routeMaxBodyBytes) are spooled to a file
 *  that is removed after the handler in every case (also when the client goes away
 *  or the request is refused). Keep-alive
 *  is honoured. Each request is logged as one line (method, path without query,
 *  status, bytes, duration, client fingerprint prefix), never its body.
 *
 *  The handler runs on an I/O thread, concurrently with others; it must be
 *  thread-safe and bounded in time. */
class HttpServer
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    using LogSink = std::function<void(const QByteArray &line)>;

    /** The body is read in pieces of this size, each within requestTimeoutMs. */
    static constexpr std::size_t kBodyPieceBytes = 64 * 1024;

    HttpServer(HttpServerSettings settings, Handler handler, LogSink log);
    /** Stops and waits, as stop() then wait(). */
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    /** Loads the TLS files, binds, listens and starts the I/O threads. */
    [[nodiscard]] Status start();
    /** The bound port; 0 before start(). */
    quint16 port() const;
    /** Graceful stop, from any thread, without blocking: no new connections, idle
     *  connections closed, requests in flight finish (for at most shutdownTimeoutMs). */
    void stop();
    /** Blocks until the I/O threads have ended (after stop()). */
    void wait();

    /** Checks that the TLS files are readable, that the key matches the certificate
     *  and that the client CA file holds certificates. */
    [[nodiscard]] static Status checkTls(const HttpServerSettings &settings);

    /** The implementation, shared with the connections in HttpServer.cpp. */
    struct Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

} // namespace dms::server
