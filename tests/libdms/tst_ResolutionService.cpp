// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "services/CalendarService.h"
#include "services/RegistrationService.h"
#include "services/ResolutionService.h"
#include "services/UserService.h"
#include "storage/Sql.h"

#include <QTest>

using namespace dms;

class tst_ResolutionService : public QObject
{
    Q_OBJECT

private:
    static Registration registerOne(TempDatabase &db, const QString &subject = QStringLiteral("Жалба"))
    {
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Жалба");
        request.document.subject = subject;
        auto entry = registrations.registerDocument(db.clerk, request);
        if (!entry)
            qWarning("registerOne: %s", qPrintable(entry.error().toString()));
        return entry.valueOr(Registration {});
    }

    static Session addUser(TempDatabase &db, const QString &login, Role role)
    {
        UserService users(db.context());
        auto user = users.create(db.admin, login, QStringLiteral("Потребител ") + login, {role});
        if (!user)
            qWarning("addUser: %s", qPrintable(user.error().toString()));
        return users.sessionFor(login).valueOr(Session {});
    }

    static NewResolution request(const TempDatabase &db, const Registration &entry)
    {
        NewResolution resolution;
        resolution.documentId = entry.documentId;
        resolution.executorId = db.official.userId;
        resolution.instruction = QStringLiteral("Да се изготви отговор");
        return resolution;
    }

    static qint64 count(TempDatabase &db, const char *table)
    {
        auto conn = db.database().connection();
        auto result = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM ") + QLatin1String(table));
        return result ? result->toLongLong() : -1;
    }

    static QStringList ids(const QList<Resolution> &resolutions)
    {
        QStringList list;
        for (const Resolution &resolution : resolutions)
            list << resolution.id;
        return list;
    }

private Q_SLOTS:
    void assignAndComplete()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime(QDate(2025, 3, 3), QTime(8, 0), Qt::UTC));
        const Registration entry = registerOne(db);
        const Session second = addUser(db, QStringLiteral("official2"), Role::Official);
        QVERIFY(second.isValid());
        ResolutionService service(db.context());
        NewResolution draft = request(db, entry);
        draft.coExecutorIds = {second.userId, db.clerk.userId};
        draft.deadline = QDate(2025, 3, 14);
        auto assigned = service.assign(db.admin, draft);
        QVERIFY2(assigned.ok(), qPrintable(assigned.error().toString()));
        QCOMPARE(assigned->status, ResolutionStatus::Open);
        QCOMPARE(assigned->deadline, QDate(2025, 3, 14));
        QCOMPARE(assigned->documentIndex, entry.index);

        auto found = service.find(assigned->id);
        QVERIFY(found.ok());
        QCOMPARE(found->documentId, entry.documentId);
        QCOMPARE(found->documentIndex, entry.index);
        QCOMPARE(found->authorId, db.admin.userId);
        QCOMPARE(found->executorId, db.official.userId);
        QStringList coExecutors {second.userId, db.clerk.userId};
        coExecutors.sort();
        QCOMPARE(found->coExecutorIds, coExecutors);
        QCOMPARE(found->instruction, QStringLiteral("Да се изготви отговор"));
        QCOMPARE(found->createdAt, db.clock.now());
        QVERIFY(!found->completedAt.isValid());

        for (const Session *session :
             std::initializer_list<const Session *> {&db.official, &second, &db.clerk}) {
            auto tasks = service.myTasks(*session);
            QVERIFY(tasks.ok());
            QCOMPARE(ids(*tasks), QStringList {assigned->id});
            QCOMPARE(tasks->first().coExecutorIds, coExecutors);
        }
        QVERIFY(service.myTasks(db.auditor)->isEmpty());
        QCOMPARE(ids(*service.forDocument(entry.documentId)), QStringList {assigned->id});

        db.clock.advance(3600 * 1000);
        QVERIFY(service.complete(db.official, assigned->id, QStringLiteral("Изпратен отговор")).ok());
        auto done = service.find(assigned->id);
        QCOMPARE(done->status, ResolutionStatus::Done);
        QCOMPARE(done->completedAt, db.clock.now());
        QCOMPARE(done->completionNote, QStringLiteral("Изпратен отговор"));
        QVERIFY(service.myTasks(db.official)->isEmpty());
        QVERIFY(service.myTasks(second)->isEmpty());
        QCOMPARE(service.forDocument(entry.documentId)->size(), 1);
    }

    void deadlineInWorkingDays_data()
    {
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<int>("days");
        QTest::addColumn<QDate>("moved");
        QTest::addColumn<QDate>("expected");
        // Thu 17 April 2025 in Sofia; Easter is 18–21 April.
        QTest::newRow("over easter") << QDateTime(QDate(2025, 4, 17), QTime(9, 0), Qt::UTC) << 1 << QDate()
                                     << QDate(2025, 4, 22);
        QTest::newRow("three over easter")
            << QDateTime(QDate(2025, 4, 17), QTime(9, 0), Qt::UTC) << 3 << QDate() << QDate(2025, 4, 24);
        QTest::newRow("with a day off by decision") << QDateTime(QDate(2025, 4, 17), QTime(9, 0), Qt::UTC)
                                                    << 1 << QDate(2025, 4, 22) << QDate(2025, 4, 23);
        // 22:30 UTC on Thursday is already Good Friday in Sofia.
        QTest::newRow("local date decides")
            << QDateTime(QDate(2025, 4, 17), QTime(22, 30), Qt::UTC) << 2 << QDate() << QDate(2025, 4, 23);
        QTest::newRow("over christmas 2021")
            << QDateTime(QDate(2021, 12, 23), QTime(9, 0), Qt::UTC) << 1 << QDate() << QDate(2021, 12, 29);
    }

    void deadlineInWorkingDays()
    {
        QFETCH(QDateTime, now);
        QFETCH(int, days);
        QFETCH(QDate, moved);
        QFETCH(QDate, expected);
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(now);
        if (moved.isValid())
            QVERIFY(CalendarService(db.context()).setDay(db.admin, moved, false, QStringLiteral("РМС")).ok());
        const Registration entry = registerOne(db);
        ResolutionService service(db.context());
        NewResolution draft = request(db, entry);
        draft.workingDays = days;
        auto assigned = service.assign(db.official, draft);
        QVERIFY2(assigned.ok(), qPrintable(assigned.error().toString()));
        QCOMPARE(assigned->deadline, expected);
        QCOMPARE(service.find(assigned->id)->deadline, expected);
    }

    void deadlineIsCheckedAgainstTheLocalDate()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        // 22:30 UTC on 17 April is 01:30 on 18 April in Sofia.
        db.clock.set(QDateTime(QDate(2025, 4, 17), QTime(22, 30), Qt::UTC));
        const Registration entry = registerOne(db);
        ResolutionService service(db.context());
        NewResolution draft = request(db, entry);
        draft.deadline = QDate(2025, 4, 17);
        auto past = service.assign(db.official, draft);
        QCOMPARE(past.error().code, ErrorCode::InvalidInput);
        QVERIFY(!past.error().message.isEmpty());
        draft.deadline = QDate(2025, 4, 18);
        QVERIFY(service.assign(db.official, draft).ok());
        draft.deadline = QDate();
        auto none = service.assign(db.official, draft);
        QVERIFY(none.ok());
        QVERIFY(!none->deadline.isValid());
        QVERIFY(!service.find(none->id)->deadline.isValid());
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("code");
        QTest::newRow("empty instruction") << "empty instruction" << int(ErrorCode::InvalidInput);
        QTest::newRow("long instruction") << "long instruction" << int(ErrorCode::InvalidInput);
        QTest::newRow("no document") << "no document" << int(ErrorCode::InvalidInput);
        QTest::newRow("unknown document") << "unknown document" << int(ErrorCode::NotFound);
        QTest::newRow("sql document id") << "sql document" << int(ErrorCode::NotFound);
        QTest::newRow("annulled document") << "annulled document" << int(ErrorCode::InvalidState);
        QTest::newRow("no executor") << "no executor" << int(ErrorCode::InvalidInput);
        QTest::newRow("unknown executor") << "unknown executor" << int(ErrorCode::NotFound);
        QTest::newRow("inactive executor") << "inactive executor" << int(ErrorCode::InvalidInput);
        QTest::newRow("clerk as executor") << "clerk executor" << int(ErrorCode::InvalidInput);
        QTest::newRow("auditor as executor") << "auditor executor" << int(ErrorCode::InvalidInput);
        QTest::newRow("executor as co-executor") << "executor co-executor" << int(ErrorCode::InvalidInput);
        QTest::newRow("co-executor twice") << "co-executor twice" << int(ErrorCode::InvalidInput);
        QTest::newRow("empty co-executor") << "empty co-executor" << int(ErrorCode::InvalidInput);
        QTest::newRow("unknown co-executor") << "unknown co-executor" << int(ErrorCode::NotFound);
        QTest::newRow("inactive co-executor") << "inactive co-executor" << int(ErrorCode::InvalidInput);
        QTest::newRow("deadline in the past") << "past deadline" << int(ErrorCode::InvalidInput);
        QTest::newRow("date and working days") << "both deadlines" << int(ErrorCode::InvalidInput);
        QTest::newRow("zero working days") << "zero days" << int(ErrorCode::InvalidInput);
        QTest::newRow("negative working days") << "negative days" << int(ErrorCode::InvalidInput);
        QTest::newRow("too many working days") << "many days" << int(ErrorCode::InvalidInput);
        QTest::newRow("clerk assigns") << "clerk assigns" << int(ErrorCode::PermissionDenied);
        QTest::newRow("auditor assigns") << "auditor assigns" << int(ErrorCode::PermissionDenied);
        QTest::newRow("nobody assigns") << "nobody assigns" << int(ErrorCode::PermissionDenied);
    }

    void rejectsBadInput()
    {
        QFETCH(QString, what);
        QFETCH(int, code);
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime(QDate(2025, 3, 3), QTime(8, 0), Qt::UTC));
        const Registration entry = registerOne(db);
        const Session second = addUser(db, QStringLiteral("official2"), Role::Official);
        const Session gone = addUser(db, QStringLiteral("retired"), Role::Official);
        QVERIFY(UserService(db.context()).setActive(db.admin, gone.userId, false).ok());
        const QString unknown = QStringLiteral("0190a0a0-0000-7000-8000-000000000000");

        NewResolution draft = request(db, entry);
        draft.coExecutorIds = {second.userId};
        Session author = db.official;
        if (what == QLatin1String("empty instruction"))
            draft.instruction = QStringLiteral("  \n ");
        else if (what == QLatin1String("long instruction"))
            draft.instruction = QString(ResolutionService::kMaxInstructionLength + 1, QLatin1Char('x'));
        else if (what == QLatin1String("no document"))
            draft.documentId.clear();
        else if (what == QLatin1String("unknown document"))
            draft.documentId = unknown;
        else if (what == QLatin1String("sql document"))
            draft.documentId = QStringLiteral("x' OR '1'='1");
        else if (what == QLatin1String("annulled document"))
            QVERIFY(
                RegistrationService(db.context()).annul(db.admin, entry.id, QStringLiteral("грешка")).ok());
        else if (what == QLatin1String("no executor"))
            draft.executorId.clear();
        else if (what == QLatin1String("unknown executor"))
            draft.executorId = unknown;
        else if (what == QLatin1String("inactive executor"))
            draft.executorId = gone.userId;
        else if (what == QLatin1String("clerk executor"))
            draft.executorId = db.clerk.userId;
        else if (what == QLatin1String("auditor executor"))
            draft.executorId = db.auditor.userId;
        else if (what == QLatin1String("executor co-executor"))
            draft.coExecutorIds.append(db.official.userId);
        else if (what == QLatin1String("co-executor twice"))
            draft.coExecutorIds.append(second.userId);
        else if (what == QLatin1String("empty co-executor"))
            draft.coExecutorIds.append(QString());
        else if (what == QLatin1String("unknown co-executor"))
            draft.coExecutorIds.append(unknown);
        else if (what == QLatin1String("inactive co-executor"))
            draft.coExecutorIds.append(gone.userId);
        else if (what == QLatin1String("past deadline"))
            draft.deadline = QDate(2025, 3, 2);
        else if (what == QLatin1String("both deadlines")) {
            draft.deadline = QDate(2025, 3, 20);
            draft.workingDays = 5;
        } else if (what == QLatin1String("zero days"))
            draft.workingDays = 0;
        else if (what == QLatin1String("negative days"))
            draft.workingDays = -3;
        else if (what == QLatin1String("many days"))
            draft.workingDays = ResolutionService::kMaxWorkingDays + 1;
        else if (what == QLatin1String("clerk assigns"))
            author = db.clerk;
        else if (what == QLatin1String("auditor assigns"))
            author = db.auditor;
        else if (what == QLatin1String("nobody assigns"))
            author = Session {};

        ResolutionService service(db.context());
        auto result = service.assign(author, draft);
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().code), code);
        QVERIFY(!result.error().message.isEmpty());
        QCOMPARE(count(db, "resolution"), 0);
        QCOMPARE(count(db, "resolution_coexecutor"), 0);
    }

    void whoMayCompleteAndCancel()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration entry = registerOne(db);
        const Session second = addUser(db, QStringLiteral("official2"), Role::Official);
        ResolutionService service(db.context());
        NewResolution draft = request(db, entry);
        draft.coExecutorIds = {second.userId};
        auto resolution = service.assign(db.official, draft);
        QVERIFY(resolution.ok());
        const QString id = resolution->id;

        // Completing: the executor or an administrator only.
        QCOMPARE(service.complete(second, id, QString()).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.complete(db.clerk, id, QString()).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.complete(db.auditor, id, QString()).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.complete(Session {}, id, QString()).error().code, ErrorCode::PermissionDenied);
        // Cancelling: the author or an administrator only.
        draft.executorId = second.userId;
        draft.coExecutorIds.clear();
        auto others = service.assign(db.admin, draft);
        QVERIFY(others.ok());
        QCOMPARE(service.cancel(db.official, others->id, QStringLiteral("не")).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(service.cancel(second, others->id, QStringLiteral("не")).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(service.cancel(db.clerk, others->id, QStringLiteral("не")).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(service.cancel(Session {}, others->id, QStringLiteral("не")).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(service.find(id)->status, ResolutionStatus::Open);
        QCOMPARE(service.find(others->id)->status, ResolutionStatus::Open);

        QVERIFY(service.complete(db.admin, others->id, QString()).ok());
        auto byAdmin = service.find(others->id);
        QCOMPARE(byAdmin->status, ResolutionStatus::Done);
        QVERIFY(byAdmin->completionNote.isEmpty());
        QVERIFY(service.cancel(db.official, id, QStringLiteral("Оттеглено искане")).ok());
        auto cancelled = service.find(id);
        QCOMPARE(cancelled->status, ResolutionStatus::Cancelled);
        QCOMPARE(cancelled->completionNote, QStringLiteral("Оттеглено искане"));
        QVERIFY(cancelled->completedAt.isValid());

        auto third = service.assign(db.official, request(db, entry));
        QVERIFY(third.ok());
        QVERIFY(service.cancel(db.admin, third->id, QStringLiteral("Администратор")).ok());
    }

    void stateMachine()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration entry = registerOne(db);
        ResolutionService service(db.context());
        auto done = service.assign(db.official, request(db, entry));
        auto cancelled = service.assign(db.official, request(db, entry));
        QVERIFY(done.ok() && cancelled.ok());
        QVERIFY(service.complete(db.official, done->id, QString()).ok());
        QVERIFY(service.cancel(db.official, cancelled->id, QStringLiteral("причина")).ok());

        QCOMPARE(service.complete(db.official, done->id, QString()).error().code, ErrorCode::InvalidState);
        QCOMPARE(service.cancel(db.official, done->id, QStringLiteral("x")).error().code,
                 ErrorCode::InvalidState);
        QCOMPARE(service.complete(db.official, cancelled->id, QString()).error().code,
                 ErrorCode::InvalidState);
        QCOMPARE(service.cancel(db.admin, cancelled->id, QStringLiteral("x")).error().code,
                 ErrorCode::InvalidState);
        QCOMPARE(service.find(done->id)->status, ResolutionStatus::Done);
        QCOMPARE(service.find(cancelled->id)->status, ResolutionStatus::Cancelled);
        QCOMPARE(service.find(cancelled->id)->completionNote, QStringLiteral("причина"));

        auto open = service.assign(db.official, request(db, entry));
        QVERIFY(open.ok());
        QCOMPARE(service.cancel(db.official, open->id, QStringLiteral("   ")).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(service
                     .complete(db.official, open->id,
                               QString(ResolutionService::kMaxNoteLength + 1, QLatin1Char('x')))
                     .error()
                     .code,
                 ErrorCode::InvalidInput);
        QCOMPARE(service.find(open->id)->status, ResolutionStatus::Open);
        QCOMPARE(service.complete(db.official, QStringLiteral("nope"), QString()).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(service.cancel(db.admin, QStringLiteral("nope"), QStringLiteral("x")).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(service.find(QStringLiteral("nope")).error().code, ErrorCode::NotFound);
        QCOMPARE(service.forDocument(entry.documentId)->size(), 3);
    }

    void overdueAndTaskOrder()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime(QDate(2025, 3, 3), QTime(8, 0), Qt::UTC));
        const Registration entry = registerOne(db);
        ResolutionService service(db.context());
        NewResolution draft = request(db, entry);
        auto none = service.assign(db.admin, draft);
        draft.deadline = QDate(2025, 3, 10);
        auto later = service.assign(db.admin, draft);
        draft.deadline = QDate(2025, 3, 5);
        auto sooner = service.assign(db.admin, draft);
        draft.deadline = QDate(2025, 3, 4);
        auto finished = service.assign(db.admin, draft);
        QVERIFY(none.ok() && later.ok() && sooner.ok() && finished.ok());
        QVERIFY(service.complete(db.official, finished->id, QString()).ok());

        QCOMPARE(ids(*service.myTasks(db.official)), (QStringList {sooner->id, later->id, none->id}));
        QVERIFY(service.overdue(db.clerk, QDate(2025, 3, 5))->isEmpty());
        QCOMPARE(ids(*service.overdue(db.clerk, QDate(2025, 3, 6))), QStringList {sooner->id});
        QCOMPARE(ids(*service.overdue(db.auditor, QDate(2025, 3, 11))),
                 (QStringList {sooner->id, later->id}));
        QVERIFY(service.overdue(db.clerk, QDate(2025, 3, 11))->first().isOverdue(QDate(2025, 3, 11)));
        QVERIFY(service.cancel(db.admin, sooner->id, QStringLiteral("отпада")).ok());
        QCOMPARE(ids(*service.overdue(db.clerk, QDate(2025, 3, 11))), QStringList {later->id});
        QCOMPARE(service.overdue(db.clerk, QDate()).error().code, ErrorCode::InvalidInput);
        QCOMPARE(service.overdue(Session {}, QDate(2025, 3, 11)).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.myTasks(Session {}).error().code, ErrorCode::PermissionDenied);
    }

    void textIsStoredVerbatimAndJournalled()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration entry = registerOne(db);
        ResolutionService service(db.context());
        const QString nasty
            = QStringLiteral("Robert'); DROP TABLE resolution; -- \"x\" %_ \\ ; /* */ $$ ? :name");
        NewResolution draft = request(db, entry);
        draft.instruction = nasty;
        auto resolution = service.assign(db.official, draft);
        QVERIFY2(resolution.ok(), qPrintable(resolution.error().toString()));
        QVERIFY(service.complete(db.official, resolution->id, nasty).ok());
        auto stored = service.find(resolution->id);
        QCOMPARE(stored->instruction, nasty);
        QCOMPARE(stored->completionNote, nasty);
        auto cancelled = service.assign(db.official, request(db, entry));
        QVERIFY(cancelled.ok());
        QVERIFY(service.cancel(db.official, cancelled->id, nasty).ok());
        QCOMPARE(service.find(cancelled->id)->completionNote, nasty);
        QCOMPARE(count(db, "resolution"), 2);

        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("resolution"), resolution->id);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(0).event.action, QStringLiteral("resolution.assign"));
        QCOMPARE(history->at(0).actor, QStringLiteral("official"));
        QCOMPARE(history->at(0).event.details.value(QStringLiteral("executorId")).toString(),
                 db.official.userId);
        QCOMPARE(history->at(1).event.action, QStringLiteral("resolution.complete"));
        auto cancelHistory = journal.history(QStringLiteral("resolution"), cancelled->id);
        QCOMPARE(cancelHistory->size(), 2);
        QCOMPARE(cancelHistory->at(1).event.action, QStringLiteral("resolution.cancel"));
        QCOMPARE(cancelHistory->at(1).event.details.value(QStringLiteral("reason")).toString(), nasty);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(tst_ResolutionService)
#include "tst_ResolutionService.moc"
