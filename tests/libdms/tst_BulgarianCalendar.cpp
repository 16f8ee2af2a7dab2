// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/BulgarianCalendar.h"

#include <QTest>

using namespace dms;

namespace {

QDate day(const char *iso)
{
    return QDate::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

} // namespace

class tst_BulgarianCalendar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void orthodoxEaster_data()
    {
        QTest::addColumn<int>("year");
        QTest::addColumn<QDate>("easter");
        QTest::newRow("2000") << 2000 << day("2000-04-30");
        QTest::newRow("2010") << 2010 << day("2010-04-04");
        QTest::newRow("2019") << 2019 << day("2019-04-28");
        QTest::newRow("2020") << 2020 << day("2020-04-19");
        QTest::newRow("2021") << 2021 << day("2021-05-02");
        QTest::newRow("2022") << 2022 << day("2022-04-24");
        QTest::newRow("2023") << 2023 << day("2023-04-16");
        QTest::newRow("2024") << 2024 << day("2024-05-05");
        QTest::newRow("2025") << 2025 << day("2025-04-20");
        QTest::newRow("2026") << 2026 << day("2026-04-12");
    }

    void orthodoxEaster()
    {
        QFETCH(int, year);
        QFETCH(QDate, easter);
        QCOMPARE(BulgarianCalendar::orthodoxEaster(year), easter);
    }

    void easterIsASundayBetweenAprilFourthAndMayEighth()
    {
        for (int year = 1900; year <= 2099; ++year) {
            const QDate easter = BulgarianCalendar::orthodoxEaster(year);
            QVERIFY2(easter.isValid(), qPrintable(QString::number(year)));
            QCOMPARE(easter.dayOfWeek(), int(Qt::Sunday));
            QVERIFY2(easter >= QDate(year, 4, 4) && easter <= QDate(year, 5, 8),
                     qPrintable(QString::number(year)));
        }
        QVERIFY(!BulgarianCalendar::orthodoxEaster(0).isValid());
    }

    void statutoryHolidays_data()
    {
        QTest::addColumn<int>("year");
        QTest::addColumn<QStringList>("expected"); // "date" or "date*" for a day off in lieu
        QTest::newRow("2021") << 2021
                              << QStringList {QStringLiteral("2021-01-01"), QStringLiteral("2021-03-03"),
                                              QStringLiteral("2021-04-30"), QStringLiteral("2021-05-01"),
                                              QStringLiteral("2021-05-01"), QStringLiteral("2021-05-02"),
                                              QStringLiteral("2021-05-03"), QStringLiteral("2021-05-04*"),
                                              QStringLiteral("2021-05-06"), QStringLiteral("2021-05-24"),
                                              QStringLiteral("2021-09-06"), QStringLiteral("2021-09-22"),
                                              QStringLiteral("2021-12-24"), QStringLiteral("2021-12-25"),
                                              QStringLiteral("2021-12-26"), QStringLiteral("2021-12-27*"),
                                              QStringLiteral("2021-12-28*")};
        QTest::newRow("2022") << 2022
                              << QStringList {QStringLiteral("2022-01-01"),  QStringLiteral("2022-01-03*"),
                                              QStringLiteral("2022-03-03"),  QStringLiteral("2022-04-22"),
                                              QStringLiteral("2022-04-23"),  QStringLiteral("2022-04-24"),
                                              QStringLiteral("2022-04-25"),  QStringLiteral("2022-05-01"),
                                              QStringLiteral("2022-05-02*"), QStringLiteral("2022-05-06"),
                                              QStringLiteral("2022-05-24"),  QStringLiteral("2022-09-06"),
                                              QStringLiteral("2022-09-22"),  QStringLiteral("2022-12-24"),
                                              QStringLiteral("2022-12-25"),  QStringLiteral("2022-12-26"),
                                              QStringLiteral("2022-12-27*"), QStringLiteral("2022-12-28*")};
        QTest::newRow("2024") << 2024
                              << QStringList {QStringLiteral("2024-01-01"),  QStringLiteral("2024-03-03"),
                                              QStringLiteral("2024-03-04*"), QStringLiteral("2024-05-01"),
                                              QStringLiteral("2024-05-03"),  QStringLiteral("2024-05-04"),
                                              QStringLiteral("2024-05-05"),  QStringLiteral("2024-05-06"),
                                              QStringLiteral("2024-05-06"),  QStringLiteral("2024-05-24"),
                                              QStringLiteral("2024-09-06"),  QStringLiteral("2024-09-22"),
                                              QStringLiteral("2024-09-23*"), QStringLiteral("2024-12-24"),
                                              QStringLiteral("2024-12-25"),  QStringLiteral("2024-12-26")};
        QTest::newRow("2025") << 2025
                              << QStringList {QStringLiteral("2025-01-01"), QStringLiteral("2025-03-03"),
                                              QStringLiteral("2025-04-18"), QStringLiteral("2025-04-19"),
                                              QStringLiteral("2025-04-20"), QStringLiteral("2025-04-21"),
                                              QStringLiteral("2025-05-01"), QStringLiteral("2025-05-06"),
                                              QStringLiteral("2025-05-24"), QStringLiteral("2025-05-26*"),
                                              QStringLiteral("2025-09-06"), QStringLiteral("2025-09-08*"),
                                              QStringLiteral("2025-09-22"), QStringLiteral("2025-12-24"),
                                              QStringLiteral("2025-12-25"), QStringLiteral("2025-12-26")};
        QTest::newRow("2026") << 2026
                              << QStringList {QStringLiteral("2026-01-01"), QStringLiteral("2026-03-03"),
                                              QStringLiteral("2026-04-10"), QStringLiteral("2026-04-11"),
                                              QStringLiteral("2026-04-12"), QStringLiteral("2026-04-13"),
                                              QStringLiteral("2026-05-01"), QStringLiteral("2026-05-06"),
                                              QStringLiteral("2026-05-24"), QStringLiteral("2026-05-25*"),
                                              QStringLiteral("2026-09-06"), QStringLiteral("2026-09-07*"),
                                              QStringLiteral("2026-09-22"), QStringLiteral("2026-12-24"),
                                              QStringLiteral("2026-12-25"), QStringLiteral("2026-12-26"),
                                              QStringLiteral("2026-12-28*")};
    }

    void statutoryHolidays()
    {
        QFETCH(int, year);
        QFETCH(QStringList, expected);
        QStringList actual;
        for (const auto &holiday : BulgarianCalendar::statutoryHolidays(year)) {
            QVERIFY(!holiday.name.isEmpty());
            actual << holiday.date.toString(Qt::ISODate) + (holiday.inLieu ? QStringLiteral("*") : QString());
        }
        QCOMPARE(actual, expected);
        // Every day off other than a weekend day is one of these, and none is a working day.
        const BulgarianCalendar calendar;
        int daysOff = 0;
        for (QDate date(year, 1, 1); date.year() == year; date = date.addDays(1)) {
            const bool listed = expected.contains(date.toString(Qt::ISODate))
                || expected.contains(date.toString(Qt::ISODate) + QStringLiteral("*"));
            const bool weekend = date.dayOfWeek() >= Qt::Saturday;
            QCOMPARE(calendar.isWorkingDay(date), !listed && !weekend);
            QCOMPARE(calendar.holidayName(date).isEmpty(), !listed);
            if (!calendar.isWorkingDay(date))
                ++daysOff;
        }
        QVERIFY(daysOff > 100);
    }

    void holidayNames_data()
    {
        QTest::addColumn<QDate>("date");
        QTest::addColumn<bool>("working");
        QTest::addColumn<QString>("name");
        QTest::newRow("new year 2025") << day("2025-01-01") << false << QStringLiteral("New Year's Day");
        QTest::newRow("liberation 2025") << day("2025-03-03") << false << QStringLiteral("Liberation Day");
        QTest::newRow("liberation 2024 sunday")
            << day("2024-03-03") << false << QStringLiteral("Liberation Day");
        QTest::newRow("in lieu of liberation 2024")
            << day("2024-03-04") << false << QStringLiteral("Day off in lieu of Liberation Day");
        QTest::newRow("labour day 2026") << day("2026-05-01") << false << QStringLiteral("Labour Day");
        QTest::newRow("st george 2025")
            << day("2025-05-06") << false << QStringLiteral("St George's Day, Day of the Bulgarian Army");
        QTest::newRow("st george on easter monday 2024")
            << day("2024-05-06") << false
            << QStringLiteral("St George's Day, Day of the Bulgarian Army; Easter Monday");
        QTest::newRow("no day in lieu after easter monday 2024") << day("2024-05-07") << true << QString();
        QTest::newRow("24 may 2024") << day("2024-05-24") << false
                                     << QStringLiteral(
                                            "Day of Bulgarian Education and Culture and Slavonic Literature");
        QTest::newRow("in lieu of 24 may 2026")
            << day("2026-05-25") << false
            << QStringLiteral(
                   "Day off in lieu of Day of Bulgarian Education and Culture and Slavonic Literature");
        QTest::newRow("unification 2024") << day("2024-09-06") << false << QStringLiteral("Unification Day");
        QTest::newRow("in lieu of unification 2025")
            << day("2025-09-08") << false << QStringLiteral("Day off in lieu of Unification Day");
        QTest::newRow("independence 2026")
            << day("2026-09-22") << false << QStringLiteral("Independence Day");
        QTest::newRow("in lieu of independence 2024")
            << day("2024-09-23") << false << QStringLiteral("Day off in lieu of Independence Day");
        QTest::newRow("christmas eve 2025") << day("2025-12-24") << false << QStringLiteral("Christmas Eve");
        QTest::newRow("christmas 2025") << day("2025-12-25") << false << QStringLiteral("Christmas");
        QTest::newRow("second christmas day 2025")
            << day("2025-12-26") << false << QStringLiteral("Christmas");
        QTest::newRow("in lieu of christmas 2026")
            << day("2026-12-28") << false << QStringLiteral("Day off in lieu of Christmas");
        QTest::newRow("good friday 2025") << day("2025-04-18") << false << QStringLiteral("Good Friday");
        QTest::newRow("holy saturday 2026") << day("2026-04-11") << false << QStringLiteral("Holy Saturday");
        QTest::newRow("easter 2024") << day("2024-05-05") << false << QStringLiteral("Easter Sunday");
        QTest::newRow("easter monday 2026") << day("2026-04-13") << false << QStringLiteral("Easter Monday");
        QTest::newRow("labour day on holy saturday 2021")
            << day("2021-05-01") << false << QStringLiteral("Labour Day; Holy Saturday");
        QTest::newRow("in lieu of labour day after easter monday 2021")
            << day("2021-05-04") << false << QStringLiteral("Day off in lieu of Labour Day");
        QTest::newRow("ordinary tuesday") << day("2025-03-04") << true << QString();
        QTest::newRow("ordinary saturday") << day("2025-03-08") << false << QString();
        QTest::newRow("ordinary sunday") << day("2025-03-09") << false << QString();
        QTest::newRow("1 november is a working day") << day("2025-11-03") << true << QString();
    }

    void holidayNames()
    {
        QFETCH(QDate, date);
        QFETCH(bool, working);
        QFETCH(QString, name);
        const BulgarianCalendar calendar;
        QCOMPARE(calendar.isWorkingDay(date), working);
        QCOMPARE(calendar.holidayName(date), name);
    }

    void christmas2021ShiftsToMondayAndTuesday()
    {
        const BulgarianCalendar calendar;
        // Fri 24 (holiday), Sat 25 and Sun 26 (holidays on a weekend) → Mon 27 and Tue 28 off.
        QCOMPARE(calendar.holidayName(day("2021-12-27")), QStringLiteral("Day off in lieu of Christmas"));
        QCOMPARE(calendar.holidayName(day("2021-12-28")), QStringLiteral("Day off in lieu of Christmas"));
        QVERIFY(!calendar.isWorkingDay(day("2021-12-27")));
        QVERIFY(!calendar.isWorkingDay(day("2021-12-28")));
        QVERIFY(calendar.isWorkingDay(day("2021-12-29")));
        // 24 Dec on a Friday gives nothing: only Saturday and Sunday shift.
        QVERIFY(calendar.isWorkingDay(day("2021-12-23")));
    }

    void addWorkingDays_data()
    {
        QTest::addColumn<QDate>("start");
        QTest::addColumn<int>("n");
        QTest::addColumn<QDate>("expected");
        QTest::newRow("zero") << day("2025-04-18") << 0 << day("2025-04-18");
        QTest::newRow("plain week") << day("2025-03-04") << 3 << day("2025-03-07");
        QTest::newRow("over a weekend") << day("2025-03-07") << 1 << day("2025-03-10");
        QTest::newRow("over easter 2025") << day("2025-04-17") << 1 << day("2025-04-22");
        QTest::newRow("over easter 2025, two") << day("2025-04-17") << 2 << day("2025-04-23");
        QTest::newRow("from holy saturday") << day("2025-04-19") << 1 << day("2025-04-22");
        QTest::newRow("over easter and 1 may 2024") << day("2024-04-30") << 1 << day("2024-05-02");
        QTest::newRow("over easter and st george 2024") << day("2024-04-30") << 2 << day("2024-05-07");
        QTest::newRow("over easter and lieu day 2021") << day("2021-04-29") << 1 << day("2021-05-05");
        QTest::newRow("over easter, lieu day and st george 2021")
            << day("2021-04-29") << 2 << day("2021-05-07");
        QTest::newRow("over christmas 2021") << day("2021-12-23") << 1 << day("2021-12-29");
        QTest::newRow("into the new year 2022") << day("2021-12-23") << 3 << day("2021-12-31");
        QTest::newRow("over new year 2022 and its lieu day") << day("2021-12-23") << 4 << day("2022-01-04");
        QTest::newRow("from christmas") << day("2021-12-25") << 1 << day("2021-12-29");
        QTest::newRow("over christmas 2026") << day("2026-12-23") << 1 << day("2026-12-29");
        QTest::newRow("backwards over christmas") << day("2021-12-29") << -1 << day("2021-12-23");
        QTest::newRow("backwards over easter") << day("2025-04-22") << -2 << day("2025-04-16");
        QTest::newRow("a long run") << day("2024-12-31") << 249 << day("2025-12-31");
    }

    void addWorkingDays()
    {
        QFETCH(QDate, start);
        QFETCH(int, n);
        QFETCH(QDate, expected);
        const BulgarianCalendar calendar;
        const QDate result = calendar.addWorkingDays(start, n);
        QCOMPARE(result, expected);
        if (n != 0)
            QVERIFY(calendar.isWorkingDay(result));
        QCOMPARE(calendar.workingDaysBetween(start, result), n);
    }

    void workingDaysBetween_data()
    {
        QTest::addColumn<QDate>("a");
        QTest::addColumn<QDate>("b");
        QTest::addColumn<int>("expected");
        QTest::newRow("same day") << day("2025-03-04") << day("2025-03-04") << 0;
        QTest::newRow("next day") << day("2025-03-04") << day("2025-03-05") << 1;
        QTest::newRow("holiday end does not count") << day("2025-04-17") << day("2025-04-21") << 0;
        QTest::newRow("reversed") << day("2021-12-29") << day("2021-12-23") << -1;
        QTest::newRow("year 2024") << day("2023-12-31") << day("2024-12-31") << 251;
        QTest::newRow("year 2025") << day("2024-12-31") << day("2025-12-31") << 249;
        QTest::newRow("year 2026") << day("2025-12-31") << day("2026-12-31") << 249;
        QTest::newRow("invalid") << QDate() << day("2025-12-31") << 0;
    }

    void workingDaysBetween()
    {
        QFETCH(QDate, a);
        QFETCH(QDate, b);
        QFETCH(int, expected);
        QCOMPARE(BulgarianCalendar().workingDaysBetween(a, b), expected);
    }

    void deadlineFromCalendarDays_data()
    {
        QTest::addColumn<QDate>("start");
        QTest::addColumn<int>("n");
        QTest::addColumn<QDate>("expected");
        QTest::newRow("ends on a working day") << day("2025-03-04") << 7 << day("2025-03-11");
        QTest::newRow("ends on a saturday") << day("2025-03-01") << 7 << day("2025-03-10");
        QTest::newRow("ends on christmas 2021") << day("2021-12-11") << 14 << day("2021-12-29");
        QTest::newRow("ends on good friday 2025") << day("2025-04-04") << 14 << day("2025-04-22");
        QTest::newRow("ends on a lieu day") << day("2025-05-12") << 14 << day("2025-05-27");
        QTest::newRow("counts holidays inside") << day("2025-04-17") << 7 << day("2025-04-24");
        QTest::newRow("a month") << day("2025-01-31") << 30 << day("2025-03-04");
    }

    void deadlineFromCalendarDays()
    {
        QFETCH(QDate, start);
        QFETCH(int, n);
        QFETCH(QDate, expected);
        QCOMPARE(BulgarianCalendar().deadlineFromCalendarDays(start, n), expected);
    }

    void overridesApplyOnTop()
    {
        BulgarianCalendar calendar;
        // A bridge day off by decision, worked off on a Saturday.
        calendar.setOverride(day("2024-05-02"), false, QStringLiteral("РМС № 123/2024"));
        calendar.setOverride(day("2024-05-18"), true, QStringLiteral("отработване"));
        QVERIFY(!calendar.isWorkingDay(day("2024-05-02")));
        QCOMPARE(calendar.holidayName(day("2024-05-02")), QStringLiteral("РМС № 123/2024"));
        QVERIFY(calendar.isWorkingDay(day("2024-05-18")));
        QCOMPARE(calendar.holidayName(day("2024-05-18")), QString());
        QCOMPARE(calendar.addWorkingDays(day("2024-04-30"), 1), day("2024-05-07"));
        QCOMPARE(calendar.addWorkingDays(day("2024-05-17"), 1), day("2024-05-18"));
        QCOMPARE(calendar.deadlineFromCalendarDays(day("2024-05-11"), 7), day("2024-05-18"));
        QCOMPARE(calendar.workingDaysBetween(day("2024-05-16"), day("2024-05-20")), 3);
        QCOMPARE(calendar.overrides().size(), 2);

        // A holiday made a working day keeps its name; its day in lieu does not move.
        calendar.setOverride(day("2025-05-26"), true);
        QVERIFY(calendar.isWorkingDay(day("2025-05-26")));
        QCOMPARE(calendar.holidayName(day("2025-05-26")),
                 QStringLiteral(
                     "Day off in lieu of Day of Bulgarian Education and Culture and Slavonic Literature"));
        QVERIFY(calendar.isWorkingDay(day("2025-05-27")));

        // An override without a note still has a name.
        calendar.setOverride(day("2025-03-04"), false);
        QCOMPARE(calendar.holidayName(day("2025-03-04")), QStringLiteral("Non-working day"));

        calendar.removeOverride(day("2024-05-02"));
        QVERIFY(calendar.isWorkingDay(day("2024-05-02")));
        QCOMPARE(calendar.holidayName(day("2024-05-02")), QString());

        // Replacing an override.
        calendar.setOverride(day("2024-05-18"), false);
        QVERIFY(!calendar.isWorkingDay(day("2024-05-18")));

        // Invalid dates are ignored.
        calendar.setOverride(QDate(), false);
        QCOMPARE(calendar.overrides().size(), 3);
    }

    void constructsFromAMap()
    {
        const BulgarianCalendar calendar(
            QMap<QDate, bool> {{day("2023-12-29"), false}, {day("2023-12-16"), true}});
        QVERIFY(!calendar.isWorkingDay(day("2023-12-29")));
        QVERIFY(calendar.isWorkingDay(day("2023-12-16")));
        // 24 Dec 2023 was a Sunday: Wed 27 is its day in lieu; Fri 29 is off by override.
        QCOMPARE(calendar.addWorkingDays(day("2023-12-22"), 1), day("2023-12-28"));
        QCOMPARE(calendar.addWorkingDays(day("2023-12-22"), 2), day("2024-01-02"));
        const BulgarianCalendar statutory;
        QVERIFY(!statutory.isWorkingDay(day("2023-12-27")));
        QVERIFY(statutory.isWorkingDay(day("2023-12-29")));
        QVERIFY(!statutory.isWorkingDay(day("2023-12-16")));
    }

    void invalidDates()
    {
        const BulgarianCalendar calendar;
        QVERIFY(!calendar.isWorkingDay(QDate()));
        QVERIFY(calendar.holidayName(QDate()).isEmpty());
        QVERIFY(!calendar.addWorkingDays(QDate(), 1).isValid());
        QVERIFY(!calendar.deadlineFromCalendarDays(QDate(), 14).isValid());
        QVERIFY(!calendar.nextWorkingDay(QDate()).isValid());
        QVERIFY(!QDate(2025, 2, 30).isValid());
        QVERIFY(!calendar.isWorkingDay(QDate(2025, 2, 30)));
    }

    void nextWorkingDay()
    {
        const BulgarianCalendar calendar;
        QCOMPARE(calendar.nextWorkingDay(day("2025-03-04")), day("2025-03-04"));
        QCOMPARE(calendar.nextWorkingDay(day("2021-12-24")), day("2021-12-29"));
        QCOMPARE(calendar.nextWorkingDay(day("2021-12-31")), day("2021-12-31"));
        QCOMPARE(calendar.nextWorkingDay(day("2022-01-01")), day("2022-01-04"));
    }
};

QTEST_GUILESS_MAIN(tst_BulgarianCalendar)
#include "tst_BulgarianCalendar.moc"
