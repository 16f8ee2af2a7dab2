// SPDX-License-Identifier: GPL-3.0-or-later
// Leased number blocks (NumberLeases, the leased_number of a pushed registration)
// through SyncService, on SQLite and PostgreSQL (TempDatabase).
#include "TempDatabase.h"
#include "core/Ids.h"
#include "storage/Sql.h"
#include "sync/NumberLeases.h"
#include "sync/SyncService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using namespace std::chrono_literals;

namespace {

const QByteArray kDeskA = QByteArray(64, 'a');
const QByteArray kDeskB = QByteArray(64, 'b');

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject leasedOp(const QString &opId, const QString &registerId, qint64 number, int year)
{
    return {{"op_id", opId},
            {"kind", "registration.create"},
            {"payload",
             QJsonObject {{"register_id", registerId},
                          {"leased_number", number},
                          {"year", year},
                          {"document",
                           QJsonObject {{"kind", "Заявление"},
                                        {"subject", "По време на прекъсване"},
                                        {"access_level", "internal"}}}}}};
}

qint64 count(TempDatabase &db, const QString &sql, const QVariantList &values = {})
{
    auto conn = db.database().connection();
    auto row = Sql::exec(*conn, sql, values);
    return row && row->next() ? row->value(0).toLongLong() : -1;
}

} // namespace

class tst_SyncNumberLeases : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_blobs;

    struct Fixture
    {
        std::unique_ptr<SyncService> service;
        Desk deskA;
        Desk deskB;
        QString tokenA;
        QString tokenB;
    };

    Fixture makeService(TempDatabase &db)
    {
        Fixture f;
        SyncSettings settings;
        settings.blobDir = m_blobs.filePath(Ids::create());
        settings.maxWait = 5s;
        f.service = std::make_unique<SyncService>(db.context(), settings);
        auto a = f.service->desks().add(db.admin, QStringLiteral("Гише 1"), QString::fromLatin1(kDeskA));
        auto b = f.service->desks().add(db.admin, QStringLiteral("Гише 2"), QString::fromLatin1(kDeskB));
        if (!a || !b)
            return f;
        f.deskA = *a;
        f.deskB = *b;
        f.tokenA = login(*f.service, kDeskA).body.value("session").toString();
        f.tokenB = login(*f.service, kDeskB).body.value("session").toString();
        return f;
    }

    static SyncReply login(SyncService &service, const QByteArray &cert)
    {
        return service.handle({"POST", "/api/v1/sync/login", {}, json({{"login", "clerk"}}), cert});
    }

    static QJsonObject push(SyncService &service, const QString &token, const QJsonObject &op,
                            const QByteArray &cert = kDeskA)
    {
        const SyncReply reply = service.handle(
            {"POST", "/api/v1/sync/push", {{"session", token}}, json({{"ops", QJsonArray {op}}}), cert});
        return reply.body.value("results")[0].toObject();
    }

    static QString errorCode(const QJsonObject &outcome)
    {
        return outcome.value("error").toObject().value("code").toString();
    }

    static qint64 numberOf(const QJsonObject &outcome)
    {
        return outcome.value("result").toObject().value("number").toInteger();
    }

private Q_SLOTS:
    void grantReservesTheNextNumbersAndIsAudited()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        QVERIFY(!f.tokenA.isEmpty());
        NumberLeases leases(db.context());
        const int year = db.clock.now().toTimeZone(db.context().timeZone).date().year();

        // Only an administrator grants; the block size is bounded; the desk must exist.
        QCOMPARE(leases.grant(db.clerk, db.incomingRegisterId, f.deskA.id, 5).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(leases.grant(db.admin, db.incomingRegisterId, f.deskA.id, 0).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(leases.grant(db.admin, db.incomingRegisterId, f.deskA.id, NumberLeases::kMaxBlockSize + 1)
                     .error()
                     .code,
                 ErrorCode::InvalidInput);
        QCOMPARE(leases.grant(db.admin, db.incomingRegisterId, Ids::create(), 5).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(leases.grant(db.admin, Ids::create(), f.deskA.id, 5).error().code, ErrorCode::NotFound);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM number_lease"), 0);

        auto lease = leases.grant(db.admin, db.incomingRegisterId, f.deskA.id, 5);
        QVERIFY2(lease, qPrintable(lease ? QString() : lease.error().message));
        QCOMPARE(lease->firstNumber, 1);
        QCOMPARE(lease->lastNumber, 5);
        QCOMPARE(lease->year, year);
        QVERIFY(lease->active);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM audit_journal WHERE action = 'number-lease.grant'"), 1);
        QCOMPARE(count(db, "SELECT last_number FROM register_counter WHERE register_id = ? AND year = ?",
                       {db.incomingRegisterId, year}),
                 5);

        // The server's own numbering continues after the block.
        QJsonObject ordinary = leasedOp(Ids::create(), db.incomingRegisterId, 1, year);
        QJsonObject payload = ordinary.value("payload").toObject();
        payload.remove("leased_number");
        payload.remove("year");
        ordinary.insert("payload", payload);
        QCOMPARE(numberOf(push(*f.service, f.tokenA, ordinary)), 6);

        auto listed = leases.list(f.deskA.id);
        QVERIFY(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().id, lease->id);
        QCOMPARE(leases.list(f.deskB.id)->size(), 0);
    }

    void deskRegistersOnlyWithNumbersOfItsLease()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        NumberLeases leases(db.context());
        auto lease = leases.grant(db.admin, db.incomingRegisterId, f.deskA.id, 4);
        QVERIFY(lease);
        const int year = lease->year;

        const QJsonObject first = leasedOp(Ids::create(), db.incomingRegisterId, 3, year);
        const QJsonObject applied = push(*f.service, f.tokenA, first);
        QCOMPARE(applied.value("outcome").toString(), "applied");
        QCOMPARE(numberOf(applied), 3);
        // A replay returns the same answer and takes nothing.
        QCOMPARE(push(*f.service, f.tokenA, first), applied);

        const qint64 registrations = count(db, "SELECT COUNT(*) FROM registration");
        // The same number twice, a number outside the lease, another desk, another year,
        // another register, nonsense: each refused, nothing written.
        QCOMPARE(
            errorCode(push(*f.service, f.tokenA, leasedOp(Ids::create(), db.incomingRegisterId, 3, year))),
            "conflict");
        QCOMPARE(
            errorCode(push(*f.service, f.tokenA, leasedOp(Ids::create(), db.incomingRegisterId, 5, year))),
            "permission-denied");
        QCOMPARE(errorCode(push(*f.service, f.tokenB, leasedOp(Ids::create(), db.incomingRegisterId, 2, year),
                                kDeskB)),
                 "permission-denied");
        QCOMPARE(errorCode(
                     push(*f.service, f.tokenA, leasedOp(Ids::create(), db.incomingRegisterId, 2, year + 1))),
                 "permission-denied");
        QCOMPARE(errorCode(push(*f.service, f.tokenA, leasedOp(Ids::create(), db.secondRegisterId, 2, year))),
                 "permission-denied");
        QCOMPARE(
            errorCode(push(*f.service, f.tokenA, leasedOp(Ids::create(), db.incomingRegisterId, -2, year))),
            "invalid-input");
        QJsonObject text = leasedOp(Ids::create(), db.incomingRegisterId, 2, year);
        QJsonObject payload = text.value("payload").toObject();
        payload.insert("leased_number", "2");
        text.insert("payload", payload);
        QCOMPARE(errorCode(push(*f.service, f.tokenA, text)), "invalid-input");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration"), registrations);

        QCOMPARE(
            numberOf(push(*f.service, f.tokenA, leasedOp(Ids::create(), db.incomingRegisterId, 1, year))), 1);
    }

    void returnAnnulsTheUnusedNumbersForGood()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Fixture f = makeService(db);
        NumberLeases leases(db.context());
        auto lease = leases.grant(db.admin, db.incomingRegisterId, f.deskA.id, 5);
        QVERIFY(lease);
        const int year = lease->year;
        QCOMPARE(
            numberOf(push(*f.service, f.tokenA, leasedOp(Ids::create(), db.incomingRegisterId, 2, year))), 2);
        QCOMPARE(
            numberOf(push(*f.service, f.tokenA, leasedOp(Ids::create(), db.incomingRegisterId, 4, year))), 4);
        const qint64 feedBefore = count(db, "SELECT COUNT(*) FROM sync_change");

        QCOMPARE(leases.returnLease(db.clerk, lease->id, "Връзката е възстановена").error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(leases.returnLease(db.admin, lease->id, "   ").error().code, ErrorCode::InvalidInput);
        QCOMPARE(leases.returnLease(db.admin, Ids::create(), "Причина").error().code, ErrorCode::NotFound);

        auto annulled = leases.returnLease(db.admin, lease->id, "Връзката е възстановена");
        QVERIFY2(annulled, qPrintable(annulled ? QString() : annulled.error().message));
        QCOMPARE(*annulled, 3);
        QCOMPARE(leases.returnLease(db.admin, lease->id, "Отново").error().code, ErrorCode::InvalidState);
        QVERIFY(!leases.list()->first().active);

        // Numbers 1..5 all accounted for: two used, three annulled with the reason.
        const QString inRegister = "FROM registration WHERE register_id = ? AND year = ? AND sub_number = 0";
        QCOMPARE(count(db, "SELECT COUNT(DISTINCT number) " + inRegister + " AND number BETWEEN 1 AND 5",
                       {db.incomingRegisterId, year}),
                 5);
        QCOMPARE(count(db,
                       "SELECT COUNT(*) " + inRegister
                           + " AND status = 'annulled' AND annul_reason = 'Връзката е възстановена'",
                       {db.incomingRegisterId, year}),
                 3);
        QCOMPARE(count(db, "SELECT COUNT(*) " + inRegister + " AND status = 'active'",
                       {db.incomingRegisterId, year}),
                 2);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM audit_journal WHERE action = 'number-lease.return'"), 1);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM audit_journal WHERE action = 'registration.annul'"), 3);
        // The annulled entries reach the desks.
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_change"), feedBefore + 4);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM sync_change WHERE entity = 'number_lease'"), 2);

        // Never reused: neither by the desk nor by the server's counter.
        QCOMPARE(
            errorCode(push(*f.service, f.tokenA, leasedOp(Ids::create(), db.incomingRegisterId, 3, year))),
            "permission-denied");
        QJsonObject ordinary = leasedOp(Ids::create(), db.incomingRegisterId, 1, year);
        QJsonObject payload = ordinary.value("payload").toObject();
        payload.remove("leased_number");
        payload.remove("year");
        ordinary.insert("payload", payload);
        QCOMPARE(numberOf(push(*f.service, f.tokenA, ordinary)), 6);
    }
};

QTEST_GUILESS_MAIN(tst_SyncNumberLeases)
#include "tst_SyncNumberLeases.moc"
