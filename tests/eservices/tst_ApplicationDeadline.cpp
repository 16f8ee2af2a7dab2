// SPDX-License-Identifier: GPL-3.0-or-later
// Deadlines of e-service applications in working days: holidays, days off in
// lieu, overrides, and stopping while the office waits for the applicant.
#include "domain/BulgarianCalendar.h"
#include "eservices/ApplicationDeadline.h"

#include <QTest>

using namespace dms;

class tst_ApplicationDeadline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void start_data()
    {
        QTest::addColumn<QDate>("received");
        QTest::addColumn<int>("days");
        QTest::addColumn<QDate>("deadline");
        // Tue 8 Sep 2020: 22 September (Independence Day) is skipped.
        QTest::newRow("independence day") << QDate(2020, 9, 8) << 14 << QDate(2020, 9, 29);
        // Received on Friday 20 Dec 2024: 24–26 December and the weekends are skipped.
        QTest::newRow("christmas") << QDate(2024, 12, 20) << 3 << QDate(2024, 12, 30);
        // Received on a Saturday: counting starts with Monday.
        QTest::newRow("weekend receipt") << QDate(2020, 9, 12) << 1 << QDate(2020, 9, 14);
        // Easter 2021 (2 May) and 1 May on Holy Saturday: Tue 4 May is a day off in lieu,
        // 6 May St George's Day.
        QTest::newRow("easter and may") << QDate(2021, 4, 29) << 2 << QDate(2021, 5, 7);
    }
    void start()
    {
        QFETCH(QDate, received);
        QFETCH(int, days);
        QFETCH(QDate, deadline);
        QCOMPARE(ApplicationDeadline::start(BulgarianCalendar(), received, days), deadline);
    }

    void stopAndResumeCarryTheRemainingDays()
    {
        const BulgarianCalendar calendar;
        const QDate deadline = ApplicationDeadline::start(calendar, QDate(2020, 9, 8), 14);
        QCOMPARE(deadline, QDate(2020, 9, 29));
        // Stopped on Thu 17 Sep: 18, 21, 23, 24, 25, 28, 29 are left.
        const int left = ApplicationDeadline::remaining(calendar, deadline, QDate(2020, 9, 17));
        QCOMPARE(left, 7);
        // Resumed on Mon 5 Oct: 6, 7, 8, 9, 12, 13, 14.
        QCOMPARE(ApplicationDeadline::resume(calendar, QDate(2020, 10, 5), left), QDate(2020, 10, 14));
    }

    void overridesMoveTheResumedDeadline()
    {
        BulgarianCalendar calendar;
        calendar.setOverride(QDate(2020, 10, 12), false, QStringLiteral("moved day off"));
        QCOMPARE(ApplicationDeadline::resume(calendar, QDate(2020, 10, 5), 7), QDate(2020, 10, 15));
        // A working Saturday counts.
        calendar.setOverride(QDate(2020, 10, 10), true);
        QCOMPARE(ApplicationDeadline::resume(calendar, QDate(2020, 10, 5), 7), QDate(2020, 10, 14));
    }

    void passedDeadlineLeavesNothingButTheNextWorkingDay()
    {
        const BulgarianCalendar calendar;
        QCOMPARE(ApplicationDeadline::remaining(calendar, QDate(2020, 9, 29), QDate(2020, 10, 2)), 0);
        QCOMPARE(ApplicationDeadline::remaining(calendar, QDate(2020, 9, 29), QDate(2020, 9, 29)), 0);
        // Nothing left: decided on the next working day after the resumption.
        QCOMPARE(ApplicationDeadline::resume(calendar, QDate(2020, 10, 2), 0), QDate(2020, 10, 5));
    }
};

QTEST_GUILESS_MAIN(tst_ApplicationDeadline)
#include "tst_ApplicationDeadline.moc"
