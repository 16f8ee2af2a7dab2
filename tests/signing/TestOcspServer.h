// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QThread>

class QTcpServer;

namespace dms {

class TestOcsp;
class TimestampClient;

/** A loopback HTTP/1.0 server for the revocation tests, on its own thread (the
 *  library's HTTP client blocks the test thread): POST /ocsp is answered by a
 *  TestOcsp, POST /tsa by the TimestampClient set with setTimestampClient() (an
 *  in-process TestTsa, called on the server thread while the client blocks),
 *  GET /<name> with the bytes set by setFile() (404 otherwise). It can be
 *  taken down (connections refused) or made to hang (accept, never answer). */
class TestOcspServer
{
public:
    explicit TestOcspServer(TestOcsp &ocsp);
    ~TestOcspServer();
    TestOcspServer(const TestOcspServer &) = delete;
    TestOcspServer &operator=(const TestOcspServer &) = delete;

    /** Listens on 127.0.0.1 at a free port; false when it cannot. */
    bool start();
    quint16 port() const { return m_port; }
    QString url(const QString &path) const;

    void setFile(const QString &path, const QByteArray &data);
    void removeFile(const QString &path);
    /** Stops listening (down) or listens again on the same port. */
    bool setDown(bool down);
    void setHanging(bool hanging);
    /** Answers POST /tsa with @p tsa (not owned; nullptr: 404). */
    void setTimestampClient(TimestampClient *tsa);
    int requestCount() const;

private:
    void serve(QTcpServer *server);

    TestOcsp &m_ocsp;
    QThread m_thread;
    QObject *m_context; // lives in m_thread: the target of invokeMethod
    QTcpServer *m_server = nullptr; // lives in m_thread
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    QHash<QString, QByteArray> m_files;
    bool m_hanging = false;
    TimestampClient *m_tsa = nullptr;
    int m_requests = 0;
};

} // namespace dms
