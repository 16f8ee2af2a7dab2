// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenDataFixture.h"
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "opendata/OpenDataEndpoints.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "registers/MunicipalRegisterService.h"
#include "storage/Sql.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using namespace dms::server;

class tst_OpenDataEndpoints : public QObject
{
    Q_OBJECT

private:
    static HttpResponse get(const Router &router, const QByteArray &path, const QByteArray &method = "GET")
    {
        HttpRequest request;
        request.method = method;
        request.path = path;
        HttpResponse response = router.handle(request);
        if (response.bodyFile) {
            // What the server sends then (HttpServer's own tests cover the sending).
            QFile file(response.bodyFile->fileName());
            if (response.body.isEmpty() && file.open(QIODevice::ReadOnly))
                response.body = file.readAll();
        }
        return response;
    }

    static bool fill(TempDatabase &db, Router &router)
    {
        MunicipalRegisterService registers(db.context());
        if (!registers.define(db.admin, OpenDataFixture::permitsDefinition()).ok())
            return false;
        MunicipalRegisterEntryService entries(db.context());
        if (!entries
                 .add(db.clerk, QStringLiteral("permits"),
                      {{QStringLiteral("permit_no"), QStringLiteral("РС-1")},
                       {QStringLiteral("holder_egn"), QStringLiteral("7501010010")},
                       {QStringLiteral("internal_note"), QStringLiteral("ТАЙНО")},
                       {QStringLiteral("issued_on"), QStringLiteral("2020-09-08")}})
                 .ok())
            return false;
        MunicipalRegisterDefinition hidden = OpenDataFixture::permitsDefinition();
        hidden.code = QStringLiteral("hidden");
        hidden.published = false;
        if (!registers.define(db.admin, hidden).ok())
            return false;
        OpenDataPublisher publisher;
        publisher.links.baseUrl = QStringLiteral("https://open.example.bg");
        publisher.name = QStringLiteral("Столична община");
        OpenDataEndpoints::install(router, db.shared(), publisher);
        return true;
    }

private Q_SLOTS:
    void servesTheRegisterInEveryFormat()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Router router;
        QVERIFY(fill(db, router));

        const HttpResponse csv = get(router, "/opendata/registers/permits.csv");
        QCOMPARE(csv.status, 200);
        // Register exports come as files sent from disk; the ETag is their SHA-256.
        QVERIFY(csv.bodyFile);
        QCOMPARE(csv.headers.first().second,
                 '"' + QCryptographicHash::hash(csv.body, QCryptographicHash::Sha256).toHex() + '"');
        QVERIFY(csv.contentType.startsWith("text/csv"));
        QVERIFY(csv.body.startsWith("number,permit_no,"));
        QVERIFY(!csv.body.contains("7501010010"));
        QVERIFY(!csv.body.contains(QStringLiteral("ТАЙНО").toUtf8()));
        bool hasEtag = false;
        for (const auto &[name, value] : csv.headers)
            hasEtag = hasEtag || (name == "ETag" && value.size() == 66);
        QVERIFY(hasEtag);

        const HttpResponse json = get(router, "/opendata/registers/permits.json");
        QCOMPARE(json.status, 200);
        QCOMPARE(json.contentType, QByteArray("application/json"));
        QCOMPARE(
            QJsonDocument::fromJson(json.body).object().value(QStringLiteral("entries")).toArray().size(), 1);
        QVERIFY(!json.body.contains("7501010010"));

        const HttpResponse schema = get(router, "/opendata/registers/permits.schema.json");
        QCOMPARE(schema.status, 200);
        QCOMPARE(QJsonDocument::fromJson(schema.body).object().value(QStringLiteral("$id")).toString(),
                 QStringLiteral("https://open.example.bg/opendata/registers/permits.schema.json"));

        const HttpResponse catalog = get(router, "/opendata/catalog.jsonld");
        QCOMPARE(catalog.status, 200);
        QCOMPARE(catalog.contentType, QByteArray("application/ld+json"));
        const QJsonArray datasets
            = QJsonDocument::fromJson(catalog.body).object().value(QStringLiteral("dcat:dataset")).toArray();
        QCOMPARE(datasets.size(), 1);
    }

    void catalogNamesTheConfiguredPublisher()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        MunicipalRegisterService registers(db.context());
        QVERIFY(registers.define(db.admin, OpenDataFixture::permitsDefinition()).ok());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("server.ini"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[opendata]\nbase_url=https://danni.example.bg/\npublisher=Община Пример\n"
                                  "homepage=https://www.example.bg/\ncontact_email=danni@example.bg\n"
                                  "catalog_title=Данни на общината\ncatalog_description=Публични регистри\n")
                       .toUtf8());
        file.close();
        auto config = ServerConfig::load(path);
        QVERIFY2(config, qPrintable(config.error().detail));
        Router router;
        OpenDataEndpoints::install(router, db.shared(),
                                   OpenDataEndpoints::publisherFrom(*config, db.database()));

        const HttpResponse response = get(router, "/opendata/catalog.jsonld");
        QCOMPARE(response.status, 200);
        const QJsonObject catalog = QJsonDocument::fromJson(response.body).object();
        const auto text = [](const QJsonValue &value) {
            return value.toObject().value(QStringLiteral("@value"));
        };
        QCOMPARE(catalog.value(QStringLiteral("@id")).toString(),
                 QStringLiteral("https://danni.example.bg/opendata/catalog.jsonld"));
        QCOMPARE(text(catalog.value(QStringLiteral("dct:title"))).toString(),
                 QStringLiteral("Данни на общината"));
        QCOMPARE(text(catalog.value(QStringLiteral("dct:description"))).toString(),
                 QStringLiteral("Публични регистри"));
        const QJsonObject publisher = catalog.value(QStringLiteral("dct:publisher")).toObject();
        QCOMPARE(text(publisher.value(QStringLiteral("foaf:name"))).toString(),
                 QStringLiteral("Община Пример"));
        QCOMPARE(publisher.value(QStringLiteral("@id")).toString(),
                 QStringLiteral("https://www.example.bg/"));
        QCOMPARE(
            catalog.value(QStringLiteral("foaf:homepage")).toObject().value(QStringLiteral("@id")).toString(),
            QStringLiteral("https://www.example.bg/"));
        const QJsonArray datasets = catalog.value(QStringLiteral("dcat:dataset")).toArray();
        QCOMPARE(datasets.size(), 1);
        const QJsonObject dataset = datasets.at(0).toObject();
        QCOMPARE(dataset.value(QStringLiteral("@id")).toString(),
                 QStringLiteral("https://danni.example.bg/opendata/registers/permits"));
        const QJsonObject contact = dataset.value(QStringLiteral("dcat:contactPoint")).toObject();
        QCOMPARE(contact.value(QStringLiteral("vcard:fn")).toString(), QStringLiteral("Община Пример"));
        QCOMPARE(contact.value(QStringLiteral("vcard:hasEmail"))
                     .toObject()
                     .value(QStringLiteral("@id"))
                     .toString(),
                 QStringLiteral("mailto:danni@example.bg"));
    }

    void catalogFallsBackWithoutOpenDataSettings()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        ServerConfig config;
        config.publicAddress = QStringLiteral("192.0.2.7");
        config.publicPort = 9443;
        const OpenDataPublisher publisher = OpenDataEndpoints::publisherFrom(config, db.database());
        QCOMPARE(publisher.links.baseUrl, QStringLiteral("https://192.0.2.7:9443"));
        QVERIFY(publisher.contactEmail.isEmpty());
        QVERIFY(publisher.homepage.isEmpty());
        // The name of the office's registry, as before [opendata] existed.
        auto conn = db.database().connection();
        auto name = Sql::scalar(
            *conn, QStringLiteral("SELECT name FROM registry ORDER BY created_at, code LIMIT 1"));
        QVERIFY(name.ok());
        QVERIFY(!name->toString().isEmpty());
        QCOMPARE(publisher.name, name->toString());
    }

    void refusesEverythingElse()
    {
        // One database for all the paths: a fresh one per path is slow on PostgreSQL.
        DMS_OPEN_TEMP_DATABASE(db);
        Router router;
        QVERIFY(fill(db, router));
        const QList<QByteArray> paths {
            QByteArray("/opendata/registers/shops.csv"), // unknown register
            QByteArray("/opendata/registers/hidden.csv"), // unpublished register
            QByteArray("/opendata/registers/hidden.schema.json"), // unpublished schema
            QByteArray("/opendata/registers/permits.xml"), // unknown format
            QByteArray("/opendata/registers/.csv"), // no code
            QByteArray("/opendata/registers/permits"), // no extension
            QByteArray("/opendata/registers/../../etc/passwd.csv"), // traversal
            QByteArray("/opendata/registers/..%2F..%2Fetc%2Fpasswd.csv"), // encoded traversal
            QByteArray("/opendata/registers/./permits.csv"), // dot segments
            QByteArray("/opendata/registers/permits/permits.csv"), // nested
            QByteArray("/opendata/registers/..\\permits.csv"), // backslash
            QByteArray("/opendata/registers/permits\0.csv", 32), // nul
            QByteArray("/opendata/registers/PERMITS.csv"), // upper case
            QStringLiteral("/opendata/registers/разрешения.csv").toUtf8(), // cyrillic
            QByteArray("/opendata/registers/"), // prefix itself
            QByteArray("/opendata/journal/2020-09-08.json"), // journal not sealed
            QByteArray("/opendata/journal/2020-13-45.json"), // journal bad date
            QByteArray("/opendata/journal/../../etc/passwd"), // journal traversal
            QByteArray("/opendata/journal/latest.json"), // journal not a date
            QByteArray("/opendata/catalog.json"), // catalog variant
        };
        for (const QByteArray &path : paths) {
            const HttpResponse response = get(router, path);
            QVERIFY2(response.status == 404, path.constData());
            QVERIFY(!response.body.contains("7501010010"));
            QVERIFY(!response.body.contains("root:"));
        }
    }

    void onlyGetIsAllowed()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Router router;
        QVERIFY(fill(db, router));
        QCOMPARE(get(router, "/opendata/registers/permits.csv", "POST").status, 405);
        QCOMPARE(get(router, "/opendata/catalog.jsonld", "DELETE").status, 405);
    }

    void servesSealedJournalDays()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Router router;
        QVERIFY(fill(db, router));
        db.clock.set(QDateTime(QDate(2020, 9, 9), QTime(0, 10), Qt::UTC));
        AuditJournal journal(db.database(), db.clock);
        QVERIFY(journal.sealDaysBefore(QDate(2020, 9, 9)).ok());
        const HttpResponse day = get(router, "/opendata/journal/2020-09-08.json");
        QCOMPARE(day.status, 200);
        const QJsonObject summary = QJsonDocument::fromJson(day.body).object();
        QCOMPARE(summary.value(QStringLiteral("day")).toString(), QStringLiteral("2020-09-08"));
        QVERIFY(summary.value(QStringLiteral("intact")).toBool());
        QVERIFY(!day.body.contains("7501010010"));
    }
};

QTEST_GUILESS_MAIN(tst_OpenDataEndpoints)
#include "tst_OpenDataEndpoints.moc"
