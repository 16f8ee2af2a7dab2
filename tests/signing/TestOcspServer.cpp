// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestOcspServer.h"

#include "TestOcsp.h"
#include "signing/TimestampClient.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace dms {

namespace {

/** The request line's method and path and the body once the whole request is in. */
struct HttpRequest
{
    bool complete = false;
    QByteArray method;
    QByteArray path;
    QByteArray body;
};

HttpRequest parse(const QByteArray &data)
{
    HttpRequest request;
    const qsizetype headerEnd = data.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return request;
    const QList<QByteArray> lines = data.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    qsizetype length = 0;
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    request.body = data.mid(headerEnd + 4);
    request.complete = request.body.size() >= length;
    return request;
}

QByteArray reply(int code, const QByteArray &type, const QByteArray &body)
{
    return "HTTP/1.0 " + QByteArray::number(code) + (code == 200 ? " OK" : " Not Found")
        + "\r\nContent-Type: " + type + "\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

TestOcspServer::TestOcspServer(TestOcsp &ocsp)
    : m_ocsp(ocsp)
    , m_context(new QObject)
{
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

TestOcspServer::~TestOcspServer()
{
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

bool TestOcspServer::start()
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_context,
        [this, &ok] {
            m_server = new QTcpServer;
            ok = m_server->listen(QHostAddress::LocalHost, m_port);
            m_port = m_server->serverPort();
            serve(m_server);
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

bool TestOcspServer::setDown(bool down)
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_context,
        [this, down, &ok] {
            if (down) {
                m_server->close();
                ok = true;
            } else {
                ok = m_server->isListening() || m_server->listen(QHostAddress::LocalHost, m_port);
            }
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

void TestOcspServer::serve(QTcpServer *server)
{
    QObject::connect(server, &QTcpServer::newConnection, server, [this, server] {
        while (QTcpSocket *socket = server->nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                QByteArray data = socket->property("data").toByteArray() + socket->readAll();
                socket->setProperty("data", data);
                const HttpRequest request = parse(data);
                if (!request.complete)
                    return;
                QByteArray answer;
                {
                    QMutexLocker lock(&m_mutex);
                    ++m_requests;
                    if (m_hanging)
                        return; // accepted, never answered
                    if (request.method == "GET" && m_files.contains(QString::fromLatin1(request.path)))
                        answer = reply(200, "application/pkix-crl",
                                       m_files.value(QString::fromLatin1(request.path)));
                    if (request.method == "POST" && request.path == "/tsa" && m_tsa) {
                        auto token = m_tsa->timestamp(request.body);
                        answer = token ? reply(200, "application/timestamp-reply", *token)
                                       : reply(500, "text/plain", "tsa failed\n");
                    }
                }
                if (request.method == "POST" && request.path == "/ocsp")
                    answer = reply(200, "application/ocsp-response", m_ocsp.respond(request.body));
                if (answer.isEmpty())
                    answer = reply(404, "text/plain", "not found\n");
                socket->write(answer);
                socket->disconnectFromHost();
            });
        }
    });
}

QString TestOcspServer::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

void TestOcspServer::setFile(const QString &path, const QByteArray &data)
{
    QMutexLocker lock(&m_mutex);
    m_files.insert(path, data);
}

void TestOcspServer::removeFile(const QString &path)
{
    QMutexLocker lock(&m_mutex);
    m_files.remove(path);
}

void TestOcspServer::setTimestampClient(TimestampClient *tsa)
{
    QMutexLocker lock(&m_mutex);
    m_tsa = tsa;
}

void TestOcspServer::setHanging(bool hanging)
{
    QMutexLocker lock(&m_mutex);
    m_hanging = hanging;
}

int TestOcspServer::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

} // namespace dms
