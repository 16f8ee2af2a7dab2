// SPDX-License-Identifier: GPL-3.0-or-later
// The desk layer of libdms (DeskConnection, DeskReplica, DeskReader, FeedBackfill)
// on an embedded office: the office database is a TempDatabase (SQLite or
// PostgreSQL), the desk's replica an SQLite file.
#include "TempDatabase.h"
#include "core/Ids.h"
#include "desk/DeskConnection.h"
#include "desk/FeedBackfill.h"
#include "services/RegistrationService.h"
#include "services/RegistryService.h"
#include "storage/Sql.h"
#include "sync/ChangeFeed.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

class tst_DeskConnection : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<DeskConnection> embedded(TempDatabase &db, const QString &replica)
    {
        DeskOptions options;
        options.replicaPath = replica;
        options.deskCode = QStringLiteral("Т1");
        options.pollWaitSeconds = 1;
        options.retryIntervalMs = 100;
        auto desk = DeskConnection::embedded(db.shared(), db.clock, options);
        return desk ? std::move(*desk) : nullptr;
    }

    static NewRegistration incoming(const QString &registerId, const QString &subject)
    {
        NewRegistration request;
        request.registerId = registerId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = subject;
        return request;
    }

private Q_SLOTS:
    void backfillPublishesOnceAndFollowsChanges()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        auto entry = registrations.registerDocument(db.clerk, incoming(db.incomingRegisterId, "Писмо"));
        QVERIFY(entry.ok());
        FeedBackfill backfill(db.context());
        auto first = backfill.publishUnpublished();
        QVERIFY(first.ok());
        // Every register, user, correspondent and registration, once.
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        const int everything = Sql::scalar(*conn,
                                           "SELECT (SELECT COUNT(*) FROM register) + (SELECT COUNT(*) FROM"
                                           " app_user) + (SELECT COUNT(*) FROM correspondent) + (SELECT"
                                           " COUNT(*) FROM registration)")
                                   ->toInt();
        QCOMPARE(*first, everything);
        auto again = backfill.publishUnpublished();
        QVERIFY(again.ok());
        QCOMPARE(*again, 0); // nothing new: nothing published

        // A direct annulment and a closed register are published again, once.
        QVERIFY(registrations.annul(db.admin, entry->id, "Грешка").ok());
        QVERIFY(
            Sql::exec(*conn, "UPDATE register SET active = 0 WHERE id = ?", {db.outgoingRegisterId}).ok());
        auto changed = backfill.publishUnpublished();
        QVERIFY(changed.ok());
        QCOMPARE(*changed, 2);
        QCOMPARE(*backfill.publishUnpublished(), 0);
        auto last = ChangeFeed::read(db.database(), everything, 10, true);
        QVERIFY(last.ok());
        QCOMPARE(last->changes.size(), 2);
        for (const SyncChange &change : last->changes) {
            const QJsonObject data = QJsonDocument::fromJson(change.dataJson).object();
            if (change.entity == QLatin1String("registration"))
                QCOMPARE(data.value("status").toString(), "annulled");
            else
                QCOMPARE(data.value("active").toBool(true), false);
        }
    }

    void deskReadsWhatTheOfficePublished()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        QVERIFY(registrations.registerDocument(db.clerk, incoming(db.incomingRegisterId, "Първо")).ok());
        auto desk = embedded(db, m_dir.filePath(Ids::create() + ".db"));
        QVERIFY(desk);
        QVERIFY(!desk->signIn("nobody").ok()); // unknown users are refused at once
        QVERIFY(desk->signIn("official").ok());
        QCOMPARE(desk->session().login, QStringLiteral("official"));
        QVERIFY(desk->publishOfficeData().ok());
        QTRY_VERIFY_WITH_TIMEOUT(desk->isCaughtUp(), 10'000);
        auto registers = desk->reader().registers();
        QVERIFY(registers.ok());
        QCOMPARE(registers->size(), 3);
        auto codes = desk->reader().registryCodes();
        QVERIFY(codes.ok());
        QCOMPARE(codes->value(db.registryId), QStringLiteral("СОА"));
        QVERIFY(desk->reader().userName("clerk").contains("(clerk)"));
        auto page = desk->reader().page(desk->session(), {}, std::nullopt, 10);
        QVERIFY(page.ok());
        QCOMPARE(page->hits.size(), 1);
        QCOMPARE(page->hits.first().subject, QStringLiteral("Първо"));
        QCOMPARE(page->hits.first().registerCode, QStringLiteral("ВК66"));

        // Refusals of the read side, as SearchService's.
        SearchQuery words;
        for (int i = 0; i <= SearchService::kMaxWords; ++i)
            words.text += QStringLiteral("w%1 ").arg(i);
        QCOMPARE(desk->reader().page(desk->session(), words, std::nullopt, 10).error().code,
                 ErrorCode::InvalidInput);
        Session nobody = desk->session();
        nobody.roles.clear();
        QCOMPARE(desk->reader().count(nobody, {}).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(desk->reader().find("no-such-id").error().code, ErrorCode::NotFound);
        desk->stop();
    }

    void refusedRegistrationBecomesAConflict()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = embedded(db, m_dir.filePath(Ids::create() + ".db"));
        QVERIFY(desk);
        QVERIFY(desk->signIn("clerk").ok());
        QTRY_COMPARE_WITH_TIMEOUT(desk->state(), SyncState::Online, 10'000);
        // The register is closed in the office before the desk hears of it.
        auto conn = db.database().connection();
        QVERIFY(
            Sql::exec(*conn, "UPDATE register SET active = 0 WHERE id = ?", {db.incomingRegisterId}).ok());
        QSignalSpy decided(desk.get(), &DeskConnection::commandDecided);
        auto queued
            = desk->engine()->registerDocument(incoming(db.incomingRegisterId, "В затворен регистър"));
        QVERIFY(queued.ok());
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 10'000);
        QCOMPARE(decided.first().at(1).toBool(), false);
        QTRY_COMPARE_WITH_TIMEOUT(desk->state(), SyncState::Conflicts, 10'000);
        // The pending row is gone; the command is listed for the clerk.
        QCOMPARE(desk->reader().find(queued->opId).error().code, ErrorCode::NotFound);
        auto conflicts = desk->reader().conflicts(10);
        QVERIFY(conflicts.ok());
        QCOMPARE(conflicts->size(), 1);
        QCOMPARE(conflicts->first().opId, queued->opId);
        QVERIFY(!conflicts->first().result.value("error").toObject().value("message").toString().isEmpty());
        desk->stop();
    }

    void serverDeskStartsOfflineWithTheLastLogin()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const QString replica = m_dir.filePath(Ids::create() + ".db");
        {
            // The first day: signed in through the (embedded) server once.
            auto desk = embedded(db, replica);
            QVERIFY(desk);
            QVERIFY(desk->signIn("official").ok());
            QTRY_COMPARE_WITH_TIMEOUT(desk->state(), SyncState::Online, 10'000);
        }
        DeskOptions options;
        options.replicaPath = replica;
        options.retryIntervalMs = 100;
        struct Unreachable final : SyncTransport
        {
            Result<SyncReply> send(const SyncRequest &) override
            {
                return makeError(ErrorCode::Network, QStringLiteral("down"));
            }
        };
        auto desk = DeskConnection::server([] { return std::make_unique<Unreachable>(); }, db.clock, options);
        QVERIFY(desk.ok());
        QVERIFY((*desk)->signIn("official").ok());
        QCOMPARE((*desk)->session().login, QStringLiteral("official"));
        QVERIFY((*desk)->session().can(Permission::ReadRestricted));
        QTRY_COMPARE_WITH_TIMEOUT((*desk)->state(), SyncState::Offline, 10'000);
        QVERIFY(!(*desk)->publishOfficeData().ok()); // only an embedded office publishes
        // Someone who never worked here has no session until the server answers.
        QVERIFY((*desk)->signIn("clerk").ok());
        QVERIFY(!(*desk)->session().isValid());
        (*desk)->stop();
    }
};

QTEST_GUILESS_MAIN(tst_DeskConnection)
#include "tst_DeskConnection.moc"
