// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "services/CaseService.h"
#include "services/RegistrationService.h"
#include "services/ResolutionService.h"
#include "storage/Sql.h"

#include <QTest>

using namespace dms;

class tst_CaseService : public QObject
{
    Q_OBJECT

private:
    static NewRegistration incoming(const QString &registerId, const QString &subject)
    {
        NewRegistration request;
        request.registerId = registerId;
        request.document.kind = QStringLiteral("Заявление");
        request.document.subject = subject;
        return request;
    }

    static Registration openCase(TempDatabase &db, const QString &subject)
    {
        RegistrationService registrations(db.context());
        auto request = incoming(db.secondRegisterId, subject);
        request.openCase = true;
        auto base = registrations.registerDocument(db.clerk, request);
        if (!base)
            qWarning("openCase: %s", qPrintable(base.error().toString()));
        return base.valueOr(Registration {});
    }

    static Registration followUp(TempDatabase &db, const QString &caseId, const QString &subject)
    {
        RegistrationService registrations(db.context());
        NewRegistration request = incoming(QString(), subject);
        request.caseId = caseId;
        auto entry = registrations.registerDocument(db.clerk, request);
        if (!entry)
            qWarning("followUp: %s", qPrintable(entry.error().toString()));
        return entry.valueOr(Registration {});
    }

    static Registration single(TempDatabase &db, const QString &subject,
                               AccessLevel access = AccessLevel::Internal)
    {
        RegistrationService registrations(db.context());
        auto request = incoming(db.incomingRegisterId, subject);
        request.document.accessLevel = access;
        auto entry = registrations.registerDocument(db.clerk, request);
        if (!entry)
            qWarning("single: %s", qPrintable(entry.error().toString()));
        return entry.valueOr(Registration {});
    }

    static qint64 caseDocumentCount(TempDatabase &db)
    {
        auto conn = db.database().connection();
        auto count = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM case_document"));
        return count ? count->toLongLong() : -1;
    }

private Q_SLOTS:
    void getListsDocumentsInOrder()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime(QDate(2020, 9, 8), QTime(8, 0), Qt::UTC));
        const Registration base = openCase(db, QStringLiteral("Искане за достъп"));
        QVERIFY(!base.caseId.isEmpty());
        db.clock.set(QDateTime(QDate(2020, 9, 9), QTime(8, 0), Qt::UTC));
        const Registration other = single(db, QStringLiteral("Писмо по същия въпрос"));
        QVERIFY(!other.id.isEmpty());
        db.clock.set(QDateTime(QDate(2020, 9, 11), QTime(8, 0), Qt::UTC));
        const Registration first = followUp(db, base.caseId, QStringLiteral("Допълнение"));
        const Registration second = followUp(db, base.caseId, QStringLiteral("Второ допълнение"));
        QVERIFY(!second.id.isEmpty());

        CaseService service(db.context());
        db.clock.set(QDateTime(QDate(2020, 9, 14), QTime(8, 0), Qt::UTC));
        QVERIFY(service.attachDocument(db.clerk, base.caseId, other.documentId).ok());

        auto file = service.get(db.official, base.caseId);
        QVERIFY2(file.ok(), qPrintable(file.error().toString()));
        QCOMPARE(file->id, base.caseId);
        QCOMPARE(file->baseRegistrationId, base.id);
        QCOMPARE(file->baseIndex, QStringLiteral("СОА20-ДИ05-1/08.09.2020"));
        QCOMPARE(file->title, QStringLiteral("Искане за достъп"));
        QCOMPARE(file->status, CaseStatus::Open);
        QCOMPARE(file->openedAt, QDateTime(QDate(2020, 9, 8), QTime(8, 0), Qt::UTC));
        QVERIFY(!file->closedAt.isValid());
        QCOMPARE(file->createdBy, db.clerk.userId);
        QCOMPARE(file->documentCount, 4);
        QStringList indexes;
        QStringList subjects;
        for (const CaseDocument &document : file->documents) {
            indexes << document.index;
            subjects << document.subject;
        }
        QCOMPARE(indexes,
                 (QStringList {QStringLiteral("СОА20-ДИ05-1/08.09.2020"),
                               QStringLiteral("СОА20-ВК66-1/09.09.2020"),
                               QStringLiteral("СОА20-ДИ05-1/1/11.09.2020"),
                               QStringLiteral("СОА20-ДИ05-1/2/11.09.2020")}));
        QCOMPARE(subjects,
                 (QStringList {QStringLiteral("Искане за достъп"), QStringLiteral("Писмо по същия въпрос"),
                               QStringLiteral("Допълнение"), QStringLiteral("Второ допълнение")}));
        QCOMPARE(file->documents.at(1).addedAt, QDateTime(QDate(2020, 9, 14), QTime(8, 0), Qt::UTC));
        QCOMPARE(file->documents.at(1).registeredAt, QDateTime(QDate(2020, 9, 9), QTime(8, 0), Qt::UTC));
        QCOMPARE(file->documents.at(2).documentId, first.documentId);
        QCOMPARE(file->documents.at(2).registrationId, first.id);

        auto byIndex = service.findByIndex(db.clerk, QStringLiteral(" СОА20-ДИ05-1/08.09.2020 "));
        QVERIFY(byIndex.ok());
        QCOMPARE(byIndex->id, base.caseId);
        QCOMPARE(byIndex->documents.size(), 4);
        // Only the base index finds a case.
        QCOMPARE(service.findByIndex(db.clerk, first.index).error().code, ErrorCode::NotFound);
        QCOMPARE(service.findByIndex(db.clerk, QStringLiteral("' OR 1=1 --")).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(service.get(db.clerk, QStringLiteral("no-such-case")).error().code, ErrorCode::NotFound);
    }

    void restrictedSubjectsAreHidden()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration base = openCase(db, QStringLiteral("Преписка"));
        db.clock.advance(60 * 1000);
        const Registration secret = single(db, QStringLiteral("Сигнал за корупция"), AccessLevel::Restricted);
        CaseService service(db.context());
        QVERIFY(service.attachDocument(db.clerk, base.caseId, secret.documentId).ok());
        auto forClerk = service.get(db.clerk, base.caseId);
        QVERIFY(forClerk.ok());
        QCOMPARE(forClerk->documents.size(), 2);
        QVERIFY(forClerk->documents.at(1).subjectHidden);
        QVERIFY(forClerk->documents.at(1).subject.isEmpty());
        QCOMPARE(forClerk->documents.at(1).index, secret.index);
        QCOMPARE(forClerk->documents.at(1).accessLevel, AccessLevel::Restricted);
        QVERIFY(!forClerk->documents.at(0).subjectHidden);
        auto forOfficial = service.get(db.official, base.caseId);
        QVERIFY(forOfficial.ok());
        QVERIFY(!forOfficial->documents.at(1).subjectHidden);
        QCOMPARE(forOfficial->documents.at(1).subject, QStringLiteral("Сигнал за корупция"));
    }

    void closeAndReopen()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration base = openCase(db, QStringLiteral("Преписка"));
        const Registration other = openCase(db, QStringLiteral("Друга преписка"));
        CaseService service(db.context());
        auto open = service.openCases(db.clerk);
        QVERIFY(open.ok());
        QCOMPARE(open->size(), 2);

        db.clock.set(QDateTime(QDate(2020, 10, 1), QTime(8, 0), Qt::UTC));
        QVERIFY(service.close(db.clerk, base.caseId, QStringLiteral("Приключена")).ok());
        auto closed = service.get(db.clerk, base.caseId);
        QVERIFY(closed.ok());
        QCOMPARE(closed->status, CaseStatus::Closed);
        QCOMPARE(closed->closedAt, db.clock.now());
        open = service.openCases(db.clerk);
        QCOMPARE(open->size(), 1);
        QCOMPARE(open->first().id, other.caseId);
        QCOMPARE(open->first().documentCount, 1);
        QVERIFY(open->first().documents.isEmpty());

        auto again = service.close(db.clerk, base.caseId, QString());
        QCOMPARE(again.error().code, ErrorCode::InvalidState);
        QVERIFY(!again.error().message.isEmpty());
        // A closed case takes no follow-ups and no attachments.
        RegistrationService registrations(db.context());
        NewRegistration follow = incoming(QString(), QStringLiteral("Късно допълнение"));
        follow.caseId = base.caseId;
        QCOMPARE(registrations.registerDocument(db.clerk, follow).error().code, ErrorCode::InvalidState);
        const Registration loose = single(db, QStringLiteral("Писмо"));
        QCOMPARE(service.attachDocument(db.clerk, base.caseId, loose.documentId).error().code,
                 ErrorCode::InvalidState);

        QVERIFY(service.reopen(db.official, base.caseId, QStringLiteral("Ново обстоятелство")).ok());
        auto reopened = service.get(db.clerk, base.caseId);
        QCOMPARE(reopened->status, CaseStatus::Open);
        QVERIFY(!reopened->closedAt.isValid());
        QCOMPARE(service.reopen(db.clerk, base.caseId, QString()).error().code, ErrorCode::InvalidState);
        QVERIFY(registrations.registerDocument(db.clerk, follow).ok());
        QCOMPARE(service.openCases(db.clerk)->size(), 2);

        QCOMPARE(service.close(db.clerk, QStringLiteral("no-such-case"), QString()).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(service.close(db.clerk, base.caseId, QString(1001, QLatin1Char('x'))).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(service.get(db.clerk, base.caseId)->status, CaseStatus::Open);
    }

    void openResolutionsKeepACaseOpen()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration base = openCase(db, QStringLiteral("Преписка"));
        const Registration follow = followUp(db, base.caseId, QStringLiteral("Допълнение"));
        ResolutionService resolutions(db.context());
        NewResolution request;
        request.documentId = follow.documentId;
        request.executorId = db.official.userId;
        request.instruction = QStringLiteral("За отговор");
        auto resolution = resolutions.assign(db.admin, request);
        QVERIFY2(resolution.ok(), qPrintable(resolution.error().toString()));

        CaseService service(db.context());
        auto refused = service.close(db.clerk, base.caseId, QString());
        QCOMPARE(refused.error().code, ErrorCode::InvalidState);
        QCOMPARE(service.get(db.clerk, base.caseId)->status, CaseStatus::Open);
        QVERIFY(resolutions.complete(db.official, resolution->id, QStringLiteral("Отговорено")).ok());
        QVERIFY(service.close(db.clerk, base.caseId, QString()).ok());
    }

    void openOnARegisteredEntry()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration loose = single(db, QStringLiteral("Жалба"));
        const Registration other = single(db, QStringLiteral("Друго"));
        const Registration inCase = openCase(db, QStringLiteral("Преписка"));
        CaseService service(db.context());
        QCOMPARE(service.open(db.auditor, loose.id, {}).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.open(db.clerk, QStringLiteral("x' OR '1'='1"), {}).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(service.open(db.clerk, loose.id, QString(CaseService::kMaxTitleLength + 1, QLatin1Char('x')))
                     .error()
                     .code,
                 ErrorCode::InvalidInput);
        // A document already in a case file cannot be the base of another one.
        QCOMPARE(service.open(db.clerk, inCase.id, {}).error().code, ErrorCode::AlreadyExists);
        QVERIFY(RegistrationService(db.context()).annul(db.admin, other.id, QStringLiteral("грешка")).ok());
        QCOMPARE(service.open(db.clerk, other.id, {}).error().code, ErrorCode::InvalidState);
        QCOMPARE(caseDocumentCount(db), 1);

        auto opened = service.open(db.clerk, loose.id, QStringLiteral("  "));
        QVERIFY(opened.ok());
        QCOMPARE(opened->baseRegistrationId, loose.id);
        QCOMPARE(opened->baseIndex, loose.index);
        QCOMPARE(opened->title, QStringLiteral("Жалба")); // the subject by default
        QCOMPARE(opened->documents.size(), 1);
        QCOMPARE(opened->documents.first().documentId, loose.documentId);
        QCOMPARE(service.open(db.clerk, loose.id, {}).error().code, ErrorCode::AlreadyExists);
        auto journal = AuditJournal(db.database(), db.clock).history(QStringLiteral("case"), opened->id);
        QVERIFY(journal.ok());
        QCOMPARE(journal->size(), 1);
        QCOMPARE(journal->first().event.action, QStringLiteral("case.open"));
        QCOMPARE(journal->first().event.details.value(QStringLiteral("baseRegistrationId")).toString(),
                 loose.id);
    }

    void attachRefusesDocumentsInACase()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration first = openCase(db, QStringLiteral("Първа"));
        const Registration second = openCase(db, QStringLiteral("Втора"));
        const Registration loose = single(db, QStringLiteral("Писмо"));
        CaseService service(db.context());
        QVERIFY(service.attachDocument(db.clerk, first.caseId, loose.documentId).ok());
        QCOMPARE(caseDocumentCount(db), 3);

        auto same = service.attachDocument(db.clerk, first.caseId, loose.documentId);
        QCOMPARE(same.error().code, ErrorCode::AlreadyExists);
        auto elsewhere = service.attachDocument(db.clerk, second.caseId, loose.documentId);
        QCOMPARE(elsewhere.error().code, ErrorCode::AlreadyExists);
        QVERIFY2(elsewhere.error().message.contains(first.index), qPrintable(elsewhere.error().message));
        // The base document of one case cannot join another.
        auto base = service.attachDocument(db.clerk, second.caseId, first.documentId);
        QCOMPARE(base.error().code, ErrorCode::AlreadyExists);
        QCOMPARE(caseDocumentCount(db), 3);
        QCOMPARE(service.get(db.clerk, second.caseId)->documentCount, 1);
    }

    void attachRejectsBadInput_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("code");
        QTest::newRow("unknown case") << "case" << int(ErrorCode::NotFound);
        QTest::newRow("unknown document") << "document" << int(ErrorCode::NotFound);
        QTest::newRow("sql in document id") << "sql" << int(ErrorCode::NotFound);
        QTest::newRow("annulled registration") << "annulled" << int(ErrorCode::InvalidState);
        QTest::newRow("auditor") << "auditor" << int(ErrorCode::PermissionDenied);
        QTest::newRow("no session") << "nobody" << int(ErrorCode::PermissionDenied);
    }

    void attachRejectsBadInput()
    {
        QFETCH(QString, what);
        QFETCH(int, code);
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration base = openCase(db, QStringLiteral("Преписка"));
        const Registration loose = single(db, QStringLiteral("Писмо"));
        CaseService service(db.context());
        QString caseId = base.caseId;
        QString documentId = loose.documentId;
        Session session = db.clerk;
        if (what == QLatin1String("case"))
            caseId = QStringLiteral("0190a0a0-0000-7000-8000-000000000000");
        else if (what == QLatin1String("document"))
            documentId = QStringLiteral("0190a0a0-0000-7000-8000-000000000000");
        else if (what == QLatin1String("sql"))
            documentId = QStringLiteral("x' OR '1'='1");
        else if (what == QLatin1String("annulled"))
            QVERIFY(
                RegistrationService(db.context()).annul(db.admin, loose.id, QStringLiteral("грешка")).ok());
        else if (what == QLatin1String("auditor"))
            session = db.auditor;
        else if (what == QLatin1String("nobody"))
            session = Session {};
        auto result = service.attachDocument(session, caseId, documentId);
        QCOMPARE(int(result.error().code), code);
        QVERIFY(!result.error().message.isEmpty());
        QCOMPARE(caseDocumentCount(db), 1);
    }

    void permissionsAreEnforced()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration base = openCase(db, QStringLiteral("Преписка"));
        CaseService service(db.context());
        QCOMPARE(service.close(db.auditor, base.caseId, QString()).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.close(Session {}, base.caseId, QString()).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.get(Session {}, base.caseId).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.openCases(Session {}).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.get(db.clerk, base.caseId)->status, CaseStatus::Open);
        QVERIFY(service.get(db.auditor, base.caseId).ok());
        QVERIFY(service.close(db.admin, base.caseId, QString()).ok());
        QCOMPARE(service.reopen(db.auditor, base.caseId, QString()).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(service.get(db.clerk, base.caseId)->status, CaseStatus::Closed);
    }

    void changesAreJournalledVerbatim()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const Registration base = openCase(db, QStringLiteral("Преписка"));
        const Registration loose = single(db, QStringLiteral("Писмо"));
        CaseService service(db.context());
        const QString nasty = QStringLiteral("'); UPDATE case_file SET status = 'open'; -- \"x\" %_ \\ $$");
        QVERIFY(service.attachDocument(db.clerk, base.caseId, loose.documentId).ok());
        QVERIFY(service.close(db.clerk, base.caseId, nasty).ok());
        QVERIFY(service.reopen(db.official, base.caseId, QString()).ok());
        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("case"), base.caseId);
        QVERIFY(history.ok());
        QStringList actions;
        for (const AuditEntry &entry : *history)
            actions << entry.event.action;
        QCOMPARE(actions,
                 (QStringList {QStringLiteral("case.open"), QStringLiteral("case.attach"),
                               QStringLiteral("case.close"), QStringLiteral("case.reopen")}));
        QCOMPARE(history->at(1).event.details.value(QStringLiteral("documentId")).toString(),
                 loose.documentId);
        QCOMPARE(history->at(2).event.details.value(QStringLiteral("note")).toString(), nasty);
        QCOMPARE(history->at(2).actor, QStringLiteral("clerk"));
        QCOMPARE(history->at(3).actor, QStringLiteral("official"));
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
        QCOMPARE(service.get(db.clerk, base.caseId)->status, CaseStatus::Open);
    }
};

QTEST_GUILESS_MAIN(tst_CaseService)
#include "tst_CaseService.moc"
