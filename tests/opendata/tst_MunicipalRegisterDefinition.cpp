// SPDX-License-Identifier: GPL-3.0-or-later
#include "registers/MunicipalRegisterDefinition.h"

#include <QJsonDocument>
#include <QTest>

using namespace dms;

class tst_MunicipalRegisterDefinition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("valid");
        const QByteArray field = R"({"name":"a","label":"A","type":"text"})";
        QTest::newRow("minimal") << QByteArray(R"({"code":"shops","title":"Обекти","fields":[)" + field
                                               + "]}")
                                 << true;
        QTest::newRow("no fields") << QByteArray(R"({"code":"shops","title":"Обекти","fields":[]})") << false;
        QTest::newRow("fields missing") << QByteArray(R"({"code":"shops","title":"Обекти"})") << false;
        QTest::newRow("duplicate field")
            << QByteArray(R"({"code":"shops","title":"Обекти","fields":[)" + field + "," + field + "]}")
            << false;
        QTest::newRow("no title") << QByteArray(R"({"code":"shops","title":"","fields":[)" + field + "]}")
                                  << false;
        QTest::newRow("cyrillic code")
            << QByteArray(R"({"code":"обекти","title":"Обекти","fields":[)" + field + "]}") << false;
        QTest::newRow("traversal code")
            << QByteArray(R"({"code":"../etc","title":"Обекти","fields":[)" + field + "]}") << false;
        QTest::newRow("slash code") << QByteArray(R"({"code":"a/b","title":"Обекти","fields":[)" + field
                                                  + "]}")
                                    << false;
        QTest::newRow("dot code") << QByteArray(R"({"code":"a.csv","title":"Обекти","fields":[)" + field
                                                + "]}")
                                  << false;
        QTest::newRow("upper code") << QByteArray(R"({"code":"Shops","title":"Обекти","fields":[)" + field
                                                  + "]}")
                                    << false;
        QTest::newRow("licence not url")
            << QByteArray(R"({"code":"shops","title":"Обекти","license":"CC-BY","fields":[)" + field + "]}")
            << false;
        QTest::newRow("unknown property")
            << QByteArray(R"({"code":"shops","title":"Обекти","owner":"x","fields":[)" + field + "]}")
            << false;
        QTest::newRow("unknown field type") << QByteArray(
            R"({"code":"shops","title":"Обекти","fields":[{"name":"a","label":"A","type":"money"}]})")
                                            << false;
        QTest::newRow("field not object")
            << QByteArray(R"({"code":"shops","title":"Обекти","fields":["a"]})") << false;
        QTest::newRow("published not bool")
            << QByteArray(R"({"code":"shops","title":"Обекти","published":1,"fields":[)" + field + "]}")
            << false;
    }

    void fromJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, valid);
        const auto definition = MunicipalRegisterDefinition::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY2(definition.ok() == valid, qPrintable(definition.error().toString()));
        if (valid) {
            QCOMPARE(definition->license, MunicipalRegisterDefinition::defaultLicense());
            QVERIFY(definition->published);
            const auto again = MunicipalRegisterDefinition::fromJson(definition->toJson());
            QVERIFY(again.ok());
            QCOMPARE(again->toJson(), definition->toJson());
        } else {
            QCOMPARE(definition.error().code, ErrorCode::InvalidInput);
        }
    }

    void exportedFieldsLeaveOutPersonalAndInternal()
    {
        const auto definition = MunicipalRegisterDefinition::fromJson(QJsonDocument::fromJson(R"({
            "code": "shops", "title": "Обекти", "fields": [
                {"name": "name", "label": "Име", "type": "text"},
                {"name": "owner_egn", "label": "ЕГН", "type": "egn"},
                {"name": "note", "label": "Бележка", "type": "text", "public": false},
                {"name": "eik", "label": "ЕИК", "type": "eik"}]})")
                                                                          .object());
        QVERIFY2(definition.ok(), qPrintable(definition.error().toString()));
        QStringList names;
        for (const auto &field : definition->exportedFields())
            names << field.name;
        QCOMPARE(names, (QStringList {QStringLiteral("name"), QStringLiteral("eik")}));
    }
};

QTEST_GUILESS_MAIN(tst_MunicipalRegisterDefinition)
#include "tst_MunicipalRegisterDefinition.moc"
