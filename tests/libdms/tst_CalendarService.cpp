// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "services/CalendarService.h"
#include "storage/Sql.h"

#include <QTest>

using namespace dms;

class tst_CalendarService : public QObject
{
    Q_OBJECT

private:
    static qint64 overrideCount(TempDatabase &db)
    {
        auto conn = db.database().connection();
        auto count = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM calendar_day"));
        return count ? count->toLongLong() : -1;
    }

private Q_SLOTS:
    void setAndRemoveDays()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CalendarService service(db.context());
        auto statutory = service.calendar();
        QVERIFY(statutory.ok());
        QVERIFY(statutory->overrides().isEmpty());
        QVERIFY(statutory->isWorkingDay(QDate(2024, 5, 2)));

        QVERIFY(service.setDay(db.admin, QDate(2024, 5, 2), false, QStringLiteral("РМС № 123/2024")).ok());
        QVERIFY(service.setDay(db.admin, QDate(2024, 5, 18), true, QStringLiteral("отработване")).ok());
        auto calendar = service.calendar();
        QVERIFY2(calendar.ok(), qPrintable(calendar.error().toString()));
        QVERIFY(!calendar->isWorkingDay(QDate(2024, 5, 2)));
        QCOMPARE(calendar->holidayName(QDate(2024, 5, 2)), QStringLiteral("РМС № 123/2024"));
        QVERIFY(calendar->isWorkingDay(QDate(2024, 5, 18)));
        QCOMPARE(calendar->addWorkingDays(QDate(2024, 4, 30), 1), QDate(2024, 5, 7));

        auto days = service.days(2024);
        QVERIFY(days.ok());
        QCOMPARE(days->size(), 2);
        QCOMPARE(days->value(QDate(2024, 5, 18)).note, QStringLiteral("отработване"));
        QCOMPARE(service.days(2023)->size(), 0);
        QCOMPARE(service.days()->size(), 2);

        // Setting again replaces the entry.
        QVERIFY(service.setDay(db.admin, QDate(2024, 5, 18), false, QString()).ok());
        QCOMPARE(overrideCount(db), 2);
        QVERIFY(!service.calendar()->isWorkingDay(QDate(2024, 5, 18)));
        QCOMPARE(service.days(2024)->value(QDate(2024, 5, 18)).note, QString());

        QVERIFY(service.removeDay(db.admin, QDate(2024, 5, 2)).ok());
        QVERIFY(service.calendar()->isWorkingDay(QDate(2024, 5, 2)));
        auto missing = service.removeDay(db.admin, QDate(2024, 5, 2));
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QCOMPARE(overrideCount(db), 1);
    }

    void loadWorksInsideATransaction()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CalendarService service(db.context());
        QVERIFY(service.setDay(db.admin, QDate(2025, 12, 27), true, QString()).ok());
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        auto calendar = CalendarService::load(*conn);
        QVERIFY(calendar.ok());
        QVERIFY(calendar->isWorkingDay(QDate(2025, 12, 27)));
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QDate>("date");
        QTest::addColumn<QString>("note");
        QTest::newRow("invalid date") << QDate() << QString();
        QTest::newRow("impossible date") << QDate(2025, 2, 30) << QString();
        QTest::newRow("too early") << QDate(1899, 12, 31) << QString();
        QTest::newRow("too late") << QDate(2100, 1, 1) << QString();
        QTest::newRow("note too long") << QDate(2025, 1, 2) << QString(501, QLatin1Char('x'));
    }

    void rejectsBadInput()
    {
        QFETCH(QDate, date);
        QFETCH(QString, note);
        DMS_OPEN_TEMP_DATABASE(db);
        CalendarService service(db.context());
        auto result = service.setDay(db.admin, date, false, note);
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY(!result.error().message.isEmpty());
        QCOMPARE(service.removeDay(db.admin, date).error().code,
                 note.isEmpty() ? ErrorCode::InvalidInput : ErrorCode::NotFound);
        QCOMPARE(overrideCount(db), 0);
    }

    void permissionsAreEnforced()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CalendarService service(db.context());
        for (const Session *session : {&db.clerk, &db.official, &db.auditor}) {
            QCOMPARE(service.setDay(*session, QDate(2025, 1, 2), false, QString()).error().code,
                     ErrorCode::PermissionDenied);
        }
        QCOMPARE(service.setDay(Session {}, QDate(2025, 1, 2), false, QString()).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(overrideCount(db), 0);
        QVERIFY(service.setDay(db.admin, QDate(2025, 1, 2), false, QString()).ok());
        QCOMPARE(service.removeDay(db.clerk, QDate(2025, 1, 2)).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(overrideCount(db), 1);
    }

    void sqlMetacharactersAreStoredVerbatim()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CalendarService service(db.context());
        const QString nasty = QStringLiteral("'); DELETE FROM calendar_day; -- \"x\" %_ \\ $$ ? :n");
        QVERIFY(service.setDay(db.admin, QDate(2025, 1, 2), false, nasty).ok());
        QVERIFY(service.setDay(db.admin, QDate(2025, 1, 3), false, QStringLiteral("друг")).ok());
        QCOMPARE(overrideCount(db), 2);
        QCOMPARE(service.calendar()->holidayName(QDate(2025, 1, 2)), nasty);
    }

    void changesAreJournalled()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        CalendarService service(db.context());
        QVERIFY(service.setDay(db.admin, QDate(2025, 1, 2), false, QStringLiteral("мост")).ok());
        QVERIFY(service.setDay(db.admin, QDate(2025, 1, 2), true, QString()).ok());
        QVERIFY(service.removeDay(db.admin, QDate(2025, 1, 2)).ok());
        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("calendar_day"), QStringLiteral("2025-01-02"));
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 3);
        QCOMPARE(history->at(0).event.action, QStringLiteral("calendar.set"));
        QCOMPARE(history->at(0).event.details.value(QStringLiteral("working")).toBool(), false);
        QCOMPARE(history->at(0).event.details.value(QStringLiteral("note")).toString(),
                 QStringLiteral("мост"));
        QVERIFY(!history->at(0).event.details.contains(QStringLiteral("previousWorking")));
        QCOMPARE(history->at(1).event.details.value(QStringLiteral("previousWorking")).toBool(), false);
        QCOMPARE(history->at(2).event.action, QStringLiteral("calendar.remove"));
        QCOMPARE(history->at(2).actor, QStringLiteral("admin"));
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(tst_CalendarService)
#include "tst_CalendarService.moc"
