// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/DatabaseConfig.h"

#include <QTest>

using namespace dms;

class tst_DatabaseConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesUrls()
    {
        auto sqlite = DatabaseConfig::fromUrl(QStringLiteral("sqlite:/var/lib/delovod/delovod.db"));
        QVERIFY(sqlite.ok());
        QVERIFY(sqlite->isSqlite());
        QCOMPARE(sqlite->path, QStringLiteral("/var/lib/delovod/delovod.db"));

        auto bare = DatabaseConfig::fromUrl(QStringLiteral("relative/file.db"));
        QVERIFY(bare.ok());
        QCOMPARE(bare->path, QStringLiteral("relative/file.db"));

        auto pg = DatabaseConfig::fromUrl(QStringLiteral("postgresql://dms:s3cret@db.example:6543/registry"));
        QVERIFY(pg.ok());
        QCOMPARE(pg->engine, DatabaseConfig::Engine::Postgres);
        QCOMPARE(pg->host, QStringLiteral("db.example"));
        QCOMPARE(pg->port, 6543);
        QCOMPARE(pg->name, QStringLiteral("registry"));
        QCOMPARE(pg->user, QStringLiteral("dms"));
        QCOMPARE(pg->password, QStringLiteral("s3cret"));
        QVERIFY(!pg->toDisplayUrl().contains(QLatin1String("s3cret")));

        auto socket
            = DatabaseConfig::fromUrl(QStringLiteral("postgres://postgres@/regtest?host=/run/postgresql"));
        QVERIFY(socket.ok());
        QCOMPARE(socket->host, QStringLiteral("/run/postgresql"));
        QCOMPARE(socket->name, QStringLiteral("regtest"));
    }

    void rejectsBadUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("empty") << "";
        QTest::newRow("blank") << "   ";
        QTest::newRow("sqlite without path") << "sqlite:";
        QTest::newRow("pg without database") << "postgresql://host/";
        QTest::newRow("pg bad port") << "postgresql://host:99999999/x";
        QTest::newRow("other engine") << "mysql://host/db";
        QTest::newRow("http") << "https://example.org/db";
    }

    void rejectsBadUrls()
    {
        QFETCH(QString, url);
        auto config = DatabaseConfig::fromUrl(url);
        QVERIFY(!config.ok());
        QCOMPARE(config.error().code, ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_DatabaseConfig)
#include "tst_DatabaseConfig.moc"
