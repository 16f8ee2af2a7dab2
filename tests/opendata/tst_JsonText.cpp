// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace dms;

class tst_JsonText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void string_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QStringLiteral("abc") << QByteArray("\"abc\"");
        QTest::newRow("empty") << QString() << QByteArray("\"\"");
        QTest::newRow("quote") << QStringLiteral("a\"b") << QByteArray("\"a\\\"b\"");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QByteArray("\"a\\\\b\"");
        QTest::newRow("newlines") << QStringLiteral("a\r\nb\tc") << QByteArray("\"a\\r\\nb\\tc\"");
        QTest::newRow("controls") << QString(QChar(0)) + QStringLiteral("\x01\x1f")
                                  << QByteArray("\"\\u0000\\u0001\\u001f\"");
        QTest::newRow("del and slash kept") << QStringLiteral("\x7f/") << QByteArray("\"\x7f/\"");
        QTest::newRow("cyrillic") << QStringLiteral("„Шипка“, ул.")
                                  << QStringLiteral("\"„Шипка“, ул.\"").toUtf8();
        QTest::newRow("beyond BMP") << QStringLiteral("😀") << QByteArray("\"\xf0\x9f\x98\x80\"");
    }

    void string()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, expected);
        QCOMPARE(JsonText::string(text), expected);
        QByteArray fromUtf8 = "x";
        JsonText::appendUtf8String(fromUtf8, text.toUtf8());
        QCOMPARE(fromUtf8, "x" + expected);
        // And any JSON reader gets the text back.
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson("[" + expected + "]", &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(document.array().at(0).toString(), text);
    }
};

QTEST_GUILESS_MAIN(tst_JsonText)
#include "tst_JsonText.moc"
