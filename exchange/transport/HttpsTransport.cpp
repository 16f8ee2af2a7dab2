// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/transport/HttpsTransport.h"

#include "core/Tr.h"

#include <QUrl>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <functional>
#include <openssl/ssl.h>

namespace dms::exchange {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

Error networkError(const QString &stage, const boost::system::error_code &code)
{
    const bool timeout = code == beast::error::timeout;
    return makeError(timeout ? ErrorCode::Timeout : ErrorCode::Network,
                     timeout ? Tr::tr("The other administration did not answer in time.")
                             : Tr::tr("The other administration could not be reached."),
                     stage + QStringLiteral(": ") + QString::fromStdString(code.message()));
}

/** One POST with the body that @p fill puts in (a string or a file). */
template<class Body, class Fill>
Result<HttpReply> postWith(const HttpsTransportSettings &settings, const QString &endpointUri,
                           const QByteArray &soapAction, Fill fill)
{
    const QUrl url(endpointUri, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The endpoint address is not an https URL."),
                         endpointUri);
    const std::string host = url.host().toStdString();
    const std::string port = std::to_string(url.port(443));
    const std::string target
        = (url.path().isEmpty() ? QStringLiteral("/") : url.path(QUrl::FullyEncoded)).toStdString();

    asio::ssl::context tls(asio::ssl::context::tls_client);
    boost::system::error_code code;
    tls.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1
                        | asio::ssl::context::no_tlsv1_1,
                    code);
    tls.use_certificate_chain_file(settings.certificateFile.toStdString(), code);
    if (!code)
        tls.use_private_key_file(settings.keyFile.toStdString(), asio::ssl::context::pem, code);
    if (!code)
        tls.load_verify_file(settings.caFile.toStdString(), code);
    if (code)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The transport certificate files cannot be used."),
                         QString::fromStdString(code.message()));
    tls.set_verify_mode(asio::ssl::verify_peer);

    asio::io_context io;
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    if (!SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char *>(host.c_str())))
        return makeError(ErrorCode::Network, Tr::tr("The other administration could not be reached."),
                         QStringLiteral("SNI"));
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    // Each step has the whole timeout, and so has each piece of the request: a big
    // message on a slow link goes on as long as it moves; a stalled one is cut off.
    const auto deadline = std::chrono::milliseconds(settings.timeoutMs);
    auto &lowest = beast::get_lowest_layer(stream);

    asio::ip::tcp::resolver resolver(io);
    asio::steady_timer resolveTimer(io);
    bool resolveTimedOut = false;
    boost::system::error_code failure;
    QString stage = QStringLiteral("resolve");
    http::response_parser<http::string_body> parser;
    parser.body_limit(static_cast<std::uint64_t>(settings.maxReplyBytes));
    beast::flat_buffer buffer;
    http::request<Body> request {http::verb::post, target, 11};
    request.set(http::field::host, host);
    request.set(http::field::content_type, "text/xml; charset=utf-8");
    request.set("SOAPAction", soapAction.toStdString());
    DMS_TRY(fill(request));
    request.prepare_payload();
    http::request_serializer<Body> serializer(request);

    const std::function<void()> receive = [&] {
        stage = QStringLiteral("receive");
        lowest.expires_after(deadline);
        http::async_read(stream, buffer, parser, [&](boost::system::error_code ec, size_t) { failure = ec; });
    };
    std::function<void()> sendPiece;
    sendPiece = [&] {
        lowest.expires_after(deadline);
        http::async_write_some(stream, serializer, [&](boost::system::error_code ec, size_t) {
            if (ec) {
                failure = ec;
                return;
            }
            if (!serializer.is_done())
                return sendPiece();
            receive();
        });
    };
    // One chain of asynchronous steps, each under the stream's (or the resolver's) timer.
    resolveTimer.expires_after(deadline);
    resolveTimer.async_wait([&](boost::system::error_code ec) {
        if (!ec) {
            resolveTimedOut = true;
            resolver.cancel();
        }
    });
    resolver.async_resolve(
        host, port, [&](boost::system::error_code ec, asio::ip::tcp::resolver::results_type results) {
            resolveTimer.cancel();
            if (ec) {
                failure = resolveTimedOut ? beast::error::timeout : ec;
                return;
            }
            stage = QStringLiteral("connect");
            lowest.expires_after(deadline);
            lowest.async_connect(results, [&](boost::system::error_code ec2, auto) {
                if (ec2) {
                    failure = ec2;
                    return;
                }
                stage = QStringLiteral("TLS handshake");
                lowest.expires_after(deadline);
                stream.async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code ec3) {
                    if (ec3) {
                        failure = ec3;
                        return;
                    }
                    stage = QStringLiteral("send");
                    sendPiece();
                });
            });
        });
    io.run();
    if (failure)
        return networkError(stage, failure);
    const auto &response = parser.get();
    return HttpReply {static_cast<int>(response.result_int()),
                      QByteArray(response.body().data(), static_cast<qsizetype>(response.body().size()))};
}

} // namespace

HttpsTransport::HttpsTransport(HttpsTransportSettings settings)
    : m_settings(std::move(settings))
{ }

Result<HttpReply> HttpsTransport::post(const QString &endpointUri, const QByteArray &soapAction,
                                       const QByteArray &envelope)
{
    return postWith<http::string_body>(m_settings, endpointUri, soapAction,
                                       [&envelope](http::request<http::string_body> &request) -> Status {
                                           request.body().assign(envelope.constData(),
                                                                 static_cast<size_t>(envelope.size()));
                                           return {};
                                       });
}

Result<HttpReply> HttpsTransport::postFile(const QString &endpointUri, const QByteArray &soapAction,
                                           const QString &envelopeFile)
{
    // Beast reads the file piece by piece while sending: the envelope is never in memory.
    return postWith<http::file_body>(
        m_settings, endpointUri, soapAction,
        [&envelopeFile](http::request<http::file_body> &request) -> Status {
            boost::system::error_code code;
            request.body().open(envelopeFile.toLocal8Bit().constData(), beast::file_mode::scan, code);
            if (code)
                return makeError(ErrorCode::Storage, Tr::tr("The message cannot be read."),
                                 envelopeFile + QStringLiteral(": ")
                                     + QString::fromStdString(code.message()));
            return {};
        });
}

} // namespace dms::exchange
