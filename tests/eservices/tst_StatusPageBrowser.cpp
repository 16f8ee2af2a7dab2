// SPDX-License-Identifier: GPL-3.0-or-later
// The real delovod-server on loopback: the portal submits over mutual TLS, an
// oversized body is refused, and headless Chromium opens the status page on the
// public listener (no client certificate) with the right and a wrong code.
#include "EServiceFixture.h"
#include "TestPki.h"
#include "core/Clock.h"
#include "eservices/ServiceCatalogue.h"
#include "services/RegistryService.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#ifndef OPENSSL_PATH
#error "OPENSSL_PATH must name the openssl program"
#endif
#ifndef DELOVOD_SERVER_PATH
#error "DELOVOD_SERVER_PATH must name the delovod-server binary"
#endif

using namespace dms;

namespace {

constexpr int kChromiumTimeoutMs = 60'000;
constexpr int kMaxBodyBytes = 16 * 1024;

} // namespace

class tst_StatusPageBrowser : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestPki m_pki {m_dir.filePath(QStringLiteral("pki")), QStringLiteral(OPENSSL_PATH)};
    QProcess m_server;
    int m_apiPort = 0;
    int m_publicPort = 0;
    QString m_chromium;

    struct Reply
    {
        int status = 0;
        QByteArray body;
    };

    /** POST to the mutual-TLS listener with the portal's certificate; bounded in time. */
    Reply postToApi(const QByteArray &body)
    {
        QNetworkAccessManager manager;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(m_pki.path(QStringLiteral("ca.crt"))));
        tls.setLocalCertificate(QSslCertificate::fromPath(m_pki.path(QStringLiteral("portal.crt"))).value(0));
        QFile keyFile(m_pki.path(QStringLiteral("portal.key")));
        if (!keyFile.open(QIODevice::ReadOnly))
            return {};
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
        QNetworkRequest request(
            QUrl(QStringLiteral("https://127.0.0.1:%1/api/v1/eservices/applications").arg(m_apiPort)));
        request.setSslConfiguration(tls);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setTransferTimeout(20'000);
        QNetworkReply *reply = manager.post(request, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        Reply out {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
        reply->deleteLater();
        return out;
    }

    /** The DOM Chromium builds for `url`, after its load; empty on failure or timeout. */
    QString dumpDom(const QString &url)
    {
        QProcess chromium;
        chromium.setProcessChannelMode(QProcess::SeparateChannels);
        chromium.start(m_chromium,
                       {QStringLiteral("--headless=new"), QStringLiteral("--no-sandbox"),
                        QStringLiteral("--disable-gpu"), QStringLiteral("--ignore-certificate-errors"),
                        QStringLiteral("--no-first-run"),
                        QStringLiteral("--user-data-dir=") + m_dir.filePath(QStringLiteral("chromium")),
                        QStringLiteral("--dump-dom"), url});
        if (!chromium.waitForFinished(kChromiumTimeoutMs)) {
            chromium.kill();
            chromium.waitForFinished(5000);
            return {};
        }
        return QString::fromUtf8(chromium.readAllStandardOutput());
    }

    QString statusUrl(const QString &index, const QString &code) const
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("index"), QString::fromLatin1(QUrl::toPercentEncoding(index)));
        query.addQueryItem(QStringLiteral("code"), QString::fromLatin1(QUrl::toPercentEncoding(code)));
        return QStringLiteral("https://127.0.0.1:%1/eservices/status?").arg(m_publicPort)
            + query.toString(QUrl::FullyEncoded);
    }

    bool prepareDatabase(const QString &url)
    {
        auto config = DatabaseConfig::fromUrl(url);
        if (!config)
            return false;
        auto database = Database::open(*config, Database::Migration::Apply);
        if (!database)
            return false;
        SystemClock clock;
        ServiceContext context {**database, clock};
        UserService users(context);
        if (!users.bootstrap(QStringLiteral("admin"), QStringLiteral("Администратор")))
            return false;
        auto admin = users.sessionFor(QStringLiteral("admin"));
        if (!admin
            || !users.create(*admin, QStringLiteral("eportal"), QStringLiteral("Портал"), {Role::Clerk}))
            return false;
        RegistryService registries(context);
        auto registry = registries.createRegistry(*admin, QStringLiteral("СОА"), QStringLiteral("Община"));
        if (!registry)
            return false;
        auto incoming = registries.createRegister(*admin, registry->id, QStringLiteral("ВК66"),
                                                  RegisterKind::Incoming, QStringLiteral("Входящи"));
        return incoming && ServiceCatalogue(context).put(*admin, test::sketchService(incoming->id));
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DELOVOD_LANG", "en");
        m_chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (m_chromium.isEmpty())
            QSKIP("chromium is not installed");
        QVERIFY(m_dir.isValid());
        QVERIFY(m_pki.makeCa(QStringLiteral("ca")));
        QVERIFY(m_pki.makeLeaf(
            QStringLiteral("server"), QStringLiteral("ca"), QStringLiteral("/CN=localhost"),
            QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")));
        QVERIFY(m_pki.makeLeaf(QStringLiteral("portal"), QStringLiteral("ca"), QStringLiteral("/CN=e-portal"),
                               QStringLiteral("extendedKeyUsage=clientAuth\n")));
        const QString databaseUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("server.db"));
        QVERIFY(prepareDatabase(databaseUrl));

        const QString configPath = m_dir.filePath(QStringLiteral("server.ini"));
        QFile config(configPath);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            QStringLiteral(
                "[database]\nurl=%1\n[http]\naddress=127.0.0.1\nport=0\n"
                "[tls]\ncertificate=pki/server.crt\nkey=pki/server.key\nclient_ca=pki/ca.crt\n"
                "[limits]\nmax_body_bytes=%2\n"
                "[public]\naddress=127.0.0.1\nport=0\ncertificate=pki/server.crt\nkey=pki/server.key\n"
                "requests_per_minute=600\nburst=50\n"
                "[eservices]\nuser=eportal\n")
                .arg(databaseUrl)
                .arg(kMaxBodyBytes)
                .toUtf8());
        config.close();

        m_server.setProcessChannelMode(QProcess::SeparateChannels);
        m_server.start(QStringLiteral(DELOVOD_SERVER_PATH),
                       {QStringLiteral("--serve"), QStringLiteral("--config"), configPath});
        QVERIFY(m_server.waitForStarted(10'000));
        static const QRegularExpression api(QStringLiteral("Serving https://127\\.0\\.0\\.1:(\\d+) "));
        static const QRegularExpression pub(QStringLiteral("public pages on https://127\\.0\\.0\\.1:(\\d+)"));
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while ((m_apiPort == 0 || m_publicPort == 0) && timer.elapsed() < 20'000) {
            if (!m_server.waitForReadyRead(1000) && m_server.state() != QProcess::Running)
                break;
            out += m_server.readAllStandardOutput();
            const QString text = QString::fromUtf8(out);
            if (const auto match = api.match(text); match.hasMatch())
                m_apiPort = match.captured(1).toInt();
            if (const auto match = pub.match(text); match.hasMatch())
                m_publicPort = match.captured(1).toInt();
        }
        QVERIFY2(m_apiPort > 0 && m_publicPort > 0,
                 qPrintable(QString::fromUtf8(out + m_server.readAllStandardError())));
    }

    void cleanupTestCase()
    {
        if (m_server.state() == QProcess::Running) {
            m_server.terminate();
            if (!m_server.waitForFinished(15'000))
                m_server.kill();
        }
    }

    void statusPageInChromium()
    {
        const Reply created = postToApi(
            QJsonDocument(test::applicationJson(QStringLiteral("browser-1"))).toJson(QJsonDocument::Compact));
        QCOMPARE(created.status, 201);
        const QJsonObject receipt = QJsonDocument::fromJson(created.body).object();
        const QString index = receipt.value(QStringLiteral("registrationIndex")).toString();
        const QString code = receipt.value(QStringLiteral("accessCode")).toString();
        QVERIFY(!index.isEmpty() && !code.isEmpty());

        const QString right = dumpDom(statusUrl(index, code));
        QVERIFY2(right.contains(QStringLiteral("id=\"status\">Received<")), qPrintable(right));
        QVERIFY(right.contains(QStringLiteral("lang=\"bg\"")));
        QVERIFY(right.contains(index.toHtmlEscaped()));
        for (const QString &personal : {QStringLiteral("Иван"), test::validEgn(),
                                        QStringLiteral("ivan@example.org"), QStringLiteral("УПИ")})
            QVERIFY2(!right.contains(personal), qPrintable(personal));

        const QString wrong = dumpDom(statusUrl(index, QStringLiteral("WRONGCODE234")));
        QVERIFY2(wrong.contains(QStringLiteral("id=\"message\"")), qPrintable(wrong));
        QVERIFY(!wrong.contains(QStringLiteral("id=\"status\"")));
        QVERIFY(!wrong.contains(QStringLiteral("id=\"history\"")));
        QVERIFY(!wrong.contains(QStringLiteral("29.09")));
    }

    void oversizedBodyIsRefused()
    {
        QJsonObject json = test::applicationJson(QStringLiteral("browser-big"), QByteArray(14 * 1024, 'x'));
        const Reply reply = postToApi(QJsonDocument(json).toJson(QJsonDocument::Compact));
        QCOMPARE(reply.status, 413);
        // The server goes on serving.
        const Reply invalid = postToApi("{");
        QCOMPARE(invalid.status, 400);
    }
};

QTEST_GUILESS_MAIN(tst_StatusPageBrowser)
#include "tst_StatusPageBrowser.moc"
