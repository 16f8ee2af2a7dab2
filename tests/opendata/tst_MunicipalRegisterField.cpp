// SPDX-License-Identifier: GPL-3.0-or-later
#include "registers/MunicipalRegisterField.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace dms;

namespace {

MunicipalRegisterField field(MunicipalFieldType type)
{
    MunicipalRegisterField field;
    field.name = QStringLiteral("value");
    field.label = QStringLiteral("Стойност");
    field.type = type;
    field.isPublic = type != MunicipalFieldType::Egn;
    if (type == MunicipalFieldType::Enum)
        field.enumValues = {QStringLiteral("А"), QStringLiteral("Б")};
    return field;
}

QJsonValue parse(const QByteArray &json)
{
    return QJsonDocument::fromJson("[" + json + "]").array().at(0);
}

} // namespace

class tst_MunicipalRegisterField : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalise_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("input"); // JSON
        QTest::addColumn<QByteArray>("expected"); // JSON; empty when refused

        const int text = int(MunicipalFieldType::Text), integer = int(MunicipalFieldType::Integer),
                  decimal = int(MunicipalFieldType::Decimal), date = int(MunicipalFieldType::Date),
                  boolean = int(MunicipalFieldType::Boolean), egn = int(MunicipalFieldType::Egn),
                  eik = int(MunicipalFieldType::Eik), enumeration = int(MunicipalFieldType::Enum);
        QTest::newRow("text trimmed")
            << text << QByteArray(R"("  ул. „Шипка“, 5 ")") << QByteArray(R"("ул. „Шипка“, 5")");
        QTest::newRow("text multi-line") << text << QByteArray(R"("a\nb")") << QByteArray(R"("a\nb")");
        QTest::newRow("text empty is no value") << text << QByteArray(R"("   ")") << QByteArray("null");
        QTest::newRow("text control char") << text << QByteArray(R"("a\u0001b")") << QByteArray();
        QTest::newRow("text number") << text << QByteArray("12") << QByteArray();
        QTest::newRow("text too long")
            << text << QByteArray("\"" + QByteArray(4001, 'x') + "\"") << QByteArray();
        QTest::newRow("text array") << text << QByteArray(R"(["a"])") << QByteArray();
        QTest::newRow("integer text") << integer << QByteArray(R"(" -42 ")") << QByteArray("-42");
        QTest::newRow("integer json") << integer << QByteArray("7") << QByteArray("7");
        QTest::newRow("integer fraction") << integer << QByteArray("7.5") << QByteArray();
        QTest::newRow("integer words") << integer << QByteArray(R"("седем")") << QByteArray();
        QTest::newRow("integer too big") << integer << QByteArray(R"("9007199254740992")") << QByteArray();
        QTest::newRow("integer max") << integer << QByteArray(R"("9007199254740991")")
                                     << QByteArray("9007199254740991");
        QTest::newRow("integer bool") << integer << QByteArray("true") << QByteArray();
        QTest::newRow("decimal comma") << decimal << QByteArray(R"("0012,50")") << QByteArray(R"("12.50")");
        QTest::newRow("decimal negative")
            << decimal << QByteArray(R"("-3.125")") << QByteArray(R"("-3.125")");
        QTest::newRow("decimal negative zero")
            << decimal << QByteArray(R"("-0.00")") << QByteArray(R"("0.00")");
        QTest::newRow("decimal json") << decimal << QByteArray("2.5") << QByteArray(R"("2.5")");
        QTest::newRow("decimal exponent") << decimal << QByteArray(R"("1e5")") << QByteArray();
        QTest::newRow("decimal two points") << decimal << QByteArray(R"("1.2.3")") << QByteArray();
        QTest::newRow("date iso") << date << QByteArray(R"("2026-12-04")") << QByteArray(R"("2026-12-04")");
        QTest::newRow("date bulgarian")
            << date << QByteArray(R"("04.12.2026")") << QByteArray(R"("2026-12-04")");
        QTest::newRow("date impossible") << date << QByteArray(R"("2026-02-30")") << QByteArray();
        QTest::newRow("date free text") << date << QByteArray(R"("вчера")") << QByteArray();
        QTest::newRow("boolean да") << boolean << QByteArray(R"("да")") << QByteArray("true");
        QTest::newRow("boolean json") << boolean << QByteArray("false") << QByteArray("false");
        QTest::newRow("boolean maybe") << boolean << QByteArray(R"("може би")") << QByteArray();
        QTest::newRow("egn valid") << egn << QByteArray(R"("7501010010")") << QByteArray(R"("7501010010")");
        QTest::newRow("egn checksum") << egn << QByteArray(R"("7501010011")") << QByteArray();
        QTest::newRow("egn date") << egn << QByteArray(R"("7513010010")") << QByteArray();
        QTest::newRow("egn short") << egn << QByteArray(R"("750101")") << QByteArray();
        QTest::newRow("egn number") << egn << QByteArray("7501010010") << QByteArray();
        QTest::newRow("eik valid") << eik << QByteArray(R"("000695089")") << QByteArray(R"("000695089")");
        QTest::newRow("eik checksum") << eik << QByteArray(R"("000695088")") << QByteArray();
        QTest::newRow("eik letters") << eik << QByteArray(R"("BG000695089")") << QByteArray();
        QTest::newRow("enum member") << enumeration << QByteArray(R"("Б")") << QByteArray(R"("Б")");
        QTest::newRow("enum other") << enumeration << QByteArray(R"("Г")") << QByteArray();
        QTest::newRow("enum case") << enumeration << QByteArray(R"("б")") << QByteArray();
        QTest::newRow("null") << text << QByteArray("null") << QByteArray("null");
    }

    void normalise()
    {
        QFETCH(int, type);
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const MunicipalRegisterField subject = field(MunicipalFieldType(type));
        const auto result = subject.normalise(parse(input));
        if (expected.isEmpty()) {
            QVERIFY(!result.ok());
            QCOMPARE(result.error().code, ErrorCode::InvalidInput);
            QVERIFY2(result.error().message.startsWith(subject.label), qPrintable(result.error().message));
            QVERIFY2(result.error().detail.contains(QStringLiteral("field '%1'").arg(subject.name)),
                     qPrintable(result.error().detail));
            // An ЕГН never appears in an error, neither the message nor the detail.
            QVERIFY(!result.error().toString().contains(QStringLiteral("750101")));
        } else {
            QVERIFY2(result.ok(), qPrintable(result.error().toString()));
            QCOMPARE(*result, parse(expected));
        }
    }

    void definitionFromJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("valid");
        QTest::newRow("text") << QByteArray(R"({"name":"a","label":"A","type":"text"})") << true;
        QTest::newRow("enum") << QByteArray(R"({"name":"a","label":"A","type":"enum","values":["x","y"]})")
                              << true;
        QTest::newRow("unknown type") << QByteArray(R"({"name":"a","label":"A","type":"blob"})") << false;
        QTest::newRow("type missing") << QByteArray(R"({"name":"a","label":"A"})") << false;
        QTest::newRow("type not text") << QByteArray(R"({"name":"a","label":"A","type":3})") << false;
        QTest::newRow("unknown key") << QByteArray(R"({"name":"a","label":"A","type":"text","x":1})")
                                     << false;
        QTest::newRow("upper-case name")
            << QByteArray(R"({"name":"Name","label":"A","type":"text"})") << false;
        QTest::newRow("cyrillic name") << QByteArray(R"({"name":"име","label":"A","type":"text"})") << false;
        QTest::newRow("name with dot") << QByteArray(R"({"name":"a.b","label":"A","type":"text"})") << false;
        QTest::newRow("reserved name")
            << QByteArray(R"({"name":"number","label":"A","type":"text"})") << false;
        QTest::newRow("no label") << QByteArray(R"({"name":"a","label":" ","type":"text"})") << false;
        QTest::newRow("enum empty") << QByteArray(R"({"name":"a","label":"A","type":"enum","values":[]})")
                                    << false;
        QTest::newRow("enum duplicate")
            << QByteArray(R"({"name":"a","label":"A","type":"enum","values":["x","x"]})") << false;
        QTest::newRow("values on text")
            << QByteArray(R"({"name":"a","label":"A","type":"text","values":["x"]})") << false;
        QTest::newRow("public egn") << QByteArray(R"({"name":"a","label":"A","type":"egn","public":true})")
                                    << false;
        QTest::newRow("required not bool")
            << QByteArray(R"({"name":"a","label":"A","type":"text","required":"yes"})") << false;
    }

    void definitionFromJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, valid);
        const auto result = MunicipalRegisterField::fromJson(QJsonDocument::fromJson(json).object());
        QCOMPARE(result.ok(), valid);
        if (valid)
            QCOMPARE(MunicipalRegisterField::fromJson(result->toJson())->toJson(), result->toJson());
        else
            QCOMPARE(result.error().code, ErrorCode::InvalidInput);
    }

    void egnIsPrivateByDefault()
    {
        const auto egn = MunicipalRegisterField::fromJson(
            QJsonDocument::fromJson(R"({"name":"egn","label":"ЕГН","type":"egn"})").object());
        QVERIFY(egn.ok());
        QVERIFY(!egn->isPublic);
        QVERIFY(!egn->isExported());
    }
};

QTEST_GUILESS_MAIN(tst_MunicipalRegisterField)
#include "tst_MunicipalRegisterField.moc"
