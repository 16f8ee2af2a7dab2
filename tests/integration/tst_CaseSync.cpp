// SPDX-License-Identifier: GPL-3.0-or-later
// Case files and resolutions through desk sync (CaseCommands, DeskCaseReplica,
// DeskCaseReader, FeedBackfill) on an office database of either engine: the
// protocol answers, idempotence and refusals, then two embedded desks end to end.
#include "TempDatabase.h"
#include "core/Ids.h"
#include "desk/DeskCaseCommands.h"
#include "desk/DeskCaseReader.h"
#include "desk/DeskConnection.h"
#include "desk/FeedBackfill.h"
#include "services/RegistrationService.h"
#include "services/ResolutionService.h"
#include "storage/Sql.h"
#include "sync/SyncService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using namespace std::chrono_literals;

namespace {

const QByteArray kDesk = QByteArray(64, 'c');

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject op(const QString &kind, const QJsonObject &payload, const QString &opId = Ids::create())
{
    return {{"op_id", opId}, {"kind", kind}, {"payload", payload}};
}

NewRegistration incoming(const QString &registerId, const QString &subject,
                         AccessLevel access = AccessLevel::Internal)
{
    NewRegistration request;
    request.registerId = registerId;
    request.document.kind = QStringLiteral("Писмо");
    request.document.subject = subject;
    request.document.accessLevel = access;
    return request;
}

qint64 count(TempDatabase &db, const QString &sql)
{
    auto conn = db.database().connection();
    auto value = Sql::scalar(*conn, sql);
    return value ? value->toLongLong() : -1;
}

QString userId(TempDatabase &db, const QString &login)
{
    auto conn = db.database().connection();
    auto value = Sql::scalar(*conn, "SELECT id FROM app_user WHERE login = ?", {login});
    return value ? value->toString() : QString();
}

} // namespace

class tst_CaseSync : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    struct Office
    {
        std::unique_ptr<SyncService> service;
        QHash<QString, QString> tokens;

        QJsonObject push(const QString &login, const QJsonObject &command)
        {
            const SyncReply reply = service->handle({"POST",
                                                     "/api/v1/sync/push",
                                                     {{"session", tokens.value(login)}},
                                                     json({{"ops", QJsonArray {command}}}),
                                                     kDesk});
            return reply.body.value("results").toArray().first().toObject();
        }
        QList<QJsonObject> pull(const QString &login)
        {
            const SyncReply reply = service->handle(
                {"GET", "/api/v1/sync/pull", {{"session", tokens.value(login)}, {"cursor", "0"}}, {}, kDesk});
            QList<QJsonObject> changes;
            for (const QJsonValue &change : reply.body.value("changes").toArray())
                changes << change.toObject();
            return changes;
        }
    };

    Office makeOffice(TempDatabase &db)
    {
        Office office;
        SyncSettings settings;
        settings.blobDir = m_dir.filePath(Ids::create());
        settings.maxWait = 1s;
        office.service = std::make_unique<SyncService>(db.context(), settings);
        if (!office.service->desks().add(db.admin, QStringLiteral("Гише"), QString::fromLatin1(kDesk)))
            return office;
        for (const QString login : {"clerk", "official", "admin"})
            office.tokens.insert(
                login,
                office.service->handle({"POST", "/api/v1/sync/login", {}, json({{"login", login}}), kDesk})
                    .body.value("session")
                    .toString());
        return office;
    }

    std::unique_ptr<DeskConnection> desk(TempDatabase &db, const QString &login)
    {
        DeskOptions options;
        options.replicaPath = m_dir.filePath(Ids::create() + ".db");
        options.pollWaitSeconds = 1;
        options.retryIntervalMs = 100;
        auto connection = DeskConnection::embedded(db.shared(), db.clock, options);
        if (!connection || !(*connection)->signIn(login))
            return nullptr;
        return std::move(*connection);
    }

    static QString errorCode(const QJsonObject &answer)
    {
        return answer.value("error").toObject().value("code").toString();
    }

private Q_SLOTS:
    void caseCommandsAreAppliedOnceAndPublished()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Office office = makeOffice(db);
        QVERIFY(office.tokens.size() == 3 && !office.tokens.value("clerk").isEmpty());
        RegistrationService registrations(db.context());
        auto base = registrations.registerDocument(db.clerk, incoming(db.incomingRegisterId, "Жалба"));
        auto other = registrations.registerDocument(db.clerk, incoming(db.incomingRegisterId, "Допълнение"));
        QVERIFY(base.ok() && other.ok());

        const QJsonObject open = op("case.open", {{"registration_id", base->id}, {"title", "Жалба за шум"}});
        const QJsonObject opened = office.push("clerk", open);
        QCOMPARE(opened.value("outcome").toString(), "applied");
        const QString caseId = opened.value("result").toObject().value("case_id").toString();
        QVERIFY(Ids::isValid(caseId));
        QCOMPARE(opened.value("result").toObject().value("base_index").toString(), base->index);
        // A replay answers the same and changes nothing.
        QCOMPARE(office.push("clerk", open), opened);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM case_file"), 1);
        // The same entry cannot open a second case file.
        QCOMPARE(errorCode(office.push("clerk", op("case.open", {{"registration_id", base->id}}))),
                 "already-exists");
        QCOMPARE(errorCode(office.push("clerk", op("case.open", {{"registration_id", Ids::create()}}))),
                 "not-found");
        QCOMPARE(
            errorCode(office.push(
                "clerk", op("case.open", {{"registration_id", other->id}, {"title", QString(1001, 'x')}}))),
            "invalid-input");

        const QJsonObject attached = office.push(
            "clerk", op("case.attach", {{"case_id", caseId}, {"document_id", other->documentId}}));
        QCOMPARE(attached.value("outcome").toString(), "applied");
        QCOMPARE(errorCode(office.push(
                     "clerk",
                     op("case.attach", {{"case_id", Ids::create()}, {"document_id", other->documentId}}))),
                 "not-found");
        QCOMPARE(errorCode(office.push(
                     "clerk", op("case.attach", {{"case_id", caseId}, {"document_id", other->documentId}}))),
                 "already-exists");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM case_document WHERE case_id = '" + caseId + "'"), 2);

        // The feed: the case file with both documents, the registrations naming it.
        QJsonObject lastCase;
        QSet<QString> registrationsInCase;
        for (const QJsonObject &change : office.pull("clerk")) {
            const QJsonObject data = change.value("data").toObject();
            if (change.value("entity").toString() == "case_file")
                lastCase = data;
            if (change.value("entity").toString() == "registration"
                && data.value("case_id").toString() == caseId)
                registrationsInCase << change.value("id").toString();
        }
        QCOMPARE(lastCase.value("id").toString(), caseId);
        QCOMPARE(lastCase.value("document_count").toInt(), 2);
        QCOMPARE(lastCase.value("title").toString(), "Жалба за шум");
        QCOMPARE(lastCase.value("base_index").toString(), base->index);
        QCOMPARE(registrationsInCase, (QSet<QString> {base->id, other->id}));

        // Closing and reopening go through CaseService too.
        QCOMPARE(office.push("clerk", op("case.close", {{"case_id", caseId}, {"note", "Приключена"}}))
                     .value("outcome")
                     .toString(),
                 "applied");
        QCOMPARE(errorCode(office.push("clerk", op("case.close", {{"case_id", caseId}}))), "invalid-state");
        QCOMPARE(office.push("clerk", op("case.reopen", {{"case_id", caseId}})).value("outcome").toString(),
                 "applied");
    }

    void resolutionCommandsKeepTheServiceRules()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Office office = makeOffice(db);
        RegistrationService registrations(db.context());
        auto entry = registrations.registerDocument(db.clerk, incoming(db.incomingRegisterId, "Сигнал"));
        QVERIFY(entry.ok());
        const QString adminId = userId(db, "admin");
        const QString clerkId = userId(db, "clerk");
        const QString officialId = userId(db, "official");
        auto assign = [&](const QJsonObject &extra) {
            QJsonObject payload {{"document_id", entry->documentId},
                                 {"executor_id", adminId},
                                 {"instruction", "Да се провери"}};
            for (auto it = extra.begin(); it != extra.end(); ++it)
                payload.insert(it.key(), it.value());
            return op("resolution.assign", payload);
        };
        // Refusals: who assigns, who executes, when, and the shape of the payload.
        QCOMPARE(errorCode(office.push("clerk", assign({{"working_days", 5}}))), "permission-denied");
        QCOMPARE(errorCode(office.push("official", assign({{"executor_id", clerkId}}))), "invalid-input");
        QCOMPARE(errorCode(office.push("official", assign({{"deadline", "2020-09-07"}}))), "invalid-input");
        QCOMPARE(errorCode(office.push("official", assign({{"deadline", "7 септември"}}))), "invalid-input");
        QCOMPARE(errorCode(office.push("official", assign({{"working_days", "пет"}}))), "invalid-input");
        QCOMPARE(errorCode(office.push("official", assign({{"working_days", 2.5}}))), "invalid-input");
        QCOMPARE(errorCode(office.push("official", assign({{"co_executor_ids", "clerk"}}))), "invalid-input");
        QCOMPARE(errorCode(office.push("official", assign({{"co_executor_ids", QJsonArray {adminId}}}))),
                 "invalid-input");
        QCOMPARE(errorCode(office.push("official", assign({{"document_id", Ids::create()}}))), "not-found");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM resolution"), 0);

        // Five working days after Tuesday 8 September 2020 is Tuesday 15 September.
        const QJsonObject command
            = assign({{"working_days", 5}, {"co_executor_ids", QJsonArray {officialId}}});
        const QJsonObject assigned = office.push("official", command);
        QCOMPARE(assigned.value("outcome").toString(), "applied");
        QCOMPARE(assigned.value("result").toObject().value("deadline").toString(), "2020-09-15");
        const QString resolutionId = assigned.value("result").toObject().value("resolution_id").toString();
        QCOMPARE(office.push("official", command), assigned);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM resolution"), 1);

        // Only the executor (or an administrator) completes; then it never changes.
        QCOMPARE(
            errorCode(office.push("clerk", op("resolution.complete", {{"resolution_id", resolutionId}}))),
            "permission-denied");
        QCOMPARE(
            errorCode(office.push("official", op("resolution.complete", {{"resolution_id", Ids::create()}}))),
            "not-found");
        QCOMPARE(
            errorCode(office.push("official", op("resolution.cancel", {{"resolution_id", resolutionId}}))),
            "invalid-input"); // a reason is required
        QCOMPARE(office
                     .push("admin",
                           op("resolution.complete", {{"resolution_id", resolutionId}, {"note", "Готово"}}))
                     .value("outcome")
                     .toString(),
                 "applied");
        QCOMPARE(
            errorCode(office.push("admin", op("resolution.complete", {{"resolution_id", resolutionId}}))),
            "invalid-state");

        QJsonObject last;
        for (const QJsonObject &change : office.pull("official"))
            if (change.value("entity").toString() == "resolution")
                last = change.value("data").toObject();
        QCOMPARE(last.value("id").toString(), resolutionId);
        QCOMPARE(last.value("status").toString(), "done");
        QCOMPARE(last.value("executor_id").toString(), adminId);
        QCOMPARE(last.value("co_executor_ids").toArray(), QJsonArray {officialId});
        QCOMPARE(last.value("deadline").toString(), "2020-09-15");
        QCOMPARE(last.value("completion_note").toString(), "Готово");
        QCOMPARE(last.value("registration_id").toString(), entry->id);
    }

    void restrictedCasesStayWithThoseWhoMayReadThem()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Office office = makeOffice(db);
        RegistrationService registrations(db.context());
        auto secret = registrations.registerDocument(
            db.admin, incoming(db.incomingRegisterId, "Класифицирано", AccessLevel::Restricted));
        QVERIFY(secret.ok());
        QCOMPARE(office.push("official", op("case.open", {{"registration_id", secret->id}})).value("outcome"),
                 "applied");
        int cases = 0;
        for (const QJsonObject &change : office.pull("clerk"))
            cases += change.value("entity").toString() == "case_file";
        QCOMPARE(cases, 0);
        for (const QJsonObject &change : office.pull("official"))
            cases += change.value("entity").toString() == "case_file";
        QCOMPARE(cases, 1);
    }

    void backfillPublishesCasesAndResolutions()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        NewRegistration opening = incoming(db.incomingRegisterId, "Преписка");
        opening.openCase = true;
        auto base = registrations.registerDocument(db.clerk, opening);
        QVERIFY(base.ok());
        ResolutionService resolutions(db.context());
        NewResolution request;
        request.documentId = base->documentId;
        request.executorId = userId(db, "official");
        request.instruction = QStringLiteral("За изпълнение");
        request.deadline = QDate(2020, 9, 10);
        auto resolution = resolutions.assign(db.official, request);
        QVERIFY(resolution.ok());

        FeedBackfill backfill(db.context());
        QVERIFY(backfill.publishUnpublished().ok());
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_change WHERE entity IN ('case_file', 'resolution')"),
                 2);
        QCOMPARE(*backfill.publishUnpublished(), 0);
        // Completed outside the sync protocol: published again, once.
        QVERIFY(resolutions.complete(db.official, resolution->id, {}).ok());
        QCOMPARE(*backfill.publishUnpublished(), 1);
        QCOMPARE(*backfill.publishUnpublished(), 0);
    }

    void desksWorkWithCasesAndTasksEndToEnd()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        auto first = registrations.registerDocument(db.clerk, incoming(db.incomingRegisterId, "Искане"));
        auto second = registrations.registerDocument(db.clerk, incoming(db.incomingRegisterId, "Писмо 2"));
        QVERIFY(first.ok() && second.ok());
        auto official = desk(db, "official");
        auto admin = desk(db, "admin");
        QVERIFY(official && admin);
        QVERIFY(official->publishOfficeData().ok());
        QTRY_VERIFY_WITH_TIMEOUT(official->isCaughtUp(), 10'000);

        DeskCaseReader officialCases(official->local());
        QVERIFY(DeskCaseCommands::openCase(*official->engine(), first->id, "Искане за достъп").ok());
        QTRY_COMPARE_WITH_TIMEOUT(officialCases.cases(official->session())->size(), 1, 10'000);
        const CaseFile opened = officialCases.cases(official->session())->first();
        QCOMPARE(opened.baseIndex, first->index);
        QVERIFY(DeskCaseCommands::attach(*official->engine(), opened.id, second->documentId).ok());
        QTRY_COMPARE_WITH_TIMEOUT(officialCases.caseFile(official->session(), opened.id)->documents.size(), 2,
                                  10'000);
        const CaseFile withBoth = *officialCases.caseFile(official->session(), opened.id);
        QCOMPARE(withBoth.documents.first().registrationId, first->id); // the base first
        QCOMPARE(withBoth.documentCount, 2);
        QCOMPARE(DeskCaseCommands::attach(*official->engine(), {}, second->documentId).error().code,
                 ErrorCode::InvalidInput);

        // A resolution for the administrator, due in two working days.
        NewResolution request;
        request.documentId = second->documentId;
        request.executorId = userId(db, "admin");
        request.instruction = QStringLiteral("Да се отговори");
        request.workingDays = 2;
        QVERIFY(DeskCaseCommands::assign(*official->engine(), request).ok());

        DeskCaseReader adminCases(admin->local());
        const QString adminId = userId(db, "admin");
        QTRY_COMPARE_WITH_TIMEOUT(adminCases.myTasks(admin->session(), adminId)->size(), 1, 10'000);
        const Resolution task = adminCases.myTasks(admin->session(), adminId)->first();
        QCOMPARE(task.deadline, QDate(2020, 9, 10));
        QCOMPARE(task.documentIndex, second->index);
        QVERIFY(adminCases.myTasks(admin->session(), userId(db, "official"))->isEmpty());
        // Overdue only once its deadline has passed.
        QVERIFY(adminCases.overdue(admin->session(), QDate(2020, 9, 10))->isEmpty());
        QCOMPARE(adminCases.overdue(admin->session(), QDate(2020, 9, 11))->size(), 1);
        QCOMPARE(adminCases.overdue(admin->session(), QDate()).error().code, ErrorCode::InvalidInput);

        QVERIFY(DeskCaseCommands::complete(*admin->engine(), task.id, "Отговорено").ok());
        QTRY_VERIFY_WITH_TIMEOUT(adminCases.myTasks(admin->session(), adminId)->isEmpty(), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(
            officialCases.resolutionsFor(official->session(), second->documentId)->first().status,
            ResolutionStatus::Done, 10'000);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM resolution WHERE status = 'done'"), 1);

        // A refused command (complete twice) becomes a conflict on the desk.
        QSignalSpy decided(admin.get(), &DeskConnection::commandDecided);
        QVERIFY(DeskCaseCommands::complete(*admin->engine(), task.id, {}).ok());
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 10'000);
        QCOMPARE(decided.first().at(1).toBool(), false);

        Session nobody = official->session();
        nobody.roles.clear();
        QCOMPARE(officialCases.cases(nobody).error().code, ErrorCode::PermissionDenied);
        QVERIFY(!officialCases.users()->isEmpty());
        official->stop();
        admin->stop();
    }
};

QTEST_GUILESS_MAIN(tst_CaseSync)
#include "tst_CaseSync.moc"
