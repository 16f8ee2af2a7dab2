// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/CsvWriter.h"
#include "opendata/JsonText.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace dms;

class tst_CsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void field_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QStringLiteral("abc") << QByteArray("abc");
        QTest::newRow("empty") << QString() << QByteArray();
        QTest::newRow("comma") << QStringLiteral("a,b") << QByteArray("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
        QTest::newRow("lf") << QStringLiteral("a\nb") << QByteArray("\"a\nb\"");
        QTest::newRow("cr") << QStringLiteral("a\rb") << QByteArray("\"a\rb\"");
        QTest::newRow("cyrillic") << QStringLiteral("Шипка") << QStringLiteral("Шипка").toUtf8();
        QTest::newRow("spaces kept") << QStringLiteral(" a ") << QByteArray(" a ");
        QTest::newRow("quote at the end") << QStringLiteral("a\"") << QByteArray("\"a\"\"\"");
        QTest::newRow("only a quote") << QStringLiteral("\"") << QByteArray("\"\"\"\"");
        QTest::newRow("crlf and comma")
            << QStringLiteral("„Шипка“,\r\nул.") << QStringLiteral("\"„Шипка“,\r\nул.\"").toUtf8();
        QTest::newRow("tab and control kept") << QStringLiteral("a\tb\x01") << QByteArray("a\tb\x01");
    }

    void field()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, expected);
        QCOMPARE(CsvWriter::field(text), expected);
        // The same bytes from UTF-8 text.
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        CsvWriter csv(buffer);
        csv.addUtf8Field(text.toUtf8());
        csv.addUtf8Field(text.toUtf8());
        csv.endRow();
        QVERIFY(csv.finish().ok());
        QCOMPARE(buffer.data(), expected + ',' + expected + "\r\n");
    }

    void rowsEndWithCrLf()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        CsvWriter csv(buffer);
        csv.addField(u"a");
        csv.addField(u"b,c");
        csv.endRow();
        csv.addField(u"");
        csv.addField(u"d");
        csv.endRow();
        QVERIFY(csv.finish().ok());
        QCOMPARE(buffer.data(), QByteArray("a,\"b,c\"\r\n,d\r\n"));
    }

    void writeFailureIsReported()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::ReadOnly)); // refuses writes
        CsvWriter csv(buffer);
        csv.addField(u"a");
        csv.endRow();
        const Status finished = csv.finish();
        QVERIFY(!finished.ok());
        QCOMPARE(finished.error().code, ErrorCode::Storage);
    }

    void jsonStringsParseBack()
    {
        const QString tricky = QStringLiteral("\"кавички\" \\ back\nnew\tline \x01 end ✓");
        const QByteArray json = "[" + JsonText::string(tricky) + "]";
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(document.array().at(0).toString(), tricky);
    }
};

QTEST_GUILESS_MAIN(tst_CsvWriter)
#include "tst_CsvWriter.moc"
