// SPDX-License-Identifier: GPL-3.0-or-later
// The participant registry client against a loopback fake of the registry service: a
// real HttpServer with mutual TLS answering rpc/encoded SOAP replies written from
// EGovRegistry.wsdl (inline and multi-reference arrays), malformed replies, and the
// refresh of the offline copy (all records first, then the changes since the last date).
#include "ExchangePeer.h"
#include "HttpServer.h"
#include "TempDatabase.h"
#include "exchange/registry/RegistryClient.h"
#include "exchange/registry/RegistryRefresher.h"
#include "exchange/store/ParticipantDirectory.h"
#include "exchange/transport/HttpsTransport.h"

#include <QTest>

#include <functional>
#include <mutex>

using namespace dms;
using namespace dms::exchange;
using namespace dms::exchange::test;

namespace {

const QString s_guidA = "11111111-1111-4111-8111-111111111111";
const QString s_guidB = "22222222-2222-4222-8222-222222222222";
const QString s_guidC = "33333333-3333-4333-8333-333333333333";

struct EntitySpec
{
    QString guid;
    QString identifier;
    QString name;
    QString serial;
    QString uri;
    QString lastChange;
    QString status = "Active";
    QString serviceStatus = "Active";
    QString serviceGuid = "7060efa8-f1fa-4938-8b2b-12a78c86988f";
};

QString entityBody(const EntitySpec &e)
{
    return QString("<EntityIdentifier xsi:type=\"xsd:string\">%1</EntityIdentifier>"
                   "<Guid xsi:type=\"xsd:string\">%2</Guid><ParentGuid xsi:nil=\"true\"/>"
                   "<AdministrativeBodyName xsi:type=\"xsd:string\">%3</AdministrativeBodyName>"
                   "<Contact xsi:type=\"tns:Contact\"><Phone>02 000 0000</Phone><Fax/><EmailAddress>"
                   "office@example.invalid</EmailAddress></Contact>"
                   "<CertificateSN xsi:type=\"xsd:string\">%4</CertificateSN>"
                   "<Services xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"tns:Service[2]\">"
                   "<item xsi:type=\"tns:Service\"><Guid>00000000-0000-4000-8000-000000000000</Guid>"
                   "<Name>Поща</Name><URI>mailto:office@example.invalid</URI><Status>Active</Status>"
                   "<Type>email</Type><Version>1</Version></item>"
                   "<item xsi:type=\"tns:Service\"><Guid>%5</Guid><Name>Документооборот</Name>"
                   "<URI>%6</URI><Status>%7</Status><Type>service</Type><Version>1</Version></item>"
                   "</Services><LastChange xsi:type=\"xsd:dateTime\">%8</LastChange>"
                   "<Status xsi:type=\"xsd:string\">%9</Status>")
        .arg(e.identifier, e.guid, e.name, e.serial, e.serviceGuid, e.uri, e.serviceStatus, e.lastChange,
             e.status);
}

/** An EGovMessageDir reply; with @p multiRef the entities are SOAP-ENC multi-reference values. */
QByteArray directoryReply(const QString &operation, const QList<EntitySpec> &entities, bool multiRef = false)
{
    QString items;
    QString refs;
    for (int i = 0; i < entities.size(); ++i) {
        if (multiRef) {
            items += QString("<item href=\"#id%1\"/>").arg(i);
            refs += QString("<multiRef id=\"id%1\" xsi:type=\"tns:Entity\">%2</multiRef>")
                        .arg(i)
                        .arg(entityBody(entities[i]));
        } else {
            items += "<item xsi:type=\"tns:Entity\">" + entityBody(entities[i]) + "</item>";
        }
    }
    return QString("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                   "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                   "xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" "
                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                   "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:tns=\"uri:egovmsg\">"
                   "<SOAP-ENV:Body><tns:%1Response "
                   "SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">"
                   "<return xsi:type=\"tns:EGovMessageDir\">"
                   "<Entities xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"tns:Entity[%2]\">%3</Entities>"
                   "<LastChange xsi:type=\"xsd:dateTime\">2026-12-01T10:00:00.1234567+02:00</LastChange>"
                   "</return></tns:%1Response>%4</SOAP-ENV:Body></SOAP-ENV:Envelope>")
        .arg(operation)
        .arg(entities.size())
        .arg(items, refs)
        .toUtf8();
}

QByteArray faultReply()
{
    return "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
           "<s:Fault><faultcode>s:Server</faultcode><faultstring>Registry unavailable</faultstring></s:Fault>"
           "</s:Body></s:Envelope>";
}

EntitySpec entityA()
{
    return {s_guidA,
            "000000001",
            "Администрация А",
            "0123456789ABCDEF",
            "https://a.obmen.invalid:8443/EGovExchange",
            "2026-11-30T09:00:00+02:00"};
}

EntitySpec entityB()
{
    return {s_guidB,
            "0000000020001",
            "Администрация Б",
            "abcdef01",
            "https://b.obmen.invalid/EGovExchange",
            "2026-12-01T10:00:00.1234567+02:00"};
}

/** The registry service: records each request body and answers with the current reply. */
struct FakeRegistry
{
    std::mutex mutex;
    QList<QByteArray> requests;
    std::function<server::HttpResponse(const QByteArray &)> answer;

    server::HttpResponse handle(const server::HttpRequest &request)
    {
        std::lock_guard lock(mutex);
        requests.append(request.body);
        return answer(request.body);
    }
    void reply(int status, const QByteArray &body)
    {
        std::lock_guard lock(mutex);
        answer = [status, body](const QByteArray &) {
            server::HttpResponse response;
            response.status = status;
            response.contentType = "text/xml; charset=utf-8";
            response.body = body;
            return response;
        };
    }
    QByteArray lastRequest()
    {
        std::lock_guard lock(mutex);
        return requests.value(requests.size() - 1);
    }
};

} // namespace

class tst_RegistryClient : public QObject
{
    Q_OBJECT

    QTemporaryDir m_pki;
    FakeRegistry m_registry;
    std::unique_ptr<server::HttpServer> m_http;
    std::unique_ptr<HttpsTransport> m_transport;
    QString m_uri;

    RegistryClient client() { return RegistryClient(*m_transport, m_uri); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_pki.isValid());
        const QString dir = m_pki.path();
        QVERIFY(makePki(dir, {"registry", "participant"}));
        server::HttpServerSettings settings;
        settings.port = 0;
        settings.certificateFile = dir + "/registry.crt";
        settings.keyFile = dir + "/registry.key";
        settings.clientCaFile = dir + "/ca.crt";
        settings.requestTimeoutMs = 5000;
        settings.shutdownTimeoutMs = 2000;
        m_http = std::make_unique<server::HttpServer>(
            settings, [this](const server::HttpRequest &request) { return m_registry.handle(request); },
            [](const QByteArray &) {});
        QVERIFY(m_http->start());
        m_uri = QString("https://localhost:%1/service/").arg(m_http->port());
        m_transport = std::make_unique<HttpsTransport>(HttpsTransportSettings {
            dir + "/participant.crt", dir + "/participant.key", dir + "/ca.crt", 5000});
    }

    void allRecords_data()
    {
        QTest::addColumn<bool>("multiRef");
        QTest::newRow("inline array") << false;
        QTest::newRow("multi-reference array") << true;
    }
    void allRecords()
    {
        QFETCH(bool, multiRef);
        EntitySpec b = entityB();
        b.serviceStatus = "TemporarilyInactive";
        m_registry.reply(200, directoryReply("GetAllRecords", {entityA(), b}, multiRef));
        auto directory = client().allRecords();
        QVERIFY2(directory.ok(), qPrintable(directory.error().toString()));
        QVERIFY(m_registry.lastRequest().contains("<eg:GetAllRecords "));
        QCOMPARE(directory->records.size(), 2);
        QCOMPARE(directory->skipped, QStringList());
        const ParticipantRecord &a = directory->records.at(0);
        QCOMPARE(a.guid, "{" + s_guidA + "}");
        QCOMPARE(a.identifier, QString("000000001"));
        QCOMPARE(a.name, QString("Администрация А"));
        QCOMPARE(a.certificateSerialHex, QString("123456789abcdef"));
        QCOMPARE(a.endpointUri, QString("https://a.obmen.invalid:8443/EGovExchange"));
        QVERIFY(a.active);
        QCOMPARE(a.lastChange, QDateTime(QDate(2026, 11, 30), QTime(7, 0), Qt::UTC));
        // The service is temporarily inactive: the participant is not active.
        QVERIFY(!directory->records.at(1).active);
        QCOMPARE(directory->records.at(1).identifier, QString("0000000020001"));
        QCOMPARE(directory->lastChange, QDateTime(QDate(2026, 12, 1), QTime(8, 0, 0, 123), Qt::UTC));
    }

    void lookups()
    {
        m_registry.reply(200, directoryReply("GetByGuid", {entityA()}));
        auto byGuid = client().byGuid("{" + s_guidA + "}");
        QVERIFY(byGuid.ok());
        QCOMPARE(byGuid->records.size(), 1);
        QVERIFY(m_registry.lastRequest().contains("<eg:GetByGuid "));
        QVERIFY(m_registry.lastRequest().contains(
            QByteArray("<guid xsi:type=\"xsd:string\">" + s_guidA.toUtf8() + "</guid>")));
        QVERIFY(client().byIdentifier(" 000000001 ").ok());
        QVERIFY(m_registry.lastRequest().contains("<EntityIdentifier xsi:type=\"xsd:string\">000000001<"));
        QVERIFY(client().byCertificateSerial("0123456789ABCDEF").ok());
        QVERIFY(
            m_registry.lastRequest().contains("<CertificateSN xsi:type=\"xsd:string\">0123456789ABCDEF<"));
        // An argument cannot break out of its element.
        QVERIFY(client().byIdentifier("1</EntityIdentifier><x>").ok());
        QVERIFY(m_registry.lastRequest().contains("1&lt;/EntityIdentifier&gt;&lt;x&gt;"));
        // Nothing found: an empty directory, not an error.
        m_registry.reply(200, directoryReply("GetByGuid", {}));
        auto none = client().byGuid(s_guidC);
        QVERIFY(none.ok());
        QVERIFY(none->records.isEmpty());
    }

    void unusableEntitiesAreSkipped_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("guid") << "guid"
                              << "not-a-guid";
        QTest::newRow("identifier") << "identifier"
                                    << "12345";
        QTest::newRow("name too long") << "name" << QString(121, QChar(u'я'));
        QTest::newRow("serial not hex") << "serial"
                                        << "xyz";
        QTest::newRow("plain http endpoint") << "uri"
                                             << "http://a.obmen.invalid/EGovExchange";
        QTest::newRow("no exchange service") << "serviceGuid" << s_guidC;
    }
    void unusableEntitiesAreSkipped()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        EntitySpec bad = entityA();
        if (field == "guid")
            bad.guid = value;
        else if (field == "identifier")
            bad.identifier = value;
        else if (field == "name")
            bad.name = value;
        else if (field == "serial")
            bad.serial = value;
        else if (field == "uri")
            bad.uri = value;
        else
            bad.serviceGuid = value;
        m_registry.reply(200, directoryReply("GetAllRecords", {bad, entityB()}));
        auto directory = client().allRecords();
        QVERIFY(directory.ok());
        QCOMPARE(directory->records.size(), 1);
        QCOMPARE(directory->records.at(0).guid, "{" + s_guidB + "}");
        QCOMPARE(directory->skipped.size(), 1);
    }

    void malformedReplies_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        const int invalid = int(ErrorCode::InvalidInput);
        QTest::newRow("not XML") << 200 << QByteArray("<html><body>Bad gateway") << invalid;
        QTest::newRow("empty") << 200 << QByteArray() << invalid;
        QTest::newRow("DOCTYPE with an entity")
            << 200
            << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                          "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&e;"
                          "</s:Body></s:Envelope>")
            << invalid;
        QTest::newRow("not a SOAP envelope") << 200 << QByteArray("<Envelope><Body/></Envelope>") << invalid;
        QTest::newRow("SOAP 1.2 envelope")
            << 200
            << QByteArray(
                   "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>")
            << invalid;
        QTest::newRow("empty body")
            << 200
            << QByteArray(
                   "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>")
            << invalid;
        QTest::newRow("response without return")
            << 200
            << QByteArray("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                          "<GetAllRecordsResponse/></s:Body></s:Envelope>")
            << invalid;
        QTest::newRow("return is not a directory")
            << 200
            << QByteArray(
                   "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                   "<GetAllRecordsResponse><return>42</return></GetAllRecordsResponse></s:Body></s:Envelope>")
            << invalid;
        QTest::newRow("dangling href")
            << 200
            << QByteArray("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                          "<R><return><Entities><item "
                          "href=\"#nowhere\"/></Entities></return></R></s:Body></s:Envelope>")
            << invalid;
        QTest::newRow("href loop")
            << 200
            << QByteArray("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                          "<R><return><Entities><item href=\"#a\"/></Entities></return></R>"
                          "<m id=\"a\" href=\"#b\"/><m id=\"b\" href=\"#a\"/></s:Body></s:Envelope>")
            << invalid;
        QTest::newRow("SOAP fault") << 500 << faultReply() << int(ErrorCode::SoapFault);
        QTest::newRow("directory with HTTP 500")
            << 500 << directoryReply("GetAllRecords", {entityA()}) << invalid;
        QTest::newRow("HTTP 404") << 404 << QByteArray("not found") << int(ErrorCode::Network);
    }
    void malformedReplies()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        m_registry.reply(status, body);
        auto directory = client().allRecords();
        QVERIFY(!directory.ok());
        QCOMPARE(int(directory.error().code), code);
    }

    void unreachableRegistry()
    {
        HttpsTransport transport({m_pki.path() + "/participant.crt", m_pki.path() + "/participant.key",
                                  m_pki.path() + "/ca.crt", 2000});
        RegistryClient down(transport, "https://localhost:1/service/");
        auto directory = down.allRecords();
        QVERIFY(!directory.ok());
        QCOMPARE(directory.error().code, ErrorCode::Network);
    }

    void refreshAppliesChangesSinceTheLastDate()
    {
        TempDatabase db;
        if (db.skip())
            QSKIP(qPrintable(db.problem()));
        QVERIFY(db.problem().isEmpty());
        db.clock.set(QDateTime(QDate(2026, 12, 4), QTime(8, 0), Qt::UTC));
        ParticipantDirectory directory(db.database(), db.clock);
        RegistryClient registry = client();
        RegistryRefresher refresher(directory, registry, db.clock, std::chrono::seconds(600));

        // Never refreshed: all records.
        m_registry.reply(200, directoryReply("GetAllRecords", {entityA(), entityB()}));
        auto first = refresher.refreshIfDue();
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        QVERIFY(first->has_value());
        QVERIFY((*first)->full);
        QCOMPARE((*first)->records, 2);
        QVERIFY(m_registry.lastRequest().contains("<eg:GetAllRecords "));
        QCOMPARE(directory.all()->size(), 2);

        // Not due before the interval has passed on the clock: no call.
        const qsizetype calls = m_registry.requests.size();
        db.clock.advance(599 * 1000);
        auto early = refresher.refreshIfDue();
        QVERIFY(early.ok());
        QVERIFY(!early->has_value());
        QCOMPARE(m_registry.requests.size(), calls);

        // Due: the changes since the latest LastChange seen (B's, 2026-12-01T08:00:00.123Z).
        db.clock.advance(2 * 1000);
        EntitySpec a = entityA();
        a.status = "Inactive";
        a.lastChange = "2026-12-03T12:00:00Z";
        const EntitySpec c {s_guidC,
                            "000000003",
                            "Администрация В",
                            "0abc",
                            "https://c.obmen.invalid/EGovExchange",
                            "2026-12-03T12:30:00Z"};
        m_registry.reply(200, directoryReply("GetNewRecords", {a, c}));
        auto second = refresher.refreshIfDue();
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));
        QVERIFY(second->has_value());
        QVERIFY(!(*second)->full);
        QCOMPARE((*second)->records, 2);
        const QByteArray request = m_registry.lastRequest();
        QVERIFY2(request.contains("<eg:GetNewRecords ")
                     && request.contains("<date xsi:type=\"xsd:dateTime\">2026-12-01T08:00:00.123Z</date>"),
                 request.constData());
        auto all = directory.all();
        QCOMPARE(all->size(), 3);
        QVERIFY(!directory.find(s_guidA)->active);
        QVERIFY(directory.find(s_guidB)->active);
        QCOMPARE(directory.find(s_guidC)->identifier, QString("000000003"));
        QCOMPARE(*directory.lastChange(), QDateTime(QDate(2026, 12, 3), QTime(12, 30), Qt::UTC));

        // A broken reply changes nothing; the next refresh asks again from the same date.
        db.clock.advance(601 * 1000);
        m_registry.reply(200, "<broken");
        QVERIFY(!refresher.refreshIfDue().ok());
        QCOMPARE(directory.all()->size(), 3);
        QVERIFY(!directory.find(s_guidA)->active);
        m_registry.reply(500, faultReply());
        auto fault = refresher.refresh();
        QCOMPARE(fault.error().code, ErrorCode::SoapFault);
        QVERIFY(m_registry.lastRequest().contains("2026-12-03T12:30:00.000Z"));

        // A forced full refresh replaces the copy.
        m_registry.reply(200, directoryReply("GetAllRecords", {entityB()}));
        auto full = refresher.refresh(true);
        QVERIFY(full.ok() && full->full);
        QCOMPARE(directory.all()->size(), 1);
    }

    void cleanupTestCase() { m_http.reset(); }
};

QTEST_GUILESS_MAIN(tst_RegistryClient)
#include "tst_RegistryClient.moc"
