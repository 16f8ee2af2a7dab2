// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "core/Ids.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"

#include <QElapsedTimer>
#include <QTest>

#include <mutex>
#include <thread>
#include <vector>

using namespace dms;

namespace {

/** What one writer thread did. */
struct WriterLog
{
    QList<qint64> numbers; ///< numbers issued to this thread, in order
    QStringList indexes;
    int expectedFailures = 0; ///< attempts meant to fail that failed as they should
    QStringList errors; ///< anything unexpected
};

enum class Attempt { Valid, UnknownCorrespondent, UnknownClassification };

/** The kind of the i-th attempt of a thread: in the mixed run every 7th names a
 *  correspondent that does not exist (refused before a number is taken) and every
 *  5th a file-plan heading that does not exist (refused by the database when the
 *  document row is written, after the counter was bumped). */
Attempt attemptKind(bool mixed, int i)
{
    if (!mixed)
        return Attempt::Valid;
    if (i % 7 == 3)
        return Attempt::UnknownCorrespondent;
    if (i % 5 == 1)
        return Attempt::UnknownClassification;
    return Attempt::Valid;
}

} // namespace

class tst_ConcurrentNumbering : public QObject
{
    Q_OBJECT

private:
    static void runWriters(TempDatabase &db, int threads, int perThread, bool mixed,
                           std::vector<WriterLog> &logs)
    {
        logs.assign(threads, WriterLog {});
        std::vector<std::thread> workers;
        std::mutex startMutex;
        startMutex.lock(); // released when every thread exists, so that they start together
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&db, &logs, &startMutex, t, perThread, mixed] {
                {
                    std::lock_guard gate(startMutex);
                }
                WriterLog &log = logs[t];
                // One service per thread over the shared context; the thread's
                // connection is opened on its first call and closed when it ends.
                RegistrationService service(db.context());
                for (int i = 0; i < perThread; ++i) {
                    NewRegistration request;
                    request.registerId = db.incomingRegisterId;
                    request.document.kind = QStringLiteral("Заявление");
                    request.document.subject = QStringLiteral("Заявление %1 от нишка %2").arg(i).arg(t);
                    request.document.channel = Channel::Counter;
                    request.document.pageCount = 1 + i % 3;
                    const Attempt kind = attemptKind(mixed, i);
                    if (kind == Attempt::UnknownCorrespondent)
                        request.document.correspondentId = Ids::create();
                    else if (kind == Attempt::UnknownClassification)
                        request.document.classificationId = Ids::create();
                    auto entry = service.registerDocument(db.clerk, request);
                    if (kind == Attempt::Valid) {
                        if (entry) {
                            log.numbers.append(entry->number);
                            log.indexes.append(entry->index);
                        } else {
                            log.errors.append(entry.error().toString());
                        }
                    } else if (!entry && entry.error().code == ErrorCode::NotFound) {
                        ++log.expectedFailures;
                    } else {
                        log.errors.append(entry ? QStringLiteral("invalid attempt %1 was registered as %2")
                                                      .arg(i)
                                                      .arg(entry->index)
                                                : entry.error().toString());
                    }
                }
            });
        }
        startMutex.unlock();
        for (std::thread &worker : workers)
            worker.join();
    }

    /** Checks the register and journal after the writers: numbers 1..expected, each
     *  issued to exactly one successful call, each journalled once. */
    static void checkOutcome(TempDatabase &db, const std::vector<WriterLog> &logs, qint64 expected)
    {
        QSet<qint64> issued;
        QSet<QString> indexes;
        for (const WriterLog &log : logs) {
            QVERIFY2(log.errors.isEmpty(), qPrintable(log.errors.mid(0, 5).join(QLatin1Char('\n'))));
            for (qsizetype i = 0; i < log.numbers.size(); ++i) {
                QVERIFY2(!issued.contains(log.numbers[i]),
                         qPrintable(QStringLiteral("number %1 issued twice").arg(log.numbers[i])));
                issued.insert(log.numbers[i]);
                indexes.insert(log.indexes[i]);
                // A thread's own registrations are numbered in the order it made them.
                if (i > 0)
                    QVERIFY(log.numbers[i] > log.numbers[i - 1]);
            }
        }
        QCOMPARE(qint64(issued.size()), expected);
        QCOMPARE(qint64(indexes.size()), expected);

        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        auto numbers = Sql::exec(
            *conn,
            QStringLiteral(
                "SELECT number, reg_index FROM registration WHERE register_id = ? ORDER BY number"),
            {db.incomingRegisterId});
        QVERIFY(numbers.ok());
        qint64 next = 1;
        QSet<QString> storedIndexes;
        while (numbers->next()) {
            const qint64 number = numbers->value(0).toLongLong();
            QVERIFY2(number == next,
                     qPrintable(QStringLiteral("expected number %1, found %2").arg(next).arg(number)));
            QVERIFY(issued.contains(number));
            storedIndexes.insert(numbers->value(1).toString());
            ++next;
        }
        numbers->finish();
        QCOMPARE(next - 1, expected);
        QCOMPARE(storedIndexes, indexes);

        auto counter = Sql::scalar(
            *conn, QStringLiteral("SELECT last_number FROM register_counter WHERE register_id = ?"),
            {db.incomingRegisterId});
        QVERIFY(counter.ok());
        QCOMPARE(counter->toLongLong(), expected);
        auto documents = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM document"));
        QVERIFY(documents.ok());
        QCOMPARE(documents->toLongLong(), expected);

        // One registration.create per entry, naming that entry.
        auto created = Sql::scalar(
            *conn, QStringLiteral("SELECT COUNT(*) FROM audit_journal WHERE action = 'registration.create'"));
        QVERIFY(created.ok());
        QCOMPARE(created->toLongLong(), expected);
        auto matched = Sql::scalar(
            *conn,
            QStringLiteral("SELECT COUNT(DISTINCT r.id) FROM registration r JOIN audit_journal a"
                           " ON a.entity_id = r.id AND a.action = 'registration.create'"));
        QVERIFY(matched.ok());
        QCOMPARE(matched->toLongLong(), expected);

        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY2(report.ok(), qPrintable(report.error().toString()));
        QVERIFY2(report->ok(), qPrintable(report->problems.mid(0, 10).join(QLatin1Char('\n'))));
    }

private Q_SLOTS:
    void eightWritersOneRegister()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        constexpr int kThreads = 8;
        constexpr int kPerThread = 1000;
        QElapsedTimer timer;
        timer.start();
        std::vector<WriterLog> logs;
        runWriters(db, kThreads, kPerThread, false, logs);
        const qint64 elapsed = timer.elapsed();
        qInfo("%d registrations by %d threads in %lld ms (%.0f/s)", kThreads * kPerThread, kThreads, elapsed,
              kThreads * kPerThread * 1000.0 / std::max<qint64>(elapsed, 1));
        checkOutcome(db, logs, qint64(kThreads) * kPerThread);
    }

    void failedAttemptsTakeNoNumber()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        constexpr int kThreads = 8;
        constexpr int kPerThread = 250;
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < kPerThread; ++i)
            (attemptKind(true, i) == Attempt::Valid ? valid : invalid) += 1;
        QVERIFY(invalid > kPerThread / 4); // the mix really interleaves failures
        std::vector<WriterLog> logs;
        runWriters(db, kThreads, kPerThread, true, logs);
        int failures = 0;
        for (const WriterLog &log : logs)
            failures += log.expectedFailures;
        QCOMPARE(failures, kThreads * invalid);
        checkOutcome(db, logs, qint64(kThreads) * valid);
        // The failed attempts left no document, search entry or journal entry behind.
        auto conn = db.database().connection();
        auto searchRows = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM search_entry"));
        QVERIFY(searchRows.ok());
        QCOMPARE(searchRows->toLongLong(), qint64(kThreads) * valid);
    }
};

QTEST_GUILESS_MAIN(tst_ConcurrentNumbering)
#include "tst_ConcurrentNumbering.moc"
