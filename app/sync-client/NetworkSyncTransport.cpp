// SPDX-License-Identifier: GPL-3.0-or-later
#include "NetworkSyncTransport.h"

#include "core/Tr.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslKey>
#include <QTimer>
#include <QUrlQuery>

namespace dms {

Result<QSslConfiguration> NetworkSyncTransport::loadTls(const NetworkSyncSettings &settings)
{
    const auto certificates = QSslCertificate::fromPath(settings.certificateFile, QSsl::Pem);
    if (certificates.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Cannot read the desk's certificate."),
                         settings.certificateFile);
    QFile keyFile(settings.keyFile);
    if (!keyFile.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidInput, Tr::tr("Cannot read the desk's private key."),
                         settings.keyFile);
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Cannot read the desk's private key."),
                         settings.keyFile);
    const auto authorities = QSslCertificate::fromPath(settings.caFile, QSsl::Pem);
    if (authorities.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Cannot read the server's CA certificate."),
                         settings.caFile);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setLocalCertificate(certificates.constFirst());
    tls.setPrivateKey(key);
    tls.setCaCertificates(authorities);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return tls;
}

NetworkSyncTransport::NetworkSyncTransport(NetworkSyncSettings settings, QSslConfiguration tls)
    : m_settings(std::move(settings))
    , m_tls(std::move(tls))
{ }

NetworkSyncTransport::~NetworkSyncTransport()
{
    delete m_manager.exchange(nullptr);
}

void NetworkSyncTransport::interrupt()
{
    m_interrupted = true;
    if (QNetworkAccessManager *manager = m_manager.load()) {
        // Runs in the worker's local event loop, which aborts the reply in flight.
        QMetaObject::invokeMethod(
            manager,
            [manager] {
                for (QNetworkReply *reply : manager->findChildren<QNetworkReply *>())
                    reply->abort();
            },
            Qt::QueuedConnection);
    }
}

Result<SyncReply> NetworkSyncTransport::send(const SyncRequest &request)
{
    if (m_interrupted)
        return makeError(ErrorCode::Cancelled, Tr::tr("Stopped."));
    if (!m_manager.load())
        m_manager = new QNetworkAccessManager;
    QNetworkAccessManager *manager = m_manager.load();

    QUrl url = m_settings.baseUrl;
    url.setPath(QString::fromUtf8(request.path));
    QUrlQuery query;
    for (auto it = request.query.cbegin(); it != request.query.cend(); ++it)
        query.addQueryItem(it.key(), QString::fromUtf8(QUrl::toPercentEncoding(it.value())));
    url.setQuery(query);
    QNetworkRequest http(url);
    http.setSslConfiguration(m_tls);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    http.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    int wait = request.query.value(QStringLiteral("wait")).toInt();
    http.setTransferTimeout(m_settings.timeoutMs + wait * 1000);

    QNetworkReply *reply = manager->sendCustomRequest(http, request.method, request.body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();

    // An aborted reply may have a status already, but its body is gone.
    if (m_interrupted || reply->error() == QNetworkReply::OperationCanceledError)
        return makeError(ErrorCode::Cancelled, Tr::tr("Stopped."));
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        const ErrorCode code
            = reply->error() == QNetworkReply::TimeoutError ? ErrorCode::Timeout : ErrorCode::Network;
        return makeError(code, Tr::tr("The server cannot be reached."), reply->errorString());
    }
    SyncReply answer;
    answer.status = status.toInt();
    answer.body = QJsonDocument::fromJson(reply->readAll()).object();
    return answer;
}

} // namespace dms
