// SPDX-License-Identifier: GPL-3.0-or-later
// delovodctl export register / export journal-summary, run as a process.
#include "OpenDataFixture.h"
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "registers/MunicipalRegisterService.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#ifndef DELOVODCTL_PATH
#error "DELOVODCTL_PATH must name the delovodctl binary (see tests/opendata/CMakeLists.txt)"
#endif

using namespace dms;

class tst_DelovodctlExport : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Run delovodctl(TempDatabase &db, const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DELOVOD_DATABASE"));
        env.remove(QStringLiteral("DELOVOD_OPENDATA_URL"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(DELOVODCTL_PATH),
                      QStringList {QStringLiteral("--database"), db.config().toDisplayUrl()} + arguments);
        Run run;
        if (!process.waitForFinished(30'000)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    static bool fill(TempDatabase &db)
    {
        MunicipalRegisterService registers(db.context());
        if (!registers.define(db.admin, OpenDataFixture::permitsDefinition()).ok())
            return false;
        MunicipalRegisterEntryService entries(db.context());
        return entries
            .add(db.clerk, QStringLiteral("permits"),
                 {{QStringLiteral("permit_no"), QStringLiteral("РС-1, \"нов\"")},
                  {QStringLiteral("holder_egn"), QStringLiteral("7501010010")},
                  {QStringLiteral("issued_on"), QStringLiteral("2020-09-08")}})
            .ok();
    }

    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void exportsEveryFormat()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("permits.csv"));
        Run run
            = delovodctl(db,
                         {QStringLiteral("--user"), QStringLiteral("admin"), QStringLiteral("export"),
                          QStringLiteral("register"), QStringLiteral("permits"), QStringLiteral("--format"),
                          QStringLiteral("csv"), QStringLiteral("--out"), csv});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray csvText = read(csv);
        QVERIFY(csvText.startsWith("number,permit_no,holder,"));
        QVERIFY(csvText.contains(QStringLiteral("1,\"РС-1, \"\"нов\"\"\",").toUtf8()));
        QVERIFY(!csvText.contains("7501010010"));

        for (const QString &format :
             {QStringLiteral("json"), QStringLiteral("schema"), QStringLiteral("dcat")}) {
            const QString path = dir.filePath(format);
            run = delovodctl(db,
                             {QStringLiteral("--user"), QStringLiteral("admin"), QStringLiteral("export"),
                              QStringLiteral("register"), QStringLiteral("permits"),
                              QStringLiteral("--format"), format, QStringLiteral("--out"), path,
                              QStringLiteral("--base-url"), QStringLiteral("https://open.example.bg/")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            const QByteArray text = read(path);
            QJsonParseError error;
            QJsonDocument::fromJson(text, &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            QVERIFY(!text.contains("7501010010"));
        }
        QVERIFY(read(dir.filePath(QStringLiteral("schema")))
                    .contains("\"https://open.example.bg/opendata/registers/permits.schema.json\""));
        QVERIFY(read(dir.filePath(QStringLiteral("dcat"))).contains("\"dcat:Dataset\""));
    }

    void refusesWrongUse()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out.csv"));
        const QStringList base {QStringLiteral("export"), QStringLiteral("register")};
        // A clerk keeps entries but does not export.
        Run run = delovodctl(db,
                             QStringList {QStringLiteral("--user"), QStringLiteral("clerk")} + base
                                 + QStringList {QStringLiteral("permits"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!QFile::exists(out));
        run = delovodctl(db,
                         QStringList {QStringLiteral("--user"), QStringLiteral("admin")} + base
                             + QStringList {QStringLiteral("shops"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!QFile::exists(out));
        run = delovodctl(db,
                         QStringList {QStringLiteral("--user"), QStringLiteral("admin")} + base
                             + QStringList {QStringLiteral("../permits"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 2);
        run = delovodctl(db,
                         QStringList {QStringLiteral("--user"), QStringLiteral("admin")} + base
                             + QStringList {QStringLiteral("permits"), QStringLiteral("--format"),
                                            QStringLiteral("xlsx"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 1);
        run = delovodctl(db,
                         QStringList {QStringLiteral("--user"), QStringLiteral("admin")} + base
                             + QStringList {QStringLiteral("permits")});
        QCOMPARE(run.exitCode, 1); // --out is required
    }

    void journalSummaryDetectsAlteration()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        db.clock.set(QDateTime(QDate(2020, 9, 9), QTime(0, 5), Qt::UTC));
        AuditJournal journal(db.database(), db.clock);
        QVERIFY(journal.sealDaysBefore(QDate(2020, 9, 9)).ok());
        QTemporaryDir dir;
        const QString published = dir.filePath(QStringLiteral("2020-09-08.json"));
        Run run = delovodctl(db,
                             {QStringLiteral("--user"), QStringLiteral("auditor"), QStringLiteral("export"),
                              QStringLiteral("journal-summary"), QStringLiteral("--day"),
                              QStringLiteral("2020-09-08"), QStringLiteral("--out"), published});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(!read(published).contains("7501010010"));
        const QStringList check {QStringLiteral("--user"),  QStringLiteral("auditor"),
                                 QStringLiteral("export"),  QStringLiteral("journal-summary"),
                                 QStringLiteral("--check"), published};
        run = delovodctl(db, check);
        QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());

        auto conn = db.database().connection();
        QVERIFY(Sql::exec(*conn,
                          db.database().isSqlite()
                              ? QStringLiteral("DROP TRIGGER audit_journal_no_update")
                              : QStringLiteral("DROP TRIGGER audit_journal_guard ON audit_journal"))
                    .ok());
        QVERIFY(
            Sql::exec(*conn, QStringLiteral("UPDATE audit_journal SET details = '{}' WHERE seq = 2")).ok());
        run = delovodctl(db, check);
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.out.contains("entry 2"));
    }
};

QTEST_GUILESS_MAIN(tst_DelovodctlExport)
#include "tst_DelovodctlExport.moc"
