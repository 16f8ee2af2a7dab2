// SPDX-License-Identifier: GPL-3.0-or-later
// The citizens' status page on the public listener (HTTPS, no client certificate):
// lookups per second on loopback with keep-alive clients, against the health
// endpoint and a static response through the same server in the same run.
//
//   bench_status_page [--seconds N] [--clients N] [--threads N]
//
// Needs the openssl program (a throwaway server certificate) and writes an
// SQLite database into a temporary folder.
#include "BenchDatabase.h"
#include "EServiceFixture.h"
#include "HealthEndpoint.h"
#include "HttpServer.h"
#include "Router.h"
#include "TestPki.h"
#include "core/Clock.h"
#include "eservices/ApplicationRequestParser.h"
#include "eservices/ApplicationService.h"
#include "eservices/EServiceEndpoints.h"
#include "eservices/ServiceCatalogue.h"
#include "services/UserService.h"
#include "storage/BlobStore.h"
#include "storage/DatabaseConfig.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUrl>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <thread>
#include <vector>

using namespace dms;
using namespace dms::server;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

struct Run
{
    long long requests = 0;
    long long failures = 0;
    double seconds = 0;
    double perSecond() const { return seconds > 0 ? double(requests) / seconds : 0; }
};

/** `clients` keep-alive TLS connections, each sending `target` in a loop for `seconds`. */
Run hammer(quint16 port, const std::string &target, int clients, double seconds)
{
    std::atomic<long long> requests {0};
    std::atomic<long long> failures {0};
    const auto start = std::chrono::steady_clock::now();
    const auto end = start + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, port] {
            asio::io_context ioc;
            ssl::context context(ssl::context::tls_client);
            context.set_verify_mode(ssl::verify_none);
            beast::ssl_stream<beast::tcp_stream> stream(ioc, context);
            beast::error_code ec;
            beast::get_lowest_layer(stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                                    ec);
            if (!ec)
                stream.handshake(ssl::stream_base::client, ec);
            if (ec) {
                ++failures;
                return;
            }
            beast::flat_buffer buffer;
            while (std::chrono::steady_clock::now() < end) {
                http::request<http::empty_body> request(http::verb::get, target, 11);
                request.set(http::field::host, "127.0.0.1");
                request.keep_alive(true);
                http::write(stream, request, ec);
                http::response<http::string_body> response;
                if (!ec)
                    http::read(stream, buffer, response, ec);
                if (ec || response.result_int() != 200) {
                    ++failures;
                    return;
                }
                ++requests;
            }
            stream.shutdown(ec);
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    Run run;
    run.requests = requests;
    run.failures = failures;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

int option(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList arguments = app.arguments();
    const double seconds = option(arguments, QStringLiteral("--seconds"), 5);
    const int clients = option(arguments, QStringLiteral("--clients"), 8);
    const int serverThreads = option(arguments, QStringLiteral("--threads"), 2);

    QTemporaryDir dir;
    TestPki pki(dir.filePath(QStringLiteral("pki")));
    if (!pki.makeCa(QStringLiteral("ca"))
        || !pki.makeLeaf(QStringLiteral("server"), QStringLiteral("ca"), QStringLiteral("/CN=localhost"),
                         QStringLiteral("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"))) {
        out << "cannot make the test PKI (is openssl installed?)\n";
        return 2;
    }
    auto config
        = DatabaseConfig::fromUrl(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.db")));
    auto bench = BenchDatabase::open(*config);
    if (!bench) {
        out << bench.error().toString() << '\n';
        return 2;
    }
    auto admin = UserService((*bench)->context()).sessionFor(QStringLiteral("admin"));
    if (!admin
        || !ServiceCatalogue((*bench)->context())
                .put(*admin, test::sketchService((*bench)->registerIds.at(0)))) {
        out << "cannot add the service\n";
        return 2;
    }
    BlobStore blobs(dir.filePath(QStringLiteral("blobs")));
    ApplicationService applications((*bench)->context(), &blobs, nullptr);
    auto request = ApplicationRequestParser::parse(test::applicationJson(QStringLiteral("bench-1")));
    auto receipt = applications.submit((*bench)->clerk, *request, "00");
    if (!receipt) {
        out << receipt.error().toString() << '\n';
        return 2;
    }
    // Some history to show, as a real application has.
    (void)applications.changeStatus((*bench)->clerk, receipt->registrationIndex,
                                    ApplicationStatus::InProgress);

    std::shared_ptr<Database> database(std::shared_ptr<void>(), &(*bench)->database());
    Router router;
    Router publicRouter;
    EServiceEndpoints::Settings settings;
    settings.blobDir = dir.filePath(QStringLiteral("blobs"));
    settings.requestsPerMinute = 100'000'000; // the limiter runs, but does not refuse the benchmark
    settings.burst = 100'000'000;
    EServiceEndpoints::install(router, publicRouter, database, std::make_shared<SystemClock>(), settings);
    HealthEndpoint::install(publicRouter, database);
    publicRouter.add("GET", "/static", [](const HttpRequest &) {
        HttpResponse response;
        response.contentType = "text/plain";
        response.body = "ok";
        return response;
    });

    HttpServerSettings http;
    http.port = 0;
    http.threads = serverThreads;
    http.certificateFile = pki.path(QStringLiteral("server.crt"));
    http.keyFile = pki.path(QStringLiteral("server.key"));
    http.requireClientCertificate = false;
    HttpServer server(http, [&publicRouter](const HttpRequest &r) { return publicRouter.handle(r); }, {});
    if (const Status started = server.start(); !started) {
        out << started.error().toString() << '\n';
        return 2;
    }
    const std::string status
        = "/eservices/status?index=" + QUrl::toPercentEncoding(receipt->registrationIndex).toStdString()
        + "&code=" + receipt->accessCode.toStdString();
    // Warm-up: connections, prepared statements, caches.
    (void)hammer(server.port(), status, 1, 0.5);

    out << "status page vs health vs static, HTTPS keep-alive on loopback, " << clients << " clients, "
        << serverThreads << " server threads, " << seconds << " s each\n";
    out.flush();
    const struct
    {
        const char *name;
        std::string target;
    } cases[] = {{"static", "/static"}, {"health", "/api/v1/health"}, {"status page", status}};
    for (const auto &c : cases) {
        const Run run = hammer(server.port(), c.target, clients, seconds);
        out << QStringLiteral("%1  %2 req/s  (%3 requests, %4 failures)\n")
                   .arg(QLatin1String(c.name), -12)
                   .arg(run.perSecond(), 9, 'f', 0)
                   .arg(run.requests)
                   .arg(run.failures);
        out.flush();
    }
    server.stop();
    server.wait();
    return 0;
}
