// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"

#include <QTest>

using namespace dms;

class tst_RegistrationService : public QObject
{
    Q_OBJECT

private:
    static NewRegistration incoming(const QString &registerId,
                                    const QString &subject = QStringLiteral("Заявление за достъп"))
    {
        NewRegistration request;
        request.registerId = registerId;
        request.document.kind = QStringLiteral("Заявление");
        request.document.subject = subject;
        request.document.channel = Channel::Counter;
        request.document.pageCount = 2;
        return request;
    }

private Q_SLOTS:
    void registersWithSofiaIndex()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime(QDate(2020, 9, 8), QTime(7, 0), Qt::UTC)); // 10:00 in Sofia
        RegistrationService service(db.context());
        auto first = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        QCOMPARE(first->index, QStringLiteral("СОА20-ВК66-1/08.09.2020"));
        QCOMPARE(first->number, 1);
        QCOMPARE(first->year, 2020);
        auto second = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY(second.ok());
        QCOMPARE(second->index, QStringLiteral("СОА20-ВК66-2/08.09.2020"));
        auto other = service.registerDocument(db.clerk, incoming(db.secondRegisterId));
        QVERIFY(other.ok());
        QCOMPARE(other->index, QStringLiteral("СОА20-ДИ05-1/08.09.2020"));

        auto found = service.findByIndex(second->index);
        QVERIFY(found.ok());
        QCOMPARE(found->id, second->id);
        QCOMPARE(found->registeredAt, db.clock.now());
    }

    void localDateDecidesTheDayAndYear()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        // 22:30 UTC on 31 December is already 1 January in Sofia.
        db.clock.set(QDateTime(QDate(2020, 12, 31), QTime(22, 30), Qt::UTC));
        RegistrationService service(db.context());
        auto entry = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY(entry.ok());
        QCOMPARE(entry->index, QStringLiteral("СОА21-ВК66-1/01.01.2021"));
        QCOMPARE(entry->registeredOn, QDate(2021, 1, 1));
    }

    void numbersRestartEachYear()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService service(db.context());
        db.clock.set(QDateTime(QDate(2021, 6, 1), QTime(8, 0), Qt::UTC));
        for (int i = 0; i < 3; ++i)
            QVERIFY(service.registerDocument(db.clerk, incoming(db.incomingRegisterId)).ok());
        db.clock.set(QDateTime(QDate(2022, 1, 3), QTime(8, 0), Qt::UTC));
        auto entry = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY(entry.ok());
        QCOMPARE(entry->number, 1);
        QCOMPARE(entry->index, QStringLiteral("СОА22-ВК66-1/03.01.2022"));
    }

    void followUpsTakeSubNumbers()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService service(db.context());
        db.clock.set(QDateTime(QDate(2020, 9, 8), QTime(8, 0), Qt::UTC));
        auto request = incoming(db.secondRegisterId);
        request.openCase = true;
        auto base = service.registerDocument(db.clerk, request);
        QVERIFY2(base.ok(), qPrintable(base.error().toString()));
        QVERIFY(!base->caseId.isEmpty());
        db.clock.set(QDateTime(QDate(2020, 9, 11), QTime(8, 0), Qt::UTC));
        NewRegistration follow = incoming(QString(), QStringLiteral("Допълнение"));
        follow.caseId = base->caseId;
        auto first = service.registerDocument(db.clerk, follow);
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        QCOMPARE(first->index, QStringLiteral("СОА20-ДИ05-1/1/11.09.2020"));
        QCOMPARE(first->baseRegistrationId, base->id);
        QCOMPARE(first->caseId, base->caseId);
        auto second = service.registerDocument(db.clerk, follow);
        QVERIFY(second.ok());
        QCOMPARE(second->index, QStringLiteral("СОА20-ДИ05-1/2/11.09.2020"));
        // The main counter is untouched by follow-ups.
        auto next = service.registerDocument(db.clerk, incoming(db.secondRegisterId));
        QVERIFY(next.ok());
        QCOMPARE(next->number, 2);
    }

    void annulOnceWithReason()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService service(db.context());
        auto entry = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY(entry.ok());
        QCOMPARE(service.annul(db.admin, entry->id, QString()).error().code, ErrorCode::InvalidInput);
        QCOMPARE(service.annul(db.clerk, entry->id, QStringLiteral("грешка")).error().code,
                 ErrorCode::PermissionDenied);
        QVERIFY(service.annul(db.admin, entry->id, QStringLiteral("Регистриран два пъти")).ok());
        auto again = service.annul(db.admin, entry->id, QStringLiteral("отново"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::InvalidState);
        QCOMPARE(service.annul(db.admin, QStringLiteral("nope"), QStringLiteral("x")).error().code,
                 ErrorCode::NotFound);
        auto annulled = service.find(entry->id);
        QVERIFY(annulled.ok());
        QCOMPARE(annulled->status, RegistrationStatus::Annulled);
        QCOMPARE(annulled->annulReason, QStringLiteral("Регистриран два пъти"));
        QCOMPARE(annulled->annulledBy, db.admin.userId);
        // The number stays taken.
        auto next = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY(next.ok());
        QCOMPARE(next->number, 2);
    }

    void registrationsCannotBeRewritten()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService service(db.context());
        auto entry = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY(entry.ok());
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        QVERIFY(
            !Sql::exec(*conn, QStringLiteral("UPDATE registration SET number = 99 WHERE id = ?"), {entry->id})
                 .ok());
        QVERIFY(!Sql::exec(*conn, QStringLiteral("DELETE FROM registration WHERE id = ?"), {entry->id}).ok());
        QVERIFY(!Sql::exec(*conn, QStringLiteral("DELETE FROM audit_journal")).ok());
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("code");
        QTest::newRow("empty subject") << "subject"
                                       << "   " << int(ErrorCode::InvalidInput);
        QTest::newRow("long subject")
            << "subject" << QString(1001, QLatin1Char('x')) << int(ErrorCode::InvalidInput);
        QTest::newRow("empty kind") << "kind"
                                    << "" << int(ErrorCode::InvalidInput);
        QTest::newRow("negative pages") << "pages"
                                        << "-1" << int(ErrorCode::InvalidInput);
        QTest::newRow("unknown correspondent")
            << "correspondent"
            << "0190a0a0-0000-7000-8000-000000000000" << int(ErrorCode::NotFound);
        QTest::newRow("malformed correspondent") << "correspondent"
                                                 << "'; DROP TABLE document; --" << int(ErrorCode::NotFound);
        QTest::newRow("unknown register") << "register"
                                          << "no-such-register" << int(ErrorCode::NotFound);
        QTest::newRow("no register") << "register"
                                     << "" << int(ErrorCode::InvalidInput);
        QTest::newRow("unknown case") << "case"
                                      << "0190a0a0-0000-7000-8000-000000000000" << int(ErrorCode::NotFound);
    }

    void rejectsBadInput()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(int, code);
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService service(db.context());
        NewRegistration request = incoming(db.incomingRegisterId);
        if (field == QLatin1String("subject"))
            request.document.subject = value;
        else if (field == QLatin1String("kind"))
            request.document.kind = value;
        else if (field == QLatin1String("pages"))
            request.document.pageCount = value.toInt();
        else if (field == QLatin1String("correspondent"))
            request.document.correspondentId = value;
        else if (field == QLatin1String("register"))
            request.registerId = value;
        else if (field == QLatin1String("case")) {
            request.registerId.clear();
            request.caseId = value;
        }
        auto result = service.registerDocument(db.clerk, request);
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().code), code);
        QVERIFY(!result.error().message.isEmpty());
        // Nothing was issued: the next registration is number 1.
        auto next = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY(next.ok());
        QCOMPARE(next->number, 1);
    }

    void sqlMetacharactersAreStoredVerbatim()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService service(db.context());
        const QString nasty
            = QStringLiteral("Robert'); DROP TABLE registration; -- \"x\" %_ \\ ; /* */ $$ ? :name");
        auto request = incoming(db.incomingRegisterId, nasty);
        request.document.kind = nasty.left(100);
        request.document.fullText = nasty;
        auto entry = service.registerDocument(db.clerk, request);
        QVERIFY2(entry.ok(), qPrintable(entry.error().toString()));
        auto conn = db.database().connection();
        auto subject = Sql::scalar(*conn, QStringLiteral("SELECT subject FROM document WHERE id = ?"),
                                   {entry->documentId});
        QVERIFY(subject.ok());
        QCOMPARE(subject->toString(), nasty);
        QVERIFY(service.findByIndex(QStringLiteral("' OR 1=1 --")).error().code == ErrorCode::NotFound);
    }

    void permissionsAreEnforced()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService service(db.context());
        QCOMPARE(service.registerDocument(db.auditor, incoming(db.incomingRegisterId)).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(service.registerDocument(db.official, incoming(db.incomingRegisterId)).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(service.registerDocument(Session {}, incoming(db.incomingRegisterId)).error().code,
                 ErrorCode::PermissionDenied);
        QVERIFY(service.registerDocument(db.admin, incoming(db.incomingRegisterId)).ok());
    }

    void everyRegistrationIsJournalled()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService service(db.context());
        auto entry = service.registerDocument(db.clerk, incoming(db.incomingRegisterId));
        QVERIFY(entry.ok());
        QVERIFY(service.annul(db.admin, entry->id, QStringLiteral("грешка")).ok());
        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("registration"), entry->id);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(0).event.action, QStringLiteral("registration.create"));
        QCOMPARE(history->at(0).actor, QStringLiteral("clerk"));
        QCOMPARE(history->at(1).event.action, QStringLiteral("registration.annul"));
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(tst_RegistrationService)
#include "tst_RegistrationService.moc"
