// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "exchange/RegistryFile.h"
#include "exchange/store/ParticipantDirectory.h"

#include <QTest>

using namespace dms;
using namespace dms::exchange;

namespace {

QByteArray record(const QByteArray &field, const QByteArray &value)
{
    QByteArray json = R"([{"guid":"{AAAAAAAA-1111-4111-8111-111111111111}","identifier":"000000001",)"
                      R"("name":"Администрация","certificateSN":"0123456789ABCDEF",)"
                      R"("endpoint":"https://a.obmen.invalid:8443/EGovExchange","active":true}])";
    if (!field.isEmpty()) {
        const int start = json.indexOf(QByteArray("\"" + field + "\":"));
        const int end = json.indexOf(field == "active" ? "}" : ",", start + field.size() + 3);
        json.replace(start, end - start, QByteArray("\"" + field + "\":" + value));
    }
    return json;
}

} // namespace

class tst_RegistryFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validFileImports()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto records = RegistryFile::parse(record({}, {}));
        QVERIFY2(records.ok(), qPrintable(records.error().toString()));
        QCOMPARE(records->size(), 1);
        QCOMPARE(records->at(0).guid, QString("{aaaaaaaa-1111-4111-8111-111111111111}"));
        QCOMPARE(records->at(0).certificateSerialHex, QString("123456789abcdef"));
        ParticipantDirectory directory(db.database(), db.clock);
        QVERIFY(directory.replaceAll(*records).ok());
        // GUIDs match case-insensitively; the identifier must match too.
        auto found = directory.match({"000000001", "x", "{aaaaaaaa-1111-4111-8111-111111111111}"});
        QVERIFY(found.ok());
        QCOMPARE(found->endpointUri, QString("https://a.obmen.invalid:8443/EGovExchange"));
        QCOMPARE(directory.match({"000000002", "x", "{AAAAAAAA-1111-4111-8111-111111111111}"}).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(directory.match({"000000001", "x", "{bbbbbbbb-1111-4111-8111-111111111111}"}).error().code,
                 ErrorCode::NotFound);
        // Round trip through the file format.
        auto again = RegistryFile::parse(RegistryFile::write(*directory.all()));
        QVERIFY(again.ok());
        QCOMPARE(again->at(0).identifier, QString("000000001"));
        // An inactive participant is refused.
        auto inactive = RegistryFile::parse(record("active", "false"));
        QVERIFY(inactive.ok());
        QVERIFY(directory.replaceAll(*inactive).ok());
        QCOMPARE(directory.match({"000000001", "x", "{aaaaaaaa-1111-4111-8111-111111111111}"}).error().code,
                 ErrorCode::PermissionDenied);
    }

    void invalidFilesRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{{{");
        QTest::newRow("not an array") << QByteArray("{}");
        QTest::newRow("guid") << record("guid", "\"1111\"");
        QTest::newRow("identifier letters") << record("identifier", "\"ABC\"");
        QTest::newRow("identifier 11 digits") << record("identifier", "\"12345678901\"");
        QTest::newRow("serial not hex") << record("certificateSN", "\"XYZ\"");
        QTest::newRow("http endpoint") << record("endpoint", "\"http://a.invalid/x\"");
        QTest::newRow("no host") << record("endpoint", "\"https:///x\"");
        QTest::newRow("empty name") << record("name", "\"\"");
    }
    void invalidFilesRefused()
    {
        QFETCH(QByteArray, json);
        auto records = RegistryFile::parse(json);
        QVERIFY(!records.ok());
        QCOMPARE(records.error().code, ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_RegistryFile)
#include "tst_RegistryFile.moc"
