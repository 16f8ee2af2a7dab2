// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/CsvReader.h"
#include "opendata/CsvWriter.h"

#include <QBuffer>
#include <QTest>

using namespace dms;

Q_DECLARE_METATYPE(QList<QStringList>)

class tst_CsvReader : public QObject
{
    Q_OBJECT

private:
    static QList<QStringList> rows(const QList<CsvReader::Record> &records)
    {
        QList<QStringList> out;
        for (const CsvReader::Record &record : records)
            out << record.fields;
        return out;
    }

private Q_SLOTS:
    void readsRfc4180_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QList<QStringList>>("expected");
        const QStringList header {QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n")
                              << QList<QStringList> {header, {QStringLiteral("1"), QStringLiteral("2")}};
        QTest::newRow("LF, no final break")
            << QByteArray("a,b\n1,2")
            << QList<QStringList> {header, {QStringLiteral("1"), QStringLiteral("2")}};
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF"
                                           "a,b\r\n1,2\r\n")
                             << QList<QStringList> {header, {QStringLiteral("1"), QStringLiteral("2")}};
        QTest::newRow("quoted comma, quote and line breaks")
            << QByteArray("a,b\r\n\"x, \"\"y\"\"\",\"line 1\r\nline 2\nline 3\"\r\n")
            << QList<QStringList> {header,
                                   {QStringLiteral("x, \"y\""), QStringLiteral("line 1\r\nline 2\nline 3")}};
        QTest::newRow("empty fields")
            << QByteArray("a,b\r\n,\r\n\"\",x\r\n")
            << QList<QStringList> {header, {QString(), QString()}, {QString(), QStringLiteral("x")}};
        QTest::newRow("trailing comma at the end")
            << QByteArray("a,b\n1,") << QList<QStringList> {header, {QStringLiteral("1"), QString()}};
        QTest::newRow("empty lines skipped")
            << QByteArray("a,b\r\n\r\n1,2\n\n")
            << QList<QStringList> {header, {QStringLiteral("1"), QStringLiteral("2")}};
        QTest::newRow("Cyrillic") << QByteArray("име,град\nИван,София\n")
                                  << QList<QStringList> {{QStringLiteral("име"), QStringLiteral("град")},
                                                         {QStringLiteral("Иван"), QStringLiteral("София")}};
        QTest::newRow("spaces kept") << QByteArray(" a , b \n")
                                     << QList<QStringList> {{QStringLiteral(" a "), QStringLiteral(" b ")}};
        QTest::newRow("empty input") << QByteArray() << QList<QStringList> {};
        QTest::newRow("only a BOM") << QByteArray("\xEF\xBB\xBF") << QList<QStringList> {};
        QTest::newRow("ragged rows are read as they are")
            << QByteArray("a,b\n1\n1,2,3\n")
            << QList<QStringList> {header,
                                   {QStringLiteral("1")},
                                   {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}};
    }

    void readsRfc4180()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QList<QStringList>, expected);
        auto records = CsvReader::parse(csv);
        QVERIFY2(records.ok(), qPrintable(records.error().toString()));
        QCOMPARE(rows(*records), expected);
    }

    void recordsKnowTheirLine()
    {
        auto records = CsvReader::parse("a,b\r\n\"1\n2\",x\r\n\r\n3,4\r\n");
        QVERIFY(records.ok());
        QCOMPARE(records->size(), qsizetype(3));
        QCOMPARE(records->at(0).line, qsizetype(1));
        QCOMPARE(records->at(1).line, qsizetype(2));
        QCOMPARE(records->at(2).line, qsizetype(5));
    }

    void readsWhatCsvWriterWrites()
    {
        const QList<QStringList> table {{QStringLiteral("name"), QStringLiteral("note")},
                                        {QStringLiteral("a,b"), QStringLiteral("\"quoted\"\r\nnext")},
                                        {QString(), QStringLiteral("ЕГН, \"да\"")}};
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        CsvWriter writer(buffer);
        for (const QStringList &row : table) {
            for (const QString &field : row)
                writer.addField(field);
            writer.endRow();
        }
        QVERIFY(writer.finish().ok());
        auto records = CsvReader::parse(buffer.data());
        QVERIFY2(records.ok(), qPrintable(records.error().toString()));
        QCOMPARE(rows(*records), table);
    }

    void refusesMalformedInput_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("line");
        QTest::newRow("unclosed quote") << QByteArray("a,b\n\"1,2\n3,4\n") << QStringLiteral("CSV line 2");
        QTest::newRow("quote inside a field") << QByteArray("a,b\n1,x\"y\n") << QStringLiteral("CSV line 2");
        QTest::newRow("text after closing quote")
            << QByteArray("a,b\n\"1\"x,2\n") << QStringLiteral("CSV line 2");
        QTest::newRow("lone CR after closing quote")
            << QByteArray("a,b\n\"1\"\r2\n") << QStringLiteral("CSV line 2");
        QTest::newRow("Windows-1251")
            << QByteArray("a,b\n\xc8\xe2\xe0\xed,2\n") << QStringLiteral("CSV line 2");
        QTest::newRow("truncated UTF-8") << QByteArray("a,b\n1,\xd0\n") << QStringLiteral("CSV line 2");
        QTest::newRow("overlong UTF-8") << QByteArray("a,b\n1,\xc0\xaf\n") << QStringLiteral("CSV line 2");
        QTest::newRow("invalid UTF-8 in quotes")
            << QByteArray("a,b\n\"\xff\",2\n") << QStringLiteral("CSV line 2");
        QTest::newRow("UTF-16 surrogate in UTF-8")
            << QByteArray("a,b\n\xed\xa0\x80,2\n") << QStringLiteral("CSV line 2");
    }

    void refusesMalformedInput()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, line);
        auto records = CsvReader::parse(csv);
        QVERIFY(!records.ok());
        QCOMPARE(records.error().code, ErrorCode::InvalidInput);
        QVERIFY2(records.error().message.startsWith(line), qPrintable(records.error().message));
    }

    void limitsTheNumberOfRows()
    {
        QVERIFY(CsvReader::parse("a\n1\n2\n", 3).ok());
        auto tooMany = CsvReader::parse("a\n1\n2\n3\n", 3);
        QVERIFY(!tooMany.ok());
        QCOMPARE(tooMany.error().code, ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_CsvReader)
#include "tst_CsvReader.moc"
