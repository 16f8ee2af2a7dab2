// SPDX-License-Identifier: GPL-3.0-or-later
// A desk's SyncEngine against the in-process core (the embedded default: the same
// SyncService as behind HTTPS). The server database is a TempDatabase (SQLite or
// PostgreSQL); each desk has its own SQLite replica.
#include "TempDatabase.h"
#include "core/Ids.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"
#include "sync/InProcessSyncTransport.h"
#include "sync/NumberLeases.h"
#include "sync/SyncEngine.h"
#include "sync/SyncService.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using namespace std::chrono_literals;

class tst_SyncEngine : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    struct Desk
    {
        std::shared_ptr<Database> local;
        /** Shared with every transport the engine makes: a stopped engine deletes
         *  its transport, so the test must not keep a pointer to one. */
        std::shared_ptr<std::atomic<bool>> reachable = std::make_shared<std::atomic<bool>>(true);
        std::unique_ptr<SyncEngine> engine;

        void setReachable(bool value) { *reachable = value; }
    };

    Desk makeDesk(SyncService &service, TempDatabase &db, const QByteArray &cert, const QString &user,
                  qint64 maxPushBytes = 8 * 1024 * 1024)
    {
        Desk desk;
        DatabaseConfig config;
        config.path = m_dir.filePath(Ids::create() + QStringLiteral(".db"));
        config.durability = DatabaseConfig::Durability::Normal;
        auto opened = Database::open(config);
        if (!opened)
            return desk;
        desk.local = *opened;
        SyncEngineSettings settings;
        settings.userLogin = user;
        settings.deskCode = QStringLiteral("Г1");
        settings.pollWaitSeconds = 1;
        settings.retryIntervalMs = 100;
        settings.pullLimit = 500;
        settings.maxPushBytes = maxPushBytes;
        auto reachable = desk.reachable;
        desk.engine = std::make_unique<SyncEngine>(
            desk.local, db.clock,
            [&service, cert, reachable] {
                return std::make_unique<InProcessSyncTransport>(service, cert, reachable);
            },
            settings);
        return desk;
    }

    static NewRegistration incoming(const QString &registerId, const QString &subject)
    {
        NewRegistration request;
        request.registerId = registerId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = subject;
        return request;
    }

    std::unique_ptr<SyncService> makeService(TempDatabase &db)
    {
        SyncSettings settings;
        settings.blobDir = m_dir.filePath(Ids::create());
        settings.maxWait = 2s;
        settings.maxWaitingPulls = 4;
        auto service = std::make_unique<SyncService>(db.context(), settings);
        if (!service->desks().add(db.admin, "Гише 1", QString(64, QLatin1Char('1')))
            || !service->desks().add(db.admin, "Гише 2", QString(64, QLatin1Char('2'))))
            return nullptr;
        return service;
    }

private Q_SLOTS:
    void embeddedDesksShareOneNumbering()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto service = makeService(db);
        QVERIFY(service);
        Desk a = makeDesk(*service, db, QByteArray(64, '1'), "clerk");
        Desk b = makeDesk(*service, db, QByteArray(64, '2'), "official");
        QVERIFY(a.engine && b.engine);
        QSignalSpy states(a.engine.get(), &SyncEngine::stateChanged);
        QSignalSpy progress(a.engine.get(), &SyncEngine::progress);
        a.engine->start();
        b.engine->start();
        QTRY_COMPARE_WITH_TIMEOUT(a.engine->state(), SyncState::Online, 10'000);
        for (int i = 0; i < 5; ++i) {
            auto entry = a.engine->registerDocument(
                incoming(db.incomingRegisterId, QStringLiteral("Писмо %1").arg(i)));
            QVERIFY(entry);
            QCOMPARE(entry->payload.value("provisional").toObject().value("number").toString(),
                     QStringLiteral("ВР-Г1-%1").arg(i + 1));
        }
        QTRY_COMPARE_WITH_TIMEOUT(*a.engine->outbox().count("applied"), 5, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(*b.engine->replicaCount("registration"), 5, 10'000);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(states.first().first().value<SyncState>(), SyncState::Online);
        // The answers carry the official numbers in order.
        auto rows = Sql::exec(*a.local->connection(), "SELECT result FROM sync_outbox ORDER BY position");
        QVERIFY(rows);
        int expected = 0;
        while (rows->next()) {
            const QJsonObject answer = QJsonDocument::fromJson(rows->value(0).toString().toUtf8()).object();
            QCOMPARE(answer.value("result").toObject().value("number").toInteger(), ++expected);
        }
        a.engine->stop();
        b.engine->stop();
        QCOMPARE(a.engine->state(), SyncState::Stopped);
    }

    void offlineWorkIsKeptAndSentInOrder()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto service = makeService(db);
        Desk desk = makeDesk(*service, db, QByteArray(64, '1'), "clerk");
        desk.engine->start();
        QTRY_COMPARE_WITH_TIMEOUT(desk.engine->state(), SyncState::Online, 10'000);
        desk.setReachable(false);
        desk.engine->syncNow();
        QVERIFY(desk.engine->registerDocument(incoming(db.incomingRegisterId, "Офлайн 1")));
        QTRY_COMPARE_WITH_TIMEOUT(desk.engine->state(), SyncState::Offline, 10'000);
        QVERIFY(desk.engine->registerDocument(incoming(db.incomingRegisterId, "Офлайн 2")));
        QCOMPARE(*desk.engine->outbox().count("pending"), 2);
        auto conn = db.database().connection();
        QCOMPARE(Sql::scalar(*conn, "SELECT COUNT(*) FROM registration")->toInt(), 0);

        // The outbox survives a restart of the desk.
        desk.engine->stop();
        desk.engine->start();
        desk.setReachable(true);
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->outbox().count("applied"), 2, 10'000);
        QCOMPARE(Sql::scalar(*conn, "SELECT COUNT(*) FROM registration")->toInt(), 2);
        auto first = Sql::scalar(*conn,
                                 "SELECT r.number FROM registration r JOIN sync_offline_receipt o"
                                 " ON o.registration_id = r.id WHERE o.provisional_number = 'ВР-Г1-1'");
        QVERIFY(first);
        QCOMPARE(first->toInt(), 1);
        desk.engine->stop();
    }

    void offlineDeskRegistersWithItsLeasedNumbers()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto service = makeService(db);
        Desk desk = makeDesk(*service, db, QByteArray(64, '1'), "clerk");
        desk.engine->start();
        QTRY_COMPARE_WITH_TIMEOUT(desk.engine->state(), SyncState::Online, 10'000);
        auto deskId = service->desks().findByCertificate(QString(64, QLatin1Char('1')));
        QVERIFY(deskId);
        NumberLeases leases(db.context());
        auto lease = leases.grant(db.admin, db.incomingRegisterId, deskId->id, 2);
        QVERIFY(lease);
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->replicaCount("number_lease"), 1, 10'000);
        // Online, the server numbers as usual.
        auto online = desk.engine->registerDocument(incoming(db.incomingRegisterId, "На линия"));
        QVERIFY(online);
        QVERIFY(!online->payload.contains("leased_number"));
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->outbox().count("applied"), 1, 10'000);

        desk.setReachable(false);
        desk.engine->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(desk.engine->state(), SyncState::Offline, 10'000);
        QList<OutboxEntry> offline;
        for (int i = 0; i < 3; ++i) {
            auto entry = desk.engine->registerDocument(incoming(db.incomingRegisterId, "Офлайн"));
            QVERIFY(entry);
            offline.append(*entry);
        }
        QCOMPARE(offline[0].payload.value("leased_number").toInteger(), 1);
        QCOMPARE(offline[1].payload.value("leased_number").toInteger(), 2);
        QVERIFY(!offline[2].payload.contains("leased_number")); // the block is used up
        // Meanwhile the server keeps numbering after the block.
        auto elsewhere = RegistrationService(db.context())
                             .registerDocument(db.clerk, incoming(db.incomingRegisterId, "Друго гише"));
        QVERIFY(elsewhere);
        QCOMPARE(elsewhere->number, 4);

        desk.setReachable(true);
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->outbox().count("applied"), 4, 10'000);
        auto rows = Sql::exec(*desk.local->connection(), "SELECT result FROM sync_outbox ORDER BY position");
        QVERIFY(rows);
        QList<qint64> numbers;
        while (rows->next())
            numbers.append(QJsonDocument::fromJson(rows->value(0).toString().toUtf8())
                               .object()
                               .value("result")
                               .toObject()
                               .value("number")
                               .toInteger());
        QCOMPARE(numbers, (QList<qint64> {3, 1, 2, 5}));
        auto annulled = leases.returnLease(db.admin, lease->id, "Краят на прекъсването");
        QVERIFY(annulled);
        QCOMPARE(*annulled, 0);
        desk.engine->stop();
    }

    void refusedCommandsShowAsConflicts()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto service = makeService(db);
        Desk desk = makeDesk(*service, db, QByteArray(64, '1'), "clerk");
        desk.engine->start();
        QVERIFY(desk.engine->registerDocument(incoming(db.incomingRegisterId, "Писмо")));
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->replicaCount("registration"), 1, 10'000);
        auto conn = db.database().connection();
        const QString id = Sql::scalar(*conn, "SELECT id FROM registration")->toString();
        QSignalSpy decided(desk.engine.get(), &SyncEngine::commandDecided);
        auto annul = desk.engine->annul(id, "Грешка"); // a clerk may not annul
        QVERIFY(annul);
        QTRY_COMPARE_WITH_TIMEOUT(desk.engine->state(), SyncState::Conflicts, 10'000);
        QCOMPARE(decided.size(), 1);
        QCOMPARE(decided.first().at(0).toString(), annul->opId);
        QCOMPARE(decided.first().at(1).toBool(), false);
        auto stored = desk.engine->outbox().find(annul->opId);
        QVERIFY(stored);
        QCOMPARE(stored->state, "rejected");
        QCOMPARE(stored->result.value("error").toObject().value("code").toString(), "permission-denied");
        QCOMPARE(Sql::scalar(*conn, "SELECT status FROM registration")->toString(), "active");
        desk.engine->stop();
    }

    void pushesStayUnderTheBodyLimit()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto service = makeService(db);
        Desk desk = makeDesk(*service, db, QByteArray(64, '1'), "clerk", 4096);
        for (int i = 0; i < 4; ++i) {
            NewRegistration request = incoming(db.incomingRegisterId, QStringLiteral("Писмо %1").arg(i));
            request.document.fullText = QString(1500, QLatin1Char('a' + i));
            QVERIFY(desk.engine->registerDocument(request));
        }
        NewRegistration huge = incoming(db.incomingRegisterId, "Твърде голямо");
        huge.document.fullText = QString(10'000, QLatin1Char('z'));
        auto tooLarge = desk.engine->registerDocument(huge);
        QVERIFY(tooLarge);
        desk.engine->start();
        QTRY_COMPARE_WITH_TIMEOUT(*desk.engine->outbox().count("applied"), 4, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.engine->state(), SyncState::Conflicts, 10'000);
        auto refused = desk.engine->outbox().find(tooLarge->opId);
        QVERIFY(refused);
        QCOMPARE(refused->state, "rejected");
        QCOMPARE(refused->result.value("error").toObject().value("code").toString(), "invalid-input");
        auto conn = db.database().connection();
        QCOMPARE(Sql::scalar(*conn, "SELECT COUNT(*) FROM registration")->toInt(), 4);
        desk.engine->stop();
    }

    void newDeskCatchesUpInPages()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto service = makeService(db);
        Desk writer = makeDesk(*service, db, QByteArray(64, '1'), "clerk");
        constexpr int kCount = 700; // more than one page (pullLimit 500)
        for (int i = 0; i < kCount; ++i)
            QVERIFY(writer.engine->registerDocument(
                incoming(db.incomingRegisterId, QStringLiteral("Писмо %1").arg(i))));
        writer.engine->start();
        QTRY_COMPARE_WITH_TIMEOUT(*writer.engine->outbox().count("applied"), kCount, 40'000);
        writer.engine->stop();

        Desk fresh = makeDesk(*service, db, QByteArray(64, '2'), "official");
        fresh.engine->start();
        QTRY_COMPARE_WITH_TIMEOUT(*fresh.engine->replicaCount("registration"), kCount, 20'000);
        QCOMPARE(*fresh.engine->cursor(), kCount);
        fresh.engine->stop();
    }
};

QTEST_GUILESS_MAIN(tst_SyncEngine)
#include "tst_SyncEngine.moc"
