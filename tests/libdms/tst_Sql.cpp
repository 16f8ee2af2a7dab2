// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QTest>

using namespace dms;

class tst_Sql : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapsConstraintErrorsWithoutValues()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        const QString secret = QStringLiteral("7501010010");
        const QString insert
            = QStringLiteral("INSERT INTO correspondent (id, kind, name, egn, search_key, created_at)"
                             " VALUES (?, 'citizen', 'Иван', ?, 'иван', '2020-01-01')");
        QVERIFY(Sql::exec(*conn, insert, {QStringLiteral("a"), secret}).ok());
        auto duplicate = Sql::exec(*conn, insert, {QStringLiteral("b"), secret});
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().code, ErrorCode::AlreadyExists);
        QVERIFY2(!duplicate.error().detail.contains(secret), qPrintable(duplicate.error().detail));
        QVERIFY(!duplicate.error().message.contains(secret));

        auto badKind = Sql::exec(
            *conn,
            QStringLiteral("INSERT INTO correspondent (id, kind, name, egn, search_key, created_at)"
                           " VALUES ('c', 'alien', 'X', ?, 'x', '2020-01-01')"),
            {QStringLiteral("8001010010")});
        QCOMPARE(badKind.error().code, ErrorCode::InvalidInput);
        QVERIFY(!badKind.error().detail.contains(QLatin1String("8001010010")));

        auto missingParent = Sql::exec(
            *conn, QStringLiteral("INSERT INTO user_role (user_id, role) VALUES ('nobody', 'clerk')"));
        QCOMPARE(missingParent.error().code, ErrorCode::InvalidInput);

        auto syntax = Sql::exec(*conn, QStringLiteral("SELEC nonsense"));
        QCOMPARE(syntax.error().code, ErrorCode::Storage);
        QVERIFY(!syntax.error().message.isEmpty());
    }

    void scalarReportsMissingRow()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto conn = db.database().connection();
        auto none = Sql::scalar(*conn, QStringLiteral("SELECT id FROM app_user WHERE login = ?"),
                                {QStringLiteral("x")});
        QCOMPARE(none.error().code, ErrorCode::NotFound);
    }

    void transactionRollsBackUnlessCommitted()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        {
            auto tx = Transaction::begin(db.database());
            QVERIFY(tx.ok());
            QVERIFY(Sql::exec(tx->connection(),
                              QStringLiteral("INSERT INTO calendar_day (day, working) VALUES (?, 1)"),
                              {QStringLiteral("2024-01-06")})
                        .ok());
        }
        auto conn = db.database().connection();
        auto count = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM calendar_day"));
        QCOMPARE(count->toInt(), 0);
        {
            auto tx = Transaction::begin(db.database());
            QVERIFY(Sql::exec(tx->connection(),
                              QStringLiteral("INSERT INTO calendar_day (day, working) VALUES (?, 1)"),
                              {QStringLiteral("2024-01-06")})
                        .ok());
            QVERIFY(tx->commit().ok());
        }
        count = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM calendar_day"));
        QCOMPARE(count->toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Sql)
#include "tst_Sql.moc"
