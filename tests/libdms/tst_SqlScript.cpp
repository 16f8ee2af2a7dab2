// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/SqlScript.h"

#include <QTest>

using namespace dms;

class tst_SqlScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splits_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("two") << "CREATE TABLE a (x INTEGER);\nCREATE TABLE b (y TEXT);"
                             << QStringList {"CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y TEXT)"};
        QTest::newRow("comments") << "-- a; comment\nSELECT 1; /* b; */ SELECT 2;"
                                  << QStringList {"SELECT 1", "SELECT 2"};
        QTest::newRow("quotes") << "INSERT INTO t VALUES ('a;b', 'it''s;');SELECT \"x;y\";"
                                << QStringList {"INSERT INTO t VALUES ('a;b', 'it''s;')", "SELECT \"x;y\""};
        QTest::newRow("dollar")
            << "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;"
               "SELECT $tag$;$tag$;"
            << QStringList {"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ "
                            "LANGUAGE plpgsql",
                            "SELECT $tag$;$tag$"};
        QTest::newRow("trigger") << "CREATE TRIGGER t BEFORE DELETE ON x BEGIN SELECT RAISE(ABORT, 'no'); "
                                    "SELECT 2; END;\nSELECT 3;"
                                 << QStringList {
                                        "CREATE TRIGGER t BEFORE DELETE ON x BEGIN SELECT RAISE(ABORT, "
                                        "'no'); SELECT 2; END",
                                        "SELECT 3"};
        QTest::newRow("no trailing semicolon") << "SELECT 1" << QStringList {"SELECT 1"};
        QTest::newRow("empty") << "  \n-- nothing\n" << QStringList {};
    }

    void splits()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, expected);
        QCOMPARE(SqlScript::split(script), expected);
    }
};

QTEST_GUILESS_MAIN(tst_SqlScript)
#include "tst_SqlScript.moc"
