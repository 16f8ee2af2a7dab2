// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "services/RegistryService.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

/** One acknowledged registration, as the helper printed it after its commit. */
struct Ack
{
    qint64 number = 0;
    QString index;
    QString id;
};

/** Parses the helper's complete lines; a last line without '\n' was never acknowledged. */
QList<Ack> parseAcks(const QByteArray &output, bool *ready)
{
    QList<Ack> acks;
    const qsizetype end = output.lastIndexOf('\n');
    if (end < 0)
        return acks;
    const QList<QByteArray> lines = output.left(end).split('\n');
    for (const QByteArray &line : lines) {
        if (line == "ready") {
            *ready = true;
            continue;
        }
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() != 3)
            continue;
        acks.append({fields[0].toLongLong(), QString::fromUtf8(fields[1]), QString::fromUtf8(fields[2])});
    }
    return acks;
}

} // namespace

/** A desk's SQLite database survives its process being killed at any moment:
 *  what was acknowledged is there, numbering has no gap and the journal holds. */
class tst_CrashSafety : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DatabaseConfig m_config;
    QString m_registerId;

    Result<std::shared_ptr<Database>> reopen() { return Database::open(m_config); }

    /** Checks the database after a kill; returns the number of registrations. */
    qint64 checkDatabase(const QMap<qint64, Ack> &acknowledged)
    {
        auto database = reopen();
        if (!database) {
            QTest::qFail(qPrintable(database.error().toString()), __FILE__, __LINE__);
            return -1;
        }
        auto conn = (*database)->connection();
        if (!conn) {
            QTest::qFail(qPrintable(conn.error().toString()), __FILE__, __LINE__);
            return -1;
        }
        auto integrity = Sql::scalar(*conn, QStringLiteral("PRAGMA integrity_check"));
        if (!integrity || integrity->toString() != QLatin1String("ok")) {
            QTest::qFail("integrity_check failed", __FILE__, __LINE__);
            return -1;
        }
        auto rows = Sql::exec(*conn,
                              QStringLiteral("SELECT number, reg_index, id, year FROM registration"
                                             " WHERE register_id = ? ORDER BY year, number"),
                              {m_registerId});
        if (!rows) {
            QTest::qFail(qPrintable(rows.error().toString()), __FILE__, __LINE__);
            return -1;
        }
        QMap<qint64, std::pair<QString, QString>> stored;
        qint64 total = 0;
        int year = 0;
        qint64 next = 1;
        while (rows->next()) {
            const qint64 number = rows->value(0).toLongLong();
            if (rows->value(3).toInt() != year) {
                // Numbering restarts with the year (a run across New Year in Sofia).
                year = rows->value(3).toInt();
                next = 1;
            }
            if (number != next) {
                QTest::qFail(
                    qPrintable(QStringLiteral("gap: expected number %1, found %2").arg(next).arg(number)),
                    __FILE__, __LINE__);
                return -1;
            }
            ++next;
            ++total;
            stored.insert(number, {rows->value(1).toString(), rows->value(2).toString()});
        }
        rows->finish();
        for (const Ack &ack : acknowledged) {
            const auto found = stored.constFind(ack.number);
            if (found == stored.constEnd() || found->first != ack.index || found->second != ack.id) {
                QTest::qFail(qPrintable(QStringLiteral("acknowledged %1 is lost or changed").arg(ack.index)),
                             __FILE__, __LINE__);
                return -1;
            }
        }
        auto journalled = Sql::scalar(
            *conn, QStringLiteral("SELECT COUNT(*) FROM audit_journal WHERE action = 'registration.create'"));
        if (!journalled || journalled->toLongLong() != total) {
            QTest::qFail("the journal and the register disagree", __FILE__, __LINE__);
            return -1;
        }
        SystemClock clock;
        AuditJournal journal(**database, clock);
        auto report = journal.verify();
        if (!report || !report->ok()) {
            QTest::qFail(
                qPrintable(report ? report->problems.join(QLatin1Char('\n')) : report.error().toString()),
                __FILE__, __LINE__);
            return -1;
        }
        return total;
    }

    QStringList helperArguments(qint64 count = -1) const
    {
        QStringList args {m_config.path, m_registerId, QStringLiteral("--durability"),
                          QStringLiteral("full")};
        if (count >= 0)
            args << QStringLiteral("--count") << QString::number(count);
        return args;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("DMS_TEST_DB") == QLatin1String("pg"))
            QSKIP("crash safety concerns a desk's SQLite database");
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(DMS_REGISTER_LOOP)).isExecutable(), DMS_REGISTER_LOOP);
        m_config.engine = DatabaseConfig::Engine::Sqlite;
        m_config.path = m_dir.filePath(QStringLiteral("desk.db"));
        m_config.durability = DatabaseConfig::Durability::Full; // the desk's setting
        auto database = reopen();
        QVERIFY2(database.ok(), qPrintable(database.error().toString()));
        SystemClock clock;
        ServiceContext context {**database, clock};
        UserService users(context);
        QVERIFY(users.bootstrap(QStringLiteral("admin"), QStringLiteral("Администратор")).ok());
        auto admin = users.sessionFor(QStringLiteral("admin"));
        QVERIFY(admin.ok());
        QVERIFY(
            users.create(*admin, QStringLiteral("clerk"), QStringLiteral("Деловодител"), {Role::Clerk}).ok());
        RegistryService registries(context);
        auto registry
            = registries.createRegistry(*admin, QStringLiteral("СОА"), QStringLiteral("Столична община"));
        QVERIFY(registry.ok());
        auto in = registries.createRegister(*admin, registry->id, QStringLiteral("ВК66"),
                                            RegisterKind::Incoming, QStringLiteral("Входяща кореспонденция"));
        QVERIFY(in.ok());
        m_registerId = in->id;
    }

    void survivesKills()
    {
        const int runs = qEnvironmentVariableIsSet("DMS_CRASH_RUNS")
            ? qEnvironmentVariableIntValue("DMS_CRASH_RUNS")
            : 24;
        QVERIFY(runs >= 1);
        QRandomGenerator random(qEnvironmentVariableIsSet("DMS_CRASH_SEED")
                                    ? quint32(qEnvironmentVariableIntValue("DMS_CRASH_SEED"))
                                    : QRandomGenerator::global()->generate());
        QMap<qint64, Ack> acknowledged;
        qint64 registered = 0;
        int runsWithWork = 0;
        QElapsedTimer total;
        total.start();
        for (int run = 0; run < runs; ++run) {
            // Most kills land in the registration loop; every fifth may hit start-up.
            const bool fromStart = run % 5 == 4;
            const int delayMs = int(random.bounded(20, 301));
            QProcess helper;
            helper.setProgram(QStringLiteral(DMS_REGISTER_LOOP));
            helper.setArguments(helperArguments());
            helper.setProcessChannelMode(QProcess::SeparateChannels);
            helper.start();
            QVERIFY2(helper.waitForStarted(10000), qPrintable(helper.errorString()));
            QByteArray output;
            bool ready = false;
            if (!fromStart) {
                QDeadlineTimer startup(30000);
                while (!ready && !startup.hasExpired() && helper.state() == QProcess::Running) {
                    helper.waitForReadyRead(int(std::max<qint64>(1, startup.remainingTime())));
                    output += helper.readAllStandardOutput();
                    parseAcks(output, &ready);
                }
                QVERIFY2(ready, helper.readAllStandardError().constData());
            }
            QDeadlineTimer deadline(delayMs);
            while (!deadline.hasExpired() && helper.state() == QProcess::Running) {
                helper.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
                output += helper.readAllStandardOutput();
            }
            QVERIFY2(helper.state() == QProcess::Running,
                     qPrintable(QStringLiteral("the helper stopped by itself: ")
                                + QString::fromUtf8(helper.readAllStandardError())));
            helper.kill(); // SIGKILL
            QVERIFY(helper.waitForFinished(10000));
            QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
            output += helper.readAllStandardOutput();
            const QList<Ack> acks = parseAcks(output, &ready);

            // The run continued the numbering of the previous one without a gap.
            if (!acks.isEmpty()) {
                ++runsWithWork;
                QVERIFY2(acks.first().number == registered + 1,
                         qPrintable(QStringLiteral("run %1 started at %2 after %3")
                                        .arg(run)
                                        .arg(acks.first().number)
                                        .arg(registered)));
            }
            for (const Ack &ack : acks)
                acknowledged.insert(ack.number, ack);

            const qint64 after = checkDatabase(acknowledged);
            if (QTest::currentTestFailed()) {
                qWarning("failed after run %d (killed after %d ms%s)", run, delayMs,
                         fromStart ? " from start" : "");
                return;
            }
            // At most the one registration in flight may have committed unacknowledged.
            QVERIFY(after >= registered + acks.size());
            QVERIFY2(
                after <= registered + acks.size() + 1,
                qPrintable(
                    QStringLiteral("%1 stored, %2 acknowledged").arg(after).arg(registered + acks.size())));
            registered = after;
        }
        QVERIFY2(runsWithWork >= runs / 2, "too few runs got as far as registering");

        // A last run that ends normally continues the numbering.
        QProcess helper;
        helper.start(QStringLiteral(DMS_REGISTER_LOOP), helperArguments(3));
        QVERIFY(helper.waitForFinished(60000));
        QCOMPARE(helper.exitStatus(), QProcess::NormalExit);
        QVERIFY2(helper.exitCode() == 0, helper.readAllStandardError().constData());
        bool ready = false;
        const QList<Ack> acks = parseAcks(helper.readAllStandardOutput(), &ready);
        QCOMPARE(acks.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(acks[i].number, registered + 1 + i);
            acknowledged.insert(acks[i].number, acks[i]);
        }
        QCOMPARE(checkDatabase(acknowledged), registered + 3);
        qInfo("%d kills, %lld registrations, %lld acknowledged, %lld ms", runs, registered + 3,
              qint64(acknowledged.size()), total.elapsed());
    }
};

QTEST_GUILESS_MAIN(tst_CrashSafety)
#include "tst_CrashSafety.moc"
