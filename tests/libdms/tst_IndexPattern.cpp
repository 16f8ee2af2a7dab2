// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/IndexPattern.h"

#include <QTest>

using namespace dms;

class tst_IndexPattern : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatsSofiaExamples_data()
    {
        QTest::addColumn<QString>("registry");
        QTest::addColumn<int>("year");
        QTest::addColumn<QString>("code");
        QTest::addColumn<qint64>("number");
        QTest::addColumn<int>("sub");
        QTest::addColumn<QDate>("date");
        QTest::addColumn<QString>("expected");
        QTest::newRow("incoming") << "СОА" << 2020 << "ВК66" << qint64(7245) << 0 << QDate(2020, 9, 8)
                                  << "СОА20-ВК66-7245/08.09.2020";
        QTest::newRow("follow-up") << "СОА" << 2020 << "ДИ05" << qint64(2118) << 1 << QDate(2020, 9, 11)
                                   << "СОА20-ДИ05-2118/1/11.09.2020";
        QTest::newRow("early in year")
            << "СОА" << 2018 << "РД09" << qint64(57) << 0 << QDate(2018, 1, 24) << "СОА18-РД09-57/24.01.2018";
        QTest::newRow("follow-up next year") << "СОА" << 2021 << "ТД26" << qint64(2795) << 3
                                             << QDate(2022, 3, 22) << "СОА21-ТД26-2795/3/22.03.2022";
    }

    void formatsSofiaExamples()
    {
        QFETCH(QString, registry);
        QFETCH(int, year);
        QFETCH(QString, code);
        QFETCH(qint64, number);
        QFETCH(int, sub);
        QFETCH(QDate, date);
        QFETCH(QString, expected);
        auto pattern = IndexPattern::create(IndexPattern::defaultPattern());
        QVERIFY(pattern.ok());
        const IndexParts parts {registry, year, code, number, sub, date};
        QCOMPARE(pattern->format(parts), expected);
        auto parsed = pattern->parse(expected);
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, parts);
    }

    void customPatterns()
    {
        auto pattern
            = IndexPattern::create(QStringLiteral("{register}/{year}/{number:5}{/sub} от {isodate}"));
        QVERIFY2(pattern.ok(), qPrintable(pattern.error().toString()));
        const IndexParts parts {QString(), 2024, QStringLiteral("ИЗХ"), 42, 0, QDate(2024, 2, 29)};
        QCOMPARE(pattern->format(parts), QStringLiteral("ИЗХ/2024/00042 от 2024-02-29"));
        auto parsed = pattern->parse(QStringLiteral("ИЗХ/2024/00042 от 2024-02-29"));
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->number, 42);
        QCOMPARE(parsed->year, 2024);
    }

    void rejectsIncompletePatterns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::newRow("no number") << "{registry}{yy}-{register}{/sub}/{date}";
        QTest::newRow("no sub") << "{registry}{yy}-{register}-{number}/{date}";
        QTest::newRow("no register") << "{registry}{yy}-{number}{/sub}/{date}";
        QTest::newRow("no year") << "{registry}-{register}-{number}{/sub}/{date}";
        QTest::newRow("unknown placeholder") << "{registry}{yy}-{register}-{number}{/sub}/{date}{egn}";
        QTest::newRow("stray brace") << "{registry}{yy}-{register}-{number}{/sub}/{date}}";
        QTest::newRow("empty") << "";
    }

    void rejectsIncompletePatterns()
    {
        QFETCH(QString, pattern);
        auto result = IndexPattern::create(pattern);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY(!result.error().message.isEmpty());
    }

    void parseRejectsOtherText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("words") << "входящ номер";
        QTest::newRow("no date") << "СОА20-ВК66-7245";
        QTest::newRow("bad date") << "СОА20-ВК66-7245/31.02.2020";
        QTest::newRow("zero number") << "СОА20-ВК66-0/08.09.2020";
        QTest::newRow("injection") << "СОА20-ВК66-1/08.09.2020' OR '1'='1";
    }

    void parseRejectsOtherText()
    {
        QFETCH(QString, text);
        auto pattern = IndexPattern::create(IndexPattern::defaultPattern());
        QVERIFY(pattern.ok());
        QVERIFY(!pattern->parse(text).has_value());
    }
};

QTEST_GUILESS_MAIN(tst_IndexPattern)
#include "tst_IndexPattern.moc"
