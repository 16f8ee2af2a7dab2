// SPDX-License-Identifier: GPL-3.0-or-later
// The e-service routes of delovod-server through its router: the intake with
// real CAdES signatures made by the openssl program, idempotency, every refusal,
// and the citizens' status page with its rate limit, on SQLite and PostgreSQL.
#include "EServiceFixture.h"
#include "HttpRequest.h"
#include "Router.h"
#include "TempDatabase.h"
#include "TestPki.h"
#include "eservices/EServiceEndpoints.h"
#include "eservices/RateLimiter.h"
#include "eservices/ServiceCatalogue.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#ifndef OPENSSL_PATH
#error "OPENSSL_PATH must name the openssl program (see tests/eservices/CMakeLists.txt)"
#endif

using namespace dms;
using namespace dms::server;

namespace {

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QJsonObject bodyOf(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QString errorField(const HttpResponse &response)
{
    return bodyOf(response)
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("field"))
        .toString();
}

QByteArray header(const HttpResponse &response, const QByteArray &name)
{
    for (const auto &[key, value] : response.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

class tst_EServiceEndpoints : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestPki m_pki {m_dir.filePath(QStringLiteral("pki")), QStringLiteral(OPENSSL_PATH)};

    /** A detached DER CAdES signature of `content` by the test signer. */
    QByteArray sign(const QByteArray &content)
    {
        const QString in = m_dir.filePath(QStringLiteral("content.bin"));
        const QString out = m_dir.filePath(QStringLiteral("content.p7s"));
        QFile file(in);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return {};
        file.close();
        QProcess openssl;
        openssl.start(QStringLiteral(OPENSSL_PATH),
                      {QStringLiteral("cms"), QStringLiteral("-sign"), QStringLiteral("-binary"),
                       QStringLiteral("-in"), in, QStringLiteral("-signer"),
                       m_pki.path(QStringLiteral("signer.crt")), QStringLiteral("-inkey"),
                       m_pki.path(QStringLiteral("signer.key")), QStringLiteral("-outform"),
                       QStringLiteral("DER"), QStringLiteral("-out"), out});
        if (!openssl.waitForFinished(20'000) || openssl.exitCode() != 0)
            return {};
        QFile signature(out);
        return signature.open(QIODevice::ReadOnly) ? signature.readAll() : QByteArray();
    }

    struct Server
    {
        Router router;
        Router publicRouter;
    };

    std::unique_ptr<Server> install(TempDatabase &db, int burst = 100)
    {
        auto server = std::make_unique<Server>();
        EServiceEndpoints::Settings settings;
        settings.user = db.clerk.login;
        settings.blobDir = m_dir.filePath(QStringLiteral("blobs"));
        settings.requestsPerMinute = 1;
        settings.burst = burst;
        // The clock belongs to the TempDatabase, which outlives the routes.
        EServiceEndpoints::install(server->router, server->publicRouter, db.shared(),
                                   std::shared_ptr<const Clock>(std::shared_ptr<void>(), &db.clock),
                                   settings);
        return server;
    }

    static HttpResponse post(const Router &router, const QByteArray &body,
                             const QByteArray &type = "application/json")
    {
        HttpRequest request;
        request.method = "POST";
        request.path = EServiceEndpoints::kApplicationsPath;
        request.contentType = type;
        request.body = body;
        return router.handle(request);
    }

    static HttpResponse statusPage(const Router &router, const QString &index, const QString &code,
                                   const QByteArray &address = "192.0.2.1", const QByteArray &method = "GET")
    {
        HttpRequest request;
        request.method = method;
        request.path = "/eservices/status";
        request.remoteAddress = address;
        const QByteArray form
            = "index=" + QUrl::toPercentEncoding(index) + "&code=" + QUrl::toPercentEncoding(code);
        if (method == "POST") {
            request.contentType = "application/x-www-form-urlencoded";
            request.body = form;
        } else {
            request.query = form;
        }
        return router.handle(request);
    }

    bool prepare(TempDatabase &db)
    {
        return bool(ServiceCatalogue(db.context()).put(db.admin, test::sketchService(db.incomingRegisterId)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_pki.makeCa(QStringLiteral("ca")));
        QVERIFY(m_pki.makeLeaf(QStringLiteral("signer"), QStringLiteral("ca"),
                               QStringLiteral("/CN=Ivan Ivanov"),
                               QStringLiteral("keyUsage=digitalSignature,nonRepudiation\n")));
    }

    void intakeRegistersAndTheStatusIsVisible()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(prepare(db));
        auto server = install(db);
        const QByteArray body = compact(test::applicationJson(QStringLiteral("portal-1")));
        const HttpResponse created = post(server->router, body, "application/json; charset=utf-8");
        QCOMPARE(created.status, 201);
        const QJsonObject receipt = bodyOf(created);
        const QString index = receipt.value(QStringLiteral("registrationIndex")).toString();
        const QString code = receipt.value(QStringLiteral("accessCode")).toString();
        QVERIFY(!index.isEmpty());
        QCOMPARE(code.size(), 12);
        QCOMPARE(receipt.value(QStringLiteral("deadline")).toString(), QStringLiteral("2020-09-29"));
        QCOMPARE(receipt.value(QStringLiteral("status")).toString(), QStringLiteral("received"));
        QCOMPARE(header(created, "Cache-Control"), QByteArray("no-store"));

        for (const QByteArray &method : {QByteArray("GET"), QByteArray("POST")}) {
            const HttpResponse page = statusPage(server->publicRouter, index, code, "192.0.2.1", method);
            QCOMPARE(page.status, 200);
            QVERIFY(page.contentType.startsWith("text/html"));
            const QString html = QString::fromUtf8(page.body);
            QVERIFY(html.contains(QStringLiteral("<html lang=\"bg\">")));
            QVERIFY(html.contains(index.toHtmlEscaped()));
            QVERIFY(html.contains(QStringLiteral("id=\"status\">Received<")));
            QVERIFY(html.contains(QStringLiteral("29.09.2020")));
            // No personal data: name, ЕГН, e-mail or subject.
            for (const QString &personal :
                 {QStringLiteral("Иван"), test::validEgn(), QStringLiteral("ivan@"), QStringLiteral("УПИ")})
                QVERIFY2(!html.contains(personal), qPrintable(personal));
            QVERIFY(!html.contains(QStringLiteral("<script")));
        }
    }

    void statusPageFormAndWrongCodes()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(prepare(db));
        auto server = install(db);
        const QJsonObject receipt
            = bodyOf(post(server->router, compact(test::applicationJson(QStringLiteral("p")))));
        const QString index = receipt.value(QStringLiteral("registrationIndex")).toString();
        const QString code = receipt.value(QStringLiteral("accessCode")).toString();

        HttpRequest empty;
        empty.method = "GET";
        empty.path = "/eservices/status";
        const HttpResponse form = server->publicRouter.handle(empty);
        QCOMPARE(form.status, 200);
        const QString formHtml = QString::fromUtf8(form.body);
        QVERIFY(formHtml.contains(QStringLiteral("<label for=\"index\">")));
        QVERIFY(formHtml.contains(QStringLiteral("<label for=\"code\">")));
        QVERIFY(header(form, "Content-Security-Policy").contains("default-src 'none'"));

        const HttpResponse wrongCode
            = statusPage(server->publicRouter, index, QStringLiteral("ZZZZZZZZZZZZ"));
        const HttpResponse wrongIndex = statusPage(server->publicRouter, QStringLiteral("X-1"), code);
        QCOMPARE(wrongCode.status, 404);
        QCOMPARE(wrongIndex.status, 404);
        const auto message = [](const HttpResponse &response) {
            const QString html = QString::fromUtf8(response.body);
            const qsizetype start = html.indexOf(QStringLiteral("id=\"message\">"));
            return html.mid(start, html.indexOf(QStringLiteral("</p>"), start) - start);
        };
        QVERIFY(!message(wrongCode).isEmpty());
        QCOMPARE(message(wrongCode), message(wrongIndex));
        QVERIFY(!QString::fromUtf8(wrongCode.body).contains(QStringLiteral("id=\"status\"")));

        QCOMPARE(statusPage(server->publicRouter, index, QString()).status, 400);
        QCOMPARE(statusPage(server->publicRouter, index, QString(100, QLatin1Char('A'))).status, 404);
        // Markup in the input comes back escaped.
        const HttpResponse markup = statusPage(server->publicRouter, QStringLiteral("<b>x</b>"), code);
        QVERIFY(!QString::fromUtf8(markup.body).contains(QStringLiteral("<b>x</b>")));
        QVERIFY(QString::fromUtf8(markup.body).contains(QStringLiteral("&lt;b&gt;x&lt;/b&gt;")));
    }

    void statusPageIsRateLimitedPerAddress()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(prepare(db));
        auto server = install(db, 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(statusPage(server->publicRouter, QStringLiteral("X-1"), QStringLiteral("A")).status,
                     404);
        const HttpResponse limited
            = statusPage(server->publicRouter, QStringLiteral("X-1"), QStringLiteral("A"));
        QCOMPARE(limited.status, 429);
        QVERIFY(header(limited, "Retry-After").toInt() >= 1);
        // Another address has its own bucket.
        QCOMPARE(
            statusPage(server->publicRouter, QStringLiteral("X-1"), QStringLiteral("A"), "192.0.2.2").status,
            404);
    }

    void rateLimiterRefills()
    {
        auto now = std::chrono::steady_clock::time_point {};
        RateLimiter limiter(60, 2, [&now] { return now; });
        QCOMPARE(limiter.acquire("a"), 0);
        QCOMPARE(limiter.acquire("a"), 0);
        QCOMPARE(limiter.acquire("a"), 1);
        now += std::chrono::milliseconds(1100);
        QCOMPARE(limiter.acquire("a"), 0);
        QVERIFY(limiter.acquire("a") > 0);
        QCOMPARE(limiter.acquire("b"), 0);
    }

    void repeatedSubmissionIsIdempotent()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(prepare(db));
        auto server = install(db);
        const QByteArray body = compact(test::applicationJson(QStringLiteral("portal-2")));
        const HttpResponse first = post(server->router, body);
        const HttpResponse again = post(server->router, body);
        QCOMPARE(first.status, 201);
        QCOMPARE(again.status, 201);
        QCOMPARE(again.body, first.body);
        QCOMPARE(header(again, "Idempotent-Replayed"), QByteArray("true"));
        QVERIFY(header(first, "Idempotent-Replayed").isEmpty());
        const HttpResponse conflict
            = post(server->router, compact(test::applicationJson(QStringLiteral("portal-2"), "other")));
        QCOMPARE(conflict.status, 409);
        QCOMPARE(errorField(conflict), QStringLiteral("clientReference"));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        const auto with = [](const std::function<void(QJsonObject &)> &change) {
            QJsonObject json = test::applicationJson(QStringLiteral("portal-r"));
            change(json);
            return compact(json);
        };
        QTest::newRow("not json") << QByteArray("{\"clientReference\":") << QByteArray("application/json")
                                  << 400 << QString();
        QTest::newRow("json array") << QByteArray("[]") << QByteArray("application/json") << 400 << QString();
        QTest::newRow("empty body") << QByteArray() << QByteArray("application/json") << 400 << QString();
        QTest::newRow("form") << QByteArray("a=b") << QByteArray("application/x-www-form-urlencoded") << 415
                              << QString();
        QTest::newRow("unknown service")
            << with([](QJsonObject &json) { json.insert(QStringLiteral("service"), QStringLiteral("9999")); })
            << QByteArray("application/json") << 422 << QStringLiteral("service");
        QTest::newRow("missing attachment")
            << with([](QJsonObject &json) { json.insert(QStringLiteral("attachments"), QJsonArray()); })
            << QByteArray("application/json") << 422 << QStringLiteral("attachments.sketch");
        QTest::newRow("bad egn") << with([](QJsonObject &json) {
            QJsonObject applicant = json.value(QStringLiteral("applicant")).toObject();
            applicant.insert(QStringLiteral("egn"), QStringLiteral("7501010011"));
            json.insert(QStringLiteral("applicant"), applicant);
        }) << QByteArray("application/json")
                                 << 422 << QStringLiteral("applicant.egn");
        QTest::newRow("no reference")
            << with([](QJsonObject &json) { json.remove(QStringLiteral("clientReference")); })
            << QByteArray("application/json") << 422 << QStringLiteral("clientReference");
    }
    void refusals()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, type);
        QFETCH(int, status);
        QFETCH(QString, field);
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(prepare(db));
        auto server = install(db);
        const HttpResponse response = post(server->router, body, type);
        QCOMPARE(response.status, status);
        const QJsonObject error = bodyOf(response).value(QStringLiteral("error")).toObject();
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        QCOMPARE(errorField(response), field);
        QVERIFY(!response.body.contains(test::validEgn().toLatin1()));
    }

    void signedAttachments()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(prepare(db));
        auto server = install(db);
        const QByteArray sketch = "%PDF-1.4 sketch";
        const QByteArray good = sign(sketch);
        QVERIFY(!good.isEmpty());
        const QByteArray forOther = sign("%PDF-1.4 another file");
        QVERIFY(!forOther.isEmpty());
        const auto withSignature = [&](const QString &reference, const QByteArray &signature) {
            QJsonObject json = test::applicationJson(reference, sketch);
            QJsonArray attachments = json.value(QStringLiteral("attachments")).toArray();
            QJsonObject first = attachments.at(0).toObject();
            first.insert(QStringLiteral("signature"), QString::fromLatin1(signature.toBase64()));
            attachments[0] = first;
            json.insert(QStringLiteral("attachments"), attachments);
            return compact(json);
        };
        QCOMPARE(post(server->router, withSignature(QStringLiteral("s-1"), good)).status, 201);
        const HttpResponse mismatch = post(server->router, withSignature(QStringLiteral("s-2"), forOther));
        QCOMPARE(mismatch.status, 422);
        QCOMPARE(errorField(mismatch), QStringLiteral("attachments[0].signature"));
        QByteArray damaged = good;
        damaged[damaged.size() - 5] = char(damaged.at(damaged.size() - 5) ^ 0x55);
        QCOMPARE(post(server->router, withSignature(QStringLiteral("s-3"), damaged)).status, 422);
        const HttpResponse garbage
            = post(server->router, withSignature(QStringLiteral("s-4"), "not a signature"));
        QCOMPARE(garbage.status, 422);
        QCOMPARE(errorField(garbage), QStringLiteral("attachments[0].signature"));
        // PEM is accepted as well.
        const QByteArray pem = "-----BEGIN CMS-----\n" + good.toBase64() + "\n-----END CMS-----\n";
        QCOMPARE(post(server->router, withSignature(QStringLiteral("s-5"), pem)).status, 201);
    }

    void noIntakeWithoutAUser()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Router router;
        Router publicRouter;
        EServiceEndpoints::Settings settings;
        settings.blobDir = m_dir.filePath(QStringLiteral("blobs"));
        EServiceEndpoints::install(router, publicRouter, db.shared(),
                                   std::shared_ptr<const Clock>(std::shared_ptr<void>(), &db.clock),
                                   settings);
        QCOMPARE(post(router, compact(test::applicationJson(QStringLiteral("x")))).status, 404);
        // An unknown user: the intake says it is not set up.
        settings.user = QStringLiteral("nobody");
        Router other;
        EServiceEndpoints::install(other, publicRouter, db.shared(),
                                   std::shared_ptr<const Clock>(std::shared_ptr<void>(), &db.clock),
                                   settings);
        QCOMPARE(post(other, compact(test::applicationJson(QStringLiteral("x")))).status, 503);
    }
};

QTEST_GUILESS_MAIN(tst_EServiceEndpoints)
#include "tst_EServiceEndpoints.moc"
