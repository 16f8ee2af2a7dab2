// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "storage/Migrator.h"
#include "storage/Sql.h"

#include <QTest>

using namespace dms;

class tst_Migrator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appliesEveryMigrationOnce()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Migrator migrator(db.database());
        const auto available = migrator.available();
        QVERIFY(available.size() >= 3);
        for (int i = 0; i < available.size(); ++i)
            QCOMPARE(available.at(i).version, i + 1); // numbered without gaps
        auto version = db.database().schemaVersion();
        QVERIFY(version.ok());
        QCOMPARE(*version, migrator.latestVersion());
        QVERIFY(migrator.apply().ok()); // idempotent
        QVERIFY(migrator.check().ok());
        auto conn = db.database().connection();
        auto count = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM schema_migrations"));
        QCOMPARE(count->toInt(), available.size());
    }

    void engineOverridesReplaceSharedFiles()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Migrator migrator(db.database());
        const auto available = migrator.available();
        const auto search = std::find_if(available.begin(), available.end(),
                                         [](const auto &m) { return m.name == QLatin1String("search"); });
        QVERIFY(search != available.end());
        if (db.database().isSqlite())
            QVERIFY(search->sql.contains(QLatin1String("fts5")));
        else
            QVERIFY(search->sql.contains(QLatin1String("TSVECTOR")));
    }

    void refusesChangedMigration()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto conn = db.database().connection();
        QVERIFY(
            Sql::exec(*conn, QStringLiteral("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"))
                .ok());
        Migrator migrator(db.database());
        auto applied = migrator.apply();
        QVERIFY(!applied.ok());
        QCOMPARE(applied.error().code, ErrorCode::MigrationChanged);
        QCOMPARE(migrator.check().error().code, ErrorCode::MigrationChanged);
    }

    void refusesNewerSchema()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto conn = db.database().connection();
        QVERIFY(Sql::exec(*conn,
                          QStringLiteral("INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                                         " VALUES (9999, 'future', 'x', '2030-01-01')"))
                    .ok());
        auto reopened = Database::open(db.config());
        QVERIFY(!reopened.ok());
        QCOMPARE(reopened.error().code, ErrorCode::SchemaTooNew);
        QVERIFY(!reopened.error().message.isEmpty());
    }

    void checkOnlyDoesNotMigrate()
    {
        if (TempDatabase::postgresRequested())
            QSKIP("an empty SQLite file is enough to show this");
        QTemporaryDir dir;
        DatabaseConfig config;
        config.path = dir.filePath(QStringLiteral("empty.db"));
        auto opened = Database::open(config, Database::Migration::CheckOnly);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::InvalidState);
    }

    void reportsUnopenableDatabase()
    {
        DatabaseConfig config;
        config.path = QStringLiteral("/proc/no-such-dir/x.db");
        auto opened = Database::open(config);
        QVERIFY(!opened.ok());
        QVERIFY(!opened.error().message.isEmpty());
        DatabaseConfig pg;
        pg.engine = DatabaseConfig::Engine::Postgres;
        pg.host = QStringLiteral("/nonexistent-socket-dir");
        pg.name = QStringLiteral("x");
        auto none = Database::open(pg);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, ErrorCode::Storage);
    }
};

QTEST_GUILESS_MAIN(tst_Migrator)
#include "tst_Migrator.moc"
