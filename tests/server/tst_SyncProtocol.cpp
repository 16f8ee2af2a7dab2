// SPDX-License-Identifier: GPL-3.0-or-later
// The sync protocol in process (SyncService), on SQLite and PostgreSQL (TempDatabase).
#include "TempDatabase.h"
#include "core/Ids.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/ChangeFeed.h"
#include "sync/SyncService.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <future>
#include <thread>

using namespace dms;
using namespace std::chrono_literals;

namespace {

const QByteArray kDeskA = QByteArray(64, 'a');
const QByteArray kDeskB = QByteArray(64, 'b');

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject registerOp(const QString &opId, const QString &registerId, const QString &subject,
                       const QString &access = QStringLiteral("internal"))
{
    return {{"op_id", opId},
            {"kind", "registration.create"},
            {"payload",
             QJsonObject {
                 {"register_id", registerId},
                 {"document",
                  QJsonObject {{"kind", "Заявление"}, {"subject", subject}, {"access_level", access}}}}}};
}

qint64 count(TempDatabase &db, const QString &sql)
{
    auto conn = db.database().connection();
    auto value = Sql::scalar(*conn, sql);
    return value ? value->toLongLong() : -1;
}

} // namespace

class tst_SyncProtocol : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_blobs;

    struct Fixture
    {
        std::unique_ptr<SyncService> service;
        QString clerkToken;
        QString adminToken;
        QString officialToken;
    };

    Fixture makeService(TempDatabase &db, SyncSettings settings = {})
    {
        Fixture f;
        settings.blobDir = m_blobs.filePath(Ids::create());
        settings.maxWait = 5s;
        f.service = std::make_unique<SyncService>(db.context(), settings);
        if (!f.service->desks().add(db.admin, QStringLiteral("Гише 1"), QString::fromLatin1(kDeskA))
            || !f.service->desks().add(db.admin, QStringLiteral("Гише 2"), QString::fromLatin1(kDeskB)))
            return f;
        f.clerkToken = login(*f.service, kDeskA, QStringLiteral("clerk")).body.value("session").toString();
        f.adminToken = login(*f.service, kDeskA, QStringLiteral("admin")).body.value("session").toString();
        f.officialToken
            = login(*f.service, kDeskB, QStringLiteral("official")).body.value("session").toString();
        return f;
    }

    static SyncReply login(SyncService &service, const QByteArray &cert, const QString &user)
    {
        return service.handle({"POST", "/api/v1/sync/login", {}, json({{"login", user}}), cert});
    }

    static SyncReply push(SyncService &service, const QString &token, const QJsonArray &ops,
                          const QByteArray &cert = kDeskA)
    {
        return service.handle(
            {"POST", "/api/v1/sync/push", {{"session", token}}, json({{"ops", ops}}), cert});
    }

    static SyncReply pull(SyncService &service, const QString &token, qint64 cursor, int wait = 0,
                          const QByteArray &cert = kDeskA)
    {
        return service.handle(
            {"GET",
             "/api/v1/sync/pull",
             {{"session", token}, {"cursor", QString::number(cursor)}, {"wait", QString::number(wait)}},
             {},
             cert});
    }

private Q_SLOTS:
    void loginIsBoundToTheDeskCertificate()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db, SyncSettings {{}, 3600s});
        QVERIFY(!f.clerkToken.isEmpty());
        QCOMPARE(f.clerkToken.size(), 64);

        // An unknown certificate, or none, cannot log in or call anything.
        QCOMPARE(login(*f.service, QByteArray(64, 'c'), "clerk").status, 401);
        QCOMPARE(login(*f.service, QByteArray(), "clerk").status, 401);
        QCOMPARE(pull(*f.service, f.clerkToken, 0, 0, QByteArray(64, 'c')).status, 401);
        // An unknown user is refused.
        const SyncReply nobody = login(*f.service, kDeskA, "nobody");
        QCOMPARE(nobody.status, 403);
        QCOMPARE(nobody.body.value("error").toObject().value("code").toString(), "permission-denied");
        // The token only works on the desk it was made on.
        QCOMPARE(pull(*f.service, f.clerkToken, 0).status, 200);
        QCOMPARE(pull(*f.service, f.clerkToken, 0, 0, kDeskB).status, 401);
        QCOMPARE(pull(*f.service, QString(64, QLatin1Char('0')), 0).status, 401);
        // Sessions expire.
        db.clock.advance(3601 * 1000);
        const SyncReply expired = pull(*f.service, f.clerkToken, 0);
        QCOMPARE(expired.status, 401);
        QVERIFY(!expired.body.value("error").toObject().value("message").toString().isEmpty());
        // Logins are journalled.
        QCOMPARE(count(db, "SELECT COUNT(*) FROM audit_journal WHERE action = 'sync.login'"), 3);
    }

    void pushAppliesCommandsOnceAndReplaysTheSameResult()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        QJsonArray ops;
        for (int i = 0; i < 3; ++i)
            ops.append(registerOp(Ids::create(), db.incomingRegisterId, QStringLiteral("Писмо %1").arg(i)));
        ops.append(QJsonObject {{"op_id", Ids::create()},
                                {"kind", "correspondent.create"},
                                {"payload", QJsonObject {{"kind", "citizen"}, {"name", "Иван Петров"}}}});
        const SyncReply first = push(*f.service, f.clerkToken, ops);
        QCOMPARE(first.status, 200);
        const QJsonArray results = first.body.value("results").toArray();
        QCOMPARE(results.size(), 4);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(results[i].toObject().value("outcome").toString(), "applied");
            QCOMPARE(results[i].toObject().value("result").toObject().value("number").toInteger(), i + 1);
        }
        QCOMPARE(results[3].toObject().value("outcome").toString(), "applied");

        // A replay (the desk did not get the answer) returns exactly the same and changes nothing.
        const SyncReply again = push(*f.service, f.clerkToken, ops);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, first.body);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration"), 3);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM correspondent"), 1);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_change"), 4);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_processed_op"), 4);

        // The feed has them in order.
        const SyncReply page = pull(*f.service, f.clerkToken, 0);
        QCOMPARE(page.status, 200);
        const QJsonArray changes = page.body.value("changes").toArray();
        QCOMPARE(changes.size(), 4);
        QCOMPARE(changes[0].toObject().value("data").toObject().value("index").toString(),
                 QStringLiteral("СОА20-ВК66-1/08.09.2020"));
        QCOMPARE(changes[3].toObject().value("entity").toString(), "correspondent");
        QCOMPARE(page.body.value("next_cursor").toInteger(), 4);
        QCOMPARE(pull(*f.service, f.clerkToken, 4).body.value("changes").toArray().size(), 0);
    }

    void refusedCommandsAreStoredAndChangeNothing()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        const QString reg = Ids::create();
        QCOMPARE(push(*f.service, f.clerkToken, {registerOp(reg, db.incomingRegisterId, "Жалба")}).status,
                 200);
        const QString registrationId
            = push(*f.service, f.clerkToken, {registerOp(reg, db.incomingRegisterId, "Жалба")})
                  .body.value("results")[0]
                  .toObject()
                  .value("result")
                  .toObject()
                  .value("registration_id")
                  .toString();
        QVERIFY(Ids::isValid(registrationId));
        const qint64 journal = count(db, "SELECT COUNT(*) FROM audit_journal");

        // A clerk pushing an administrator's command (annulment).
        const QJsonObject annul {
            {"op_id", Ids::create()},
            {"kind", "registration.annul"},
            {"payload", QJsonObject {{"registration_id", registrationId}, {"reason", "Грешка"}}}};
        const SyncReply refused = push(*f.service, f.clerkToken, {annul});
        QCOMPARE(refused.status, 200);
        const QJsonObject outcome = refused.body.value("results")[0].toObject();
        QCOMPARE(outcome.value("outcome").toString(), "rejected");
        QCOMPARE(outcome.value("error").toObject().value("code").toString(), "permission-denied");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration WHERE status = 'annulled'"), 0);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM audit_journal"), journal);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_change"), 1);
        // Replayed: the same refusal, even from the administrator (the command keeps its first answer).
        QCOMPARE(push(*f.service, f.clerkToken, {annul}).body, refused.body);

        // Invalid commands are refused one by one; a refused registration takes no number.
        const SyncReply invalid = push(
            *f.service, f.clerkToken,
            {registerOp(Ids::create(), db.incomingRegisterId, "   "),
             registerOp("not-a-uuid", db.incomingRegisterId, "Писмо"),
             QJsonObject {{"op_id", Ids::create()}, {"kind", "case.delete"}, {"payload", QJsonObject {}}},
             registerOp(Ids::create(), db.incomingRegisterId, "Писмо")});
        const QJsonArray results = invalid.body.value("results").toArray();
        QCOMPARE(results[0].toObject().value("error").toObject().value("code").toString(), "invalid-input");
        QCOMPARE(results[1].toObject().value("outcome").toString(), "rejected");
        QCOMPARE(results[2].toObject().value("outcome").toString(), "rejected");
        QCOMPARE(results[3].toObject().value("result").toObject().value("number").toInteger(), 2);

        // The administrator may annul.
        QJsonObject byAdmin = annul;
        byAdmin.insert("op_id", Ids::create());
        const SyncReply annulled = push(*f.service, f.adminToken, {byAdmin});
        QCOMPARE(annulled.body.value("results")[0].toObject().value("outcome").toString(), "applied");
        const QJsonArray feed = pull(*f.service, f.clerkToken, 0).body.value("changes").toArray();
        QCOMPARE(feed.last().toObject().value("data").toObject().value("status").toString(), "annulled");
    }

    void malformedRequestsAreRefusedAndChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not json") << QByteArray("{\"ops\": [");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("no ops") << QByteArray("{}");
        QTest::newRow("ops not array") << QByteArray("{\"ops\": 5}");
        QTest::newRow("op without payload") << QByteArray("{\"ops\": [{\"op_id\": \"x\", \"kind\": \"k\"}]}");
        QTest::newRow("one bad among good")
            << json({{"ops", QJsonArray {registerOp(Ids::create(), "r", "s"), QJsonValue(3)}}});
    }

    void malformedRequestsAreRefusedAndChangeNothing()
    {
        QFETCH(QByteArray, body);
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        const SyncReply reply
            = f.service->handle({"POST", "/api/v1/sync/push", {{"session", f.clerkToken}}, body, kDeskA});
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.body.value("error").toObject().value("code").toString(), "invalid-input");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration"), 0);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_processed_op"), 0);
        QCOMPARE(pull(*f.service, f.clerkToken, -1).status, 400);
        QCOMPARE(
            f.service
                ->handle(
                    {"GET", "/api/v1/sync/pull", {{"session", f.clerkToken}, {"cursor", "x"}}, {}, kDeskA})
                .status,
            400);
    }

    void restrictedDocumentsReachOnlyWhoMayReadThem()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        const SyncReply pushed
            = push(*f.service, f.clerkToken,
                   {registerOp(Ids::create(), db.incomingRegisterId, "Лично", "restricted"),
                    registerOp(Ids::create(), db.incomingRegisterId, "Общо")});
        const QString restrictedId = pushed.body.value("results")[0]
                                         .toObject()
                                         .value("result")
                                         .toObject()
                                         .value("registration_id")
                                         .toString();
        // The clerk's feed skips the restricted entry but moves past it.
        const SyncReply clerkPage = pull(*f.service, f.clerkToken, 0);
        QCOMPARE(clerkPage.body.value("changes").toArray().size(), 1);
        QCOMPARE(clerkPage.body.value("changes")[0]
                     .toObject()
                     .value("data")
                     .toObject()
                     .value("subject")
                     .toString(),
                 "Общо");
        QCOMPARE(clerkPage.body.value("next_cursor").toInteger(), 2);
        const SyncReply read = f.service->handle({"GET",
                                                  "/api/v1/sync/registration",
                                                  {{"session", f.clerkToken}, {"id", restrictedId}},
                                                  {},
                                                  kDeskA});
        QCOMPARE(read.status, 403);
        QVERIFY(!read.body.value("error").toObject().contains("subject"));
        QVERIFY(!QJsonDocument(read.body).toJson().contains("Лично"));
        // An official may.
        QCOMPARE(pull(*f.service, f.officialToken, 0, 0, kDeskB).body.value("changes").toArray().size(), 2);
        const SyncReply allowed = f.service->handle({"GET",
                                                     "/api/v1/sync/registration",
                                                     {{"session", f.officialToken}, {"id", restrictedId}},
                                                     {},
                                                     kDeskB});
        QCOMPARE(allowed.status, 200);
        QCOMPARE(allowed.body.value("subject").toString(), "Лично");
    }

    void provisionalEntriesKeepTheirLocalReceiptTime()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        QJsonObject op = registerOp(Ids::create(), db.incomingRegisterId, "Офлайн");
        QJsonObject payload = op.value("payload").toObject();
        payload.insert(
            "provisional",
            QJsonObject {{"number", "ВР-Г1-7"}, {"received_at_local", "2020-09-08T06:00:00.000Z"}});
        op.insert("payload", payload);
        const QJsonObject result = push(*f.service, f.clerkToken, {op}).body.value("results")[0].toObject();
        QCOMPARE(result.value("outcome").toString(), "applied");
        QCOMPARE(result.value("result").toObject().value("number").toInteger(), 1);
        const QJsonObject data
            = pull(*f.service, f.clerkToken, 0).body.value("changes")[0].toObject().value("data").toObject();
        QCOMPARE(data.value("provisional_number").toString(), "ВР-Г1-7");
        QCOMPARE(data.value("received_at_local").toString(), "2020-09-08T06:00:00.000Z");
        QCOMPARE(data.value("registered_at").toString(), "2020-09-08T09:30:00.000Z");
        // A provisional entry without its receipt time is refused.
        payload.insert("provisional", QJsonObject {{"number", "ВР-Г1-8"}});
        op.insert("payload", payload);
        op.insert("op_id", Ids::create());
        QCOMPARE(push(*f.service, f.clerkToken, {op})
                     .body.value("results")[0]
                     .toObject()
                     .value("outcome")
                     .toString(),
                 "rejected");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration"), 1);
    }

    /** The applier nests the service's transaction in its own: a savepoint. */
    void nestedTransactionsAreSavepoints()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto outer = Transaction::begin(db.database());
        QVERIFY(outer.ok());
        QVERIFY(Sql::exec(outer->connection(), "INSERT INTO sync_state (stream, cursor) VALUES ('outer', 1)")
                    .ok());
        {
            auto undone = Transaction::begin(db.database());
            QVERIFY(undone.ok());
            QVERIFY(Sql::exec(undone->connection(),
                              "INSERT INTO sync_state (stream, cursor) VALUES ('undone', 2)")
                        .ok());
            // A failing statement inside the nested transaction (PostgreSQL aborts up to the savepoint).
            QVERIFY(!Sql::exec(undone->connection(),
                               "INSERT INTO sync_state (stream, cursor) VALUES ('outer', 3)")
                         .ok());
        } // rolled back to its savepoint
        {
            auto kept = Transaction::begin(db.database());
            QVERIFY(kept.ok());
            QVERIFY(
                Sql::exec(kept->connection(), "INSERT INTO sync_state (stream, cursor) VALUES ('kept', 4)")
                    .ok());
            QVERIFY(kept->commit().ok());
        }
        QVERIFY(outer->commit().ok());
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_state"), 2);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_state WHERE stream = 'undone'"), 0);
        QCOMPARE(count(db, "SELECT SUM(cursor) FROM sync_state"), 5);
        // After the outer commit, a new transaction is outermost again.
        auto next = Transaction::begin(db.database());
        QVERIFY(next.ok());
        next->rollback();
    }

    /** The pitfall of a plain sequence cursor: a transaction that takes its number
     *  first but commits last must not be skipped by a reader. */
    void lateCommitsAreNeverSkipped()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        // Transaction A (this thread) appends first and stays open.
        auto a = Transaction::begin(db.database());
        QVERIFY(a.ok());
        QList<SyncChange> first {{0, "test", "a", "internal", {{"n", 1}}, db.clock.now()}};
        QVERIFY(ChangeFeed::append(*a, first).ok());
        QCOMPARE(first[0].seq, 1);

        // Transaction B (another thread) wants to append and commit meanwhile.
        std::promise<qint64> bSeq;
        std::thread b([&] {
            qint64 seq = -1;
            if (auto tx = Transaction::begin(db.database())) {
                QList<SyncChange> second {{0, "test", "b", "internal", {{"n", 2}}, db.clock.now()}};
                if (ChangeFeed::append(*tx, second) && tx->commit())
                    seq = second[0].seq;
            }
            bSeq.set_value(seq);
        });
        auto bDone = bSeq.get_future();
        // B cannot get ahead of A: it waits for A's lock, so a reader sees nothing yet.
        QCOMPARE(bDone.wait_for(300ms), std::future_status::timeout);
        std::promise<qint64> readerCursor;
        std::thread reader([&] {
            auto page = ChangeFeed::read(db.database(), 0, 100, true);
            readerCursor.set_value(page ? page->nextCursor : -1);
        });
        reader.join();
        QCOMPARE(readerCursor.get_future().get(), 0);

        QVERIFY(a->commit().ok());
        QCOMPARE(bDone.get(), 2);
        b.join();
        auto page = ChangeFeed::read(db.database(), 0, 100, true);
        QVERIFY(page.ok());
        QCOMPARE(page->changes.size(), 2);
        QCOMPARE(page->changes[0].entityId, "a");
        QCOMPARE(page->changes[1].entityId, "b");
        QCOMPARE(page->nextCursor, 2);
    }

    void longPollWakesOnACommit()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db, SyncSettings {{}, 3600s, 5000ms, 2});
        QElapsedTimer timer;
        timer.start();
        // Nothing happens: the pull waits its bounded time.
        const SyncReply idle = pull(*f.service, f.clerkToken, 0, 1);
        QVERIFY(timer.elapsed() >= 900);
        QCOMPARE(idle.body.value("changes").toArray().size(), 0);

        auto waiting = std::async(std::launch::async, [&] {
            QElapsedTimer t;
            t.start();
            const SyncReply reply = pull(*f.service, f.officialToken, 0, 5, kDeskB);
            return std::make_pair(reply.body.value("changes").toArray().size(), t.elapsed());
        });
        std::this_thread::sleep_for(200ms);
        QCOMPARE(
            push(*f.service, f.clerkToken, {registerOp(Ids::create(), db.incomingRegisterId, "Ново")}).status,
            200);
        const auto [changes, elapsed] = waiting.get();
        QCOMPARE(changes, 1);
        QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
    }

    void blobsUploadInResumablePartsAndCheckTheHash()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        const QByteArray content = QByteArray("%PDF-1.7 test ").repeated(1000);
        const QString sha
            = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
        const QString other = QString(64, QLatin1Char('e'));
        auto call
            = [&](QByteArray method, QByteArray path, QMap<QString, QString> query, QByteArray body = {}) {
                  query.insert("session", f.clerkToken);
                  return f.service->handle({method, path, query, body, kDeskA});
              };
        SyncReply missing
            = call("POST", "/api/v1/blobs/missing", {}, json({{"hashes", QJsonArray {sha, other}}}));
        QCOMPARE(missing.body.value("missing").toArray().size(), 2);
        QCOMPARE(call("POST", "/api/v1/blobs/missing", {}, json({{"hashes", QJsonArray {"../etc"}}})).status,
                 400);

        // Part 0, then "interrupted"; the desk asks what arrived and resumes with part 1.
        const QByteArray part0 = content.left(6000), part1 = content.mid(6000);
        QCOMPARE(call("PUT", "/api/v1/blobs/part", {{"sha256", sha}, {"part", "0"}}, part0).status, 200);
        const SyncReply parts = call("GET", "/api/v1/blobs/parts", {{"sha256", sha}});
        QCOMPARE(parts.body.value("parts").toArray().size(), 1);
        QCOMPARE(parts.body.value("parts")[0].toObject().value("size").toInteger(), 6000);
        // Completing too early names the missing part.
        QCOMPARE(call("POST", "/api/v1/blobs/complete", {{"sha256", sha}, {"parts", "2"}}).status, 409);
        // A part that does not match its own hash is refused.
        QCOMPARE(
            call("PUT", "/api/v1/blobs/part", {{"sha256", sha}, {"part", "1"}, {"part_sha256", other}}, part1)
                .status,
            422);
        QCOMPARE(call("PUT", "/api/v1/blobs/part", {{"sha256", sha}, {"part", "1"}}, part1).status, 200);
        const SyncReply done = call("POST", "/api/v1/blobs/complete", {{"sha256", sha}, {"parts", "2"}});
        QCOMPARE(done.status, 200);
        QCOMPARE(done.body.value("size").toInteger(), content.size());
        missing = call("POST", "/api/v1/blobs/missing", {}, json({{"hashes", QJsonArray {sha, other}}}));
        QCOMPARE(missing.body.value("missing").toArray(), QJsonArray {other});

        // Bytes uploaded under a name that is not their hash: refused, nothing stored.
        QCOMPARE(
            call("PUT", "/api/v1/blobs/part", {{"sha256", other}, {"part", "0"}}, "not the content").status,
            200);
        const SyncReply mismatch
            = call("POST", "/api/v1/blobs/complete", {{"sha256", other}, {"parts", "1"}});
        QCOMPARE(mismatch.status, 422);
        QCOMPARE(mismatch.body.value("error").toObject().value("code").toString(), "corrupt");
        QCOMPARE(call("POST", "/api/v1/blobs/missing", {}, json({{"hashes", QJsonArray {other}}}))
                     .body.value("missing")
                     .toArray()
                     .size(),
                 1);
        QCOMPARE(call("GET", "/api/v1/blobs/parts", {{"sha256", other}}).body.value("parts").toArray().size(),
                 0);
        // Parts are at most 8 MiB.
        QCOMPARE(call("PUT", "/api/v1/blobs/part", {{"sha256", other}, {"part", "0"}},
                      QByteArray(8 * 1024 * 1024 + 1, 'x'))
                     .status,
                 400);
    }
};

QTEST_GUILESS_MAIN(tst_SyncProtocol)
#include "tst_SyncProtocol.moc"
