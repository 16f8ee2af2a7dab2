// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenDataFixture.h"
#include "TempDatabase.h"
#include "opendata/MunicipalRegisterImporter.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "registers/MunicipalRegisterService.h"
#include "storage/Sql.h"

#include <QTest>

using namespace dms;

class tst_MunicipalRegisterImporter : public QObject
{
    Q_OBJECT

private:
    static bool define(TempDatabase &db)
    {
        return MunicipalRegisterService(db.context())
            .define(db.admin, OpenDataFixture::permitsDefinition())
            .ok();
    }

    static qint64 journalLength(TempDatabase &db)
    {
        auto conn = db.database().connection();
        auto count = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM audit_journal"));
        return count ? count->toLongLong() : -1;
    }

private Q_SLOTS:
    void importsEveryRow()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        const QByteArray csv = "\xEF\xBB\xBF"
                               "permit_no,holder,holder_egn,issued_on,floors,fee,active,zone\r\n"
                               "РС-1,\"Петров, Иван\",7501010010,04.12.2026,3,\"120,50\",да,Б\r\n"
                               "РС-2,\"ЕТ \"\"Слънце\"\"\",,2026-12-05,,,false,\r\n"
                               "\"РС-3\",\"ред 1\nред 2\",,2026-12-06,-2,7,1,А\n";
        MunicipalRegisterImporter importer(db.context());
        auto imported = importer.importCsv(db.clerk, QStringLiteral("permits"), csv);
        QVERIFY2(imported.ok(), qPrintable(imported.error().toString()));
        QCOMPARE(imported->count, qint64(3));
        QCOMPARE(imported->firstNumber, qint64(1));
        QCOMPARE(imported->lastNumber, qint64(3));

        MunicipalRegisterEntryService entries(db.context());
        auto all = entries.list(db.clerk, QStringLiteral("permits"));
        QVERIFY(all.ok());
        QCOMPARE(all->size(), qsizetype(3));
        const QJsonObject first = all->at(0).values;
        QCOMPARE(first.value(QStringLiteral("holder")).toString(), QStringLiteral("Петров, Иван"));
        QCOMPARE(first.value(QStringLiteral("holder_egn")).toString(), QStringLiteral("7501010010"));
        QCOMPARE(first.value(QStringLiteral("issued_on")).toString(), QStringLiteral("2026-12-04"));
        QCOMPARE(first.value(QStringLiteral("floors")).toInteger(), qint64(3));
        QCOMPARE(first.value(QStringLiteral("fee")).toString(), QStringLiteral("120.50"));
        QCOMPARE(first.value(QStringLiteral("active")).toBool(), true);
        const QJsonObject second = all->at(1).values;
        QCOMPARE(second.value(QStringLiteral("holder")).toString(), QStringLiteral("ЕТ \"Слънце\""));
        QVERIFY(!second.contains(QStringLiteral("holder_egn"))); // an empty cell is no value
        QVERIFY(!second.contains(QStringLiteral("floors")));
        QCOMPARE(second.value(QStringLiteral("active")).toBool(true), false);
        const QJsonObject third = all->at(2).values;
        QCOMPARE(third.value(QStringLiteral("holder")).toString(), QStringLiteral("ред 1\nред 2"));
        QCOMPARE(third.value(QStringLiteral("floors")).toInteger(), qint64(-2));
        // Each entry has its history, as when added one by one.
        auto history = entries.history(db.clerk, QStringLiteral("permits"), 3);
        QVERIFY(history.ok());
        QVERIFY(!history->isEmpty());

        // A header without rows adds nothing and is no error.
        auto none = importer.importCsv(db.clerk, QStringLiteral("permits"), "permit_no,issued_on\n");
        QVERIFY2(none.ok(), qPrintable(none.error().toString()));
        QCOMPARE(none->count, qint64(0));
    }

    void refusesAndKeepsTheRegister_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("message"); ///< what the message must contain
        QTest::addColumn<QString>("detail"); ///< what the detail must contain

        const QByteArray header = "permit_no,holder_egn,issued_on,floors\r\n";
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("empty") << QString();
        QTest::newRow("only a BOM") << QByteArray("\xEF\xBB\xBF") << QStringLiteral("empty") << QString();
        QTest::newRow("unknown column")
            << QByteArray("permit_no,issued_on,colour\r\nРС-9,2026-12-04,синьо\r\n")
            << QStringLiteral("\"colour\"") << QStringLiteral("column 3");
        QTest::newRow("exported number column")
            << QByteArray("number,permit_no,issued_on\r\n1,РС-9,2026-12-04\r\n")
            << QStringLiteral("\"number\"") << QStringLiteral("column 1");
        QTest::newRow("duplicate header")
            << QByteArray("permit_no,issued_on,permit_no\r\nа,2026-12-04,б\r\n")
            << QStringLiteral("\"permit_no\"") << QStringLiteral("field 'permit_no'");
        QTest::newRow("empty column name") << QByteArray("permit_no,,issued_on\r\nа,б,2026-12-04\r\n")
                                           << QStringLiteral("column 2") << QStringLiteral("row 1");
        QTest::newRow("required field without column")
            << QByteArray("permit_no,floors\r\nРС-9,2\r\n") << QStringLiteral("\"issued_on\"")
            << QStringLiteral("field 'issued_on'");
        QTest::newRow("missing required value")
            << QByteArray(header + "РС-9,,2026-12-04,1\r\nРС-10,,,1\r\n") << QStringLiteral("Row 3")
            << QStringLiteral("field 'issued_on'");
        QTest::newRow("bad date") << QByteArray(header + "РС-9,,2026-12-04,1\r\nРС-10,,31.02.2026,1\r\n")
                                  << QStringLiteral("Row 3") << QStringLiteral("field 'issued_on'");
        QTest::newRow("bad integer") << QByteArray(header + "РС-9,,2026-12-04,три\r\n")
                                     << QStringLiteral("Row 2") << QStringLiteral("field 'floors'");
        QTest::newRow("fraction for an integer")
            << QByteArray(header + "РС-9,,2026-12-04,1.5\r\n") << QStringLiteral("Row 2")
            << QStringLiteral("field 'floors'");
        QTest::newRow("bad ЕГН check digit") << QByteArray(header + "РС-9,7501010011,2026-12-04,1\r\n")
                                             << QStringLiteral("Row 2") << QStringLiteral("row 2");
        QTest::newRow("bad ЕГН length") << QByteArray(header + "РС-9,750101001,2026-12-04,1\r\n")
                                        << QStringLiteral("Row 2") << QStringLiteral("row 2");
        QTest::newRow("ЕГН as a column name")
            << QByteArray("permit_no,7501010010,issued_on\r\nа,б,2026-12-04\r\n")
            << QStringLiteral("column 2") << QStringLiteral("column 2");
        QTest::newRow("too few cells") << QByteArray(header + "РС-9,,2026-12-04\r\n")
                                       << QStringLiteral("Row 2") << QStringLiteral("row 2");
        QTest::newRow("too many cells") << QByteArray(header + "РС-9,,2026-12-04,1,2\r\n")
                                        << QStringLiteral("Row 2") << QStringLiteral("row 2");
        QTest::newRow("malformed quoting")
            << QByteArray(header + "\"РС-9,,2026-12-04,1\r\n") << QStringLiteral("CSV line 2") << QString();
        QTest::newRow("quote in a field")
            << QByteArray(header + "РС\"9,,2026-12-04,1\r\n") << QStringLiteral("CSV line 2") << QString();
        QTest::newRow("not UTF-8") << QByteArray(header + "\xd0\xe0\xe7\xf0\xe5\xf8,,2026-12-04,1\r\n")
                                   << QStringLiteral("CSV line 2") << QString();
        QTest::newRow("control character in text")
            << QByteArray(header
                          + "РС\x01"
                            "9,,2026-12-04,1\r\n")
            << QStringLiteral("Row 2") << QStringLiteral("field 'permit_no'");
        QTest::newRow("row after a multi-line field")
            << QByteArray("permit_no,holder,issued_on\r\nРС-9,\"а\r\nб\",2026-12-04\r\nРС-10,в,утре\r\n")
            << QStringLiteral("Row 3") << QStringLiteral("line 4");
    }

    void refusesAndKeepsTheRegister()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, message);
        QFETCH(QString, detail);
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        MunicipalRegisterEntryService entries(db.context());
        QVERIFY(entries
                    .add(db.clerk, QStringLiteral("permits"),
                         {{QStringLiteral("permit_no"), QStringLiteral("РС-1")},
                          {QStringLiteral("issued_on"), QStringLiteral("2026-12-01")}})
                    .ok());
        const qint64 journalBefore = journalLength(db);

        auto refused
            = MunicipalRegisterImporter(db.context()).importCsv(db.clerk, QStringLiteral("permits"), csv);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
        QVERIFY2(refused.error().message.contains(message), qPrintable(refused.error().toString()));
        QVERIFY2(refused.error().detail.contains(detail), qPrintable(refused.error().toString()));
        // Never the values: an ЕГН from the file stays out of messages and logs.
        for (const char *secret : {"7501010011", "750101001", "7501010010"})
            QVERIFY2(!refused.error().toString().contains(QLatin1String(secret)),
                     qPrintable(refused.error().toString()));

        // Nothing was kept: one entry, one number taken, no journal entry.
        auto all = entries.list(db.clerk, QStringLiteral("permits"));
        QVERIFY(all.ok());
        QCOMPARE(all->size(), qsizetype(1));
        QCOMPARE(journalLength(db), journalBefore);
        auto next = entries.add(db.clerk, QStringLiteral("permits"),
                                {{QStringLiteral("permit_no"), QStringLiteral("РС-2")},
                                 {QStringLiteral("issued_on"), QStringLiteral("2026-12-02")}});
        QVERIFY(next.ok());
        QCOMPARE(next->number, qint64(2));
    }

    void needsPermissionAndARegister()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        MunicipalRegisterImporter importer(db.context());
        const QByteArray csv = "permit_no,issued_on\nРС-1,2026-12-04\n";
        QCOMPARE(importer.importCsv(db.official, QStringLiteral("permits"), csv).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(importer.importCsv(db.auditor, QStringLiteral("permits"), csv).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(importer.importCsv(db.clerk, QStringLiteral("shops"), csv).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(importer.importCsv(db.clerk, QStringLiteral("../permits"), csv).error().code,
                 ErrorCode::NotFound);
        QVERIFY(
            MunicipalRegisterEntryService(db.context()).list(db.clerk, QStringLiteral("permits"))->isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_MunicipalRegisterImporter)
#include "tst_MunicipalRegisterImporter.moc"
