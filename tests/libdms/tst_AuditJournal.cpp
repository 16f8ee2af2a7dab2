// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "core/Ids.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace dms;

namespace {

const QDate kDay1(2020, 9, 8);
const QDate kDay2(2020, 9, 9);
const QDate kDay3(2020, 9, 10);

QDateTime at(const QDate &day, int hour, int minute = 0)
{
    return QDateTime(day, QTime(hour, minute), Qt::UTC);
}

NewRegistration incoming(const QString &registerId, const QString &subject)
{
    NewRegistration request;
    request.registerId = registerId;
    request.document.kind = QStringLiteral("Заявление");
    request.document.subject = subject;
    request.document.channel = Channel::Counter;
    request.document.pageCount = 1;
    return request;
}

/** The findings of a report that name entry `seq`. */
QStringList problemsAbout(const AuditJournal::Report &report, qint64 seq)
{
    const QRegularExpression pattern(QStringLiteral("^entry %1:").arg(seq));
    QStringList found;
    for (const QString &problem : report.problems) {
        if (pattern.match(problem).hasMatch())
            found << problem;
    }
    return found;
}

/** The sequence numbers that findings name as "entry N:". */
QSet<qint64> entriesNamed(const AuditJournal::Report &report)
{
    const QRegularExpression pattern(QStringLiteral("^entry (\\d+):"));
    QSet<qint64> seqs;
    for (const QString &problem : report.problems) {
        const auto match = pattern.match(problem);
        if (match.hasMatch())
            seqs.insert(match.captured(1).toLongLong());
    }
    return seqs;
}

QString dump(const AuditJournal::Report &report)
{
    return report.problems.join(QLatin1Char('\n'));
}

} // namespace

class tst_AuditJournal : public QObject
{
    Q_OBJECT

private:
    /** Registrations on three days (UTC): the seed's entries and 3 registrations on
     *  day 1, 3 on day 2, 2 on day 3; the clock is left on day 3. */
    static bool fillThreeDays(TempDatabase &db, QStringList *registrationIds = nullptr)
    {
        RegistrationService service(db.context());
        const struct
        {
            QDate day;
            int count;
        } plan[] = {{kDay1, 3}, {kDay2, 3}, {kDay3, 2}};
        for (const auto &step : plan) {
            for (int i = 0; i < step.count; ++i) {
                db.clock.set(at(step.day, 10 + i));
                auto entry = service.registerDocument(
                    db.clerk, incoming(db.incomingRegisterId, QStringLiteral("Писмо %1").arg(i)));
                if (!entry) {
                    qWarning("fill: %s", qPrintable(entry.error().toString()));
                    return false;
                }
                if (registrationIds)
                    registrationIds->append(entry->id);
            }
        }
        db.clock.set(at(kDay3, 15));
        return true;
    }

    /** Does what an attacker with database access does first: removes the
     *  append-only guards of migration 0003 (after checking that they hold). */
    static bool dropGuards(TempDatabase &db)
    {
        auto conn = db.database().connection();
        if (!conn)
            return false;
        if (Sql::exec(*conn, QStringLiteral("UPDATE audit_journal SET actor = 'x' WHERE seq = 1")).ok()
            || Sql::exec(*conn, QStringLiteral("DELETE FROM audit_journal WHERE seq = 1")).ok()) {
            qWarning("the journal guards did not hold");
            return false;
        }
        const QStringList statements = db.database().isSqlite()
            ? QStringList {QStringLiteral("DROP TRIGGER audit_journal_no_update"),
                           QStringLiteral("DROP TRIGGER audit_journal_no_delete")}
            : QStringList {QStringLiteral("DROP TRIGGER audit_journal_guard ON audit_journal")};
        for (const QString &statement : statements) {
            auto dropped = Sql::exec(*conn, statement);
            if (!dropped) {
                qWarning("%s: %s", qPrintable(statement), qPrintable(dropped.error().toString()));
                return false;
            }
        }
        return true;
    }

    static qint64 scalarInt(TempDatabase &db, const QString &sql, std::initializer_list<QVariant> params = {})
    {
        auto conn = db.database().connection();
        if (!conn)
            return -1;
        auto value = Sql::scalar(*conn, sql, params);
        return value ? value->toLongLong() : -1;
    }

    static qint64 lastSeq(TempDatabase &db)
    {
        return scalarInt(db, QStringLiteral("SELECT MAX(seq) FROM audit_journal"));
    }

    /** Sets journal_head to the journal's last entry, as a careful attacker would. */
    static bool fixHead(TempDatabase &db)
    {
        auto conn = db.database().connection();
        if (!conn)
            return false;
        auto last = Sql::exec(
            *conn, QStringLiteral("SELECT seq, hash FROM audit_journal ORDER BY seq DESC LIMIT 1"));
        if (!last || !last->next())
            return false;
        const qint64 seq = last->value(0).toLongLong();
        const QString hash = last->value(1).toString();
        last->finish();
        return Sql::exec(*conn, QStringLiteral("UPDATE journal_head SET seq = ?, hash = ? WHERE id = 1"),
                         {seq, hash})
            .ok();
    }

    /** Rebuilds the whole chain from the stored fields so that every entry and the
     *  head are consistent again: a forgery that only the seals can reveal. */
    static bool rechain(TempDatabase &db)
    {
        auto tx = Transaction::begin(db.database());
        if (!tx)
            return false;
        const QSqlDatabase &conn = tx->connection();
        auto rows = Sql::exec(
            conn,
            QStringLiteral("SELECT seq, at, actor, action, entity, entity_id, details FROM audit_journal"
                           " ORDER BY seq"));
        if (!rows)
            return false;
        struct Row
        {
            qint64 seq;
            QString at;
            QString actor;
            AuditEvent event;
            QByteArray details;
        };
        QList<Row> all;
        while (rows->next()) {
            Row row;
            row.seq = rows->value(0).toLongLong();
            row.at = rows->value(1).toString();
            row.actor = rows->value(2).toString();
            row.event.action = rows->value(3).toString();
            row.event.entity = rows->value(4).toString();
            row.event.entityId = rows->value(5).toString();
            row.details = rows->value(6).toString().toUtf8();
            all.append(row);
        }
        rows->finish();
        QString prev(64, QLatin1Char('0'));
        for (const Row &row : std::as_const(all)) {
            const QString hash
                = AuditJournal::entryHash(row.seq, row.at, row.actor, row.event, row.details, prev);
            if (!Sql::exec(conn,
                           QStringLiteral("UPDATE audit_journal SET prev_hash = ?, hash = ? WHERE seq = ?"),
                           {prev, hash, row.seq})
                     .ok())
                return false;
            prev = hash;
        }
        if (!Sql::exec(conn, QStringLiteral("UPDATE journal_head SET seq = ?, hash = ? WHERE id = 1"),
                       {all.isEmpty() ? 0 : all.last().seq, prev})
                 .ok())
            return false;
        return tx->commit().ok();
    }

private Q_SLOTS:
    void cleanJournalVerifies()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY2(report.ok(), qPrintable(report.error().toString()));
        QVERIFY2(report->ok(), qPrintable(dump(*report)));
        QCOMPARE(report->entries, scalarInt(db, QStringLiteral("SELECT COUNT(*) FROM audit_journal")));
        QVERIFY(report->entries >= 8);
        QCOMPARE(report->sealedDays, 0);
        // Gap-free sequence from 1, head at the end.
        QCOMPARE(lastSeq(db), report->entries);
        QCOMPARE(scalarInt(db, QStringLiteral("SELECT seq FROM journal_head WHERE id = 1")), report->entries);
    }

    void emptyJournalVerifies()
    {
        // A database with nothing but its schema: the genesis head and no entries.
        DMS_OPEN_TEMP_DATABASE(db);
        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(dump(*report)));
    }

    void alteredEntryIsReported_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("value");
        QTest::newRow("details") << "details"
                                 << R"({"index":"СОА20-ВК66-99/08.09.2020"})";
        QTest::newRow("actor") << "actor"
                               << "admin";
        QTest::newRow("at, same day") << "at"
                                      << "2020-09-09T10:00:00.001Z";
        QTest::newRow("action") << "action"
                                << "registration.annul";
        QTest::newRow("entity id") << "entity_id" << Ids::create();
        QTest::newRow("sql metacharacters") << "details"
                                            << "'; DROP TABLE audit_journal; --";
    }

    void alteredEntryIsReported()
    {
        QFETCH(QString, column);
        QFETCH(QString, value);
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        QVERIFY(dropGuards(db));
        // The first registration of day 2.
        const qint64 seq
            = scalarInt(db, QStringLiteral("SELECT MIN(seq) FROM audit_journal WHERE at >= ? AND action = ?"),
                        {QStringLiteral("2020-09-09"), QStringLiteral("registration.create")});
        QVERIFY(seq > 1);
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        // The column name comes from the test table, never from input.
        auto updated = Sql::exec(
            *conn, QStringLiteral("UPDATE audit_journal SET %1 = ? WHERE seq = ?").arg(column), {value, seq});
        QVERIFY2(updated.ok(), qPrintable(updated.error().toString()));
        QCOMPARE(updated->numRowsAffected(), 1);

        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY(!report->ok());
        const QStringList found = problemsAbout(*report, seq);
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.first().contains(QLatin1String("altered")), qPrintable(found.first()));
        // Only the altered entry is named: the chain after it is intact.
        QCOMPARE(entriesNamed(*report), QSet<qint64> {seq});
    }

    void rehashedEntryBreaksTheChain()
    {
        // An attacker who alters an entry and recomputes its own hash is caught by
        // the next entry, which still points at the old hash.
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        QVERIFY(dropGuards(db));
        const qint64 seq = lastSeq(db) - 3;
        auto conn = db.database().connection();
        auto row = Sql::exec(*conn,
                             QStringLiteral("SELECT at, actor, action, entity, entity_id, prev_hash"
                                            " FROM audit_journal WHERE seq = ?"),
                             {seq});
        QVERIFY(row.ok() && row->next());
        AuditEvent event {row->value(2).toString(), row->value(3).toString(), row->value(4).toString(),
                          QJsonObject {{QStringLiteral("index"), QStringLiteral("forged")}}};
        const QByteArray details = AuditJournal::detailsJson(event);
        const QString hash = AuditJournal::entryHash(seq, row->value(0).toString(), row->value(1).toString(),
                                                     event, details, row->value(5).toString());
        row->finish();
        QVERIFY(Sql::exec(*conn,
                          QStringLiteral("UPDATE audit_journal SET details = ?, hash = ? WHERE seq = ?"),
                          {QString::fromUtf8(details), hash, seq})
                    .ok());

        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY(!report->ok());
        QVERIFY2(problemsAbout(*report, seq).isEmpty(), qPrintable(dump(*report)));
        const QStringList next = problemsAbout(*report, seq + 1);
        QCOMPARE(next.size(), 1);
        QVERIFY2(next.first().contains(QLatin1String("chain broken")), qPrintable(next.first()));
    }

    void deletedMiddleEntryIsReported()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        QVERIFY(dropGuards(db));
        const qint64 middle = lastSeq(db) / 2;
        QVERIFY(middle > 1);
        auto conn = db.database().connection();
        auto removed = Sql::exec(*conn, QStringLiteral("DELETE FROM audit_journal WHERE seq = ?"), {middle});
        QVERIFY(removed.ok());
        QCOMPARE(removed->numRowsAffected(), 1);

        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY(!report->ok());
        const QStringList found = problemsAbout(*report, middle + 1);
        QVERIFY2(found.size() >= 1, qPrintable(dump(*report)));
        QVERIFY2(found.join(QLatin1Char(' ')).contains(QStringLiteral("expected entry %1").arg(middle)),
                 qPrintable(dump(*report)));
        QCOMPARE(entriesNamed(*report), QSet<qint64> {middle + 1});
    }

    void deletedTailIsReportedByTheHead()
    {
        // Nothing sealed yet: the head still counts the removed entries.
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        QVERIFY(dropGuards(db));
        const qint64 last = lastSeq(db);
        auto conn = db.database().connection();
        QVERIFY(Sql::exec(*conn, QStringLiteral("DELETE FROM audit_journal WHERE seq > ?"), {last - 2}).ok());

        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QCOMPARE(report->problems.size(), 1);
        QVERIFY2(report->problems.first().contains(QStringLiteral("head says %1").arg(last)),
                 qPrintable(dump(*report)));
    }

    void deletedTailOfSealedDayIsReportedBySeals()
    {
        // The attacker removes the end of day 2 and everything after it (including the
        // seal events of day 3) and moves the head back: only the seal can tell.
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        AuditJournal journal(db.database(), db.clock);
        auto sealed = journal.sealDaysBefore(kDay3);
        QVERIFY(sealed.ok());
        QCOMPARE(*sealed, 2);
        QVERIFY(dropGuards(db));
        const qint64 day2Last
            = scalarInt(db, QStringLiteral("SELECT last_seq FROM journal_seal WHERE day = ?"),
                        {kDay2.toString(Qt::ISODate)});
        QVERIFY(day2Last > 0);
        auto conn = db.database().connection();
        QVERIFY(
            Sql::exec(*conn, QStringLiteral("DELETE FROM audit_journal WHERE seq > ?"), {day2Last - 2}).ok());
        QVERIFY(fixHead(db));

        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY(!report->ok());
        // The chain itself is consistent: only seal findings.
        QVERIFY2(entriesNamed(*report).isEmpty(), qPrintable(dump(*report)));
        const QString problems = dump(*report);
        QVERIFY2(problems.contains(QStringLiteral("seal of %1").arg(kDay2.toString(Qt::ISODate))),
                 qPrintable(problems));
        QVERIFY2(!problems.contains(QStringLiteral("seal of %1").arg(kDay1.toString(Qt::ISODate))),
                 qPrintable(problems));
    }

    void reorderedEntriesAreReported()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        QVERIFY(dropGuards(db));
        const qint64 a = lastSeq(db) - 5;
        const qint64 b = a + 2;
        auto tx = Transaction::begin(db.database());
        QVERIFY(tx.ok());
        const QSqlDatabase &conn = tx->connection();
        const QString swap = QStringLiteral("UPDATE audit_journal SET seq = ? WHERE seq = ?");
        QVERIFY(Sql::exec(conn, swap, {qint64(-1), a}).ok());
        QVERIFY(Sql::exec(conn, swap, {a, b}).ok());
        QVERIFY(Sql::exec(conn, swap, {b, qint64(-1)}).ok());
        QVERIFY(tx->commit().ok());

        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY(!report->ok());
        const QSet<qint64> named = entriesNamed(*report);
        QVERIFY2(named.contains(a), qPrintable(dump(*report)));
        QVERIFY2(named.contains(b), qPrintable(dump(*report)));
        QVERIFY2(problemsAbout(*report, a).join(QLatin1Char(' ')).contains(QLatin1String("altered")),
                 qPrintable(dump(*report)));
    }

    void forgedChainIsCaughtBySeals()
    {
        // The attacker rewrites an entry of sealed day 1 and rebuilds a consistent
        // chain over the whole journal, head included. The seals of day 1 and of
        // day 2 (whose last hash changed with the chain) no longer match.
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        AuditJournal journal(db.database(), db.clock);
        QCOMPARE(journal.sealDaysBefore(kDay3).valueOr(-1), 2);
        QVERIFY(dropGuards(db));
        const qint64 seq = scalarInt(
            db, QStringLiteral("SELECT MIN(seq) FROM audit_journal WHERE action = 'registration.create'"));
        QVERIFY(seq > 0);
        auto conn = db.database().connection();
        QVERIFY(Sql::exec(*conn, QStringLiteral("UPDATE audit_journal SET actor = ? WHERE seq = ?"),
                          {QStringLiteral("official"), seq})
                    .ok());
        QVERIFY(rechain(db));

        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY(!report->ok());
        QVERIFY2(entriesNamed(*report).isEmpty(), qPrintable(dump(*report)));
        for (const QString &problem : std::as_const(report->problems))
            QVERIFY2(problem.startsWith(QLatin1String("seal of ")), qPrintable(problem));
        const QString problems = dump(*report);
        QVERIFY2(
            problems.contains(
                QStringLiteral("seal of %1: the day's last entry changed").arg(kDay1.toString(Qt::ISODate))),
            qPrintable(problems));
        QVERIFY2(
            problems.contains(
                QStringLiteral("seal of %1: the day's last entry changed").arg(kDay2.toString(Qt::ISODate))),
            qPrintable(problems));
    }

    void entryMovedOutOfSealedDayIsCaught()
    {
        // The attacker moves the last entry of sealed day 1 to day 3 and rebuilds a
        // consistent chain: day 1 now has fewer entries than its seal says.
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        AuditJournal journal(db.database(), db.clock);
        QCOMPARE(journal.sealDaysBefore(kDay3).valueOr(-1), 2);
        QVERIFY(dropGuards(db));
        auto conn = db.database().connection();
        const qint64 seq
            = scalarInt(db, QStringLiteral("SELECT MAX(seq) FROM audit_journal WHERE at < ? AND action = ?"),
                        {kDay2.toString(Qt::ISODate), QStringLiteral("registration.create")});
        QVERIFY(seq > 0);
        QVERIFY(Sql::exec(*conn, QStringLiteral("UPDATE audit_journal SET at = ? WHERE seq = ?"),
                          {at(kDay3, 9).toString(Qt::ISODateWithMs), seq})
                    .ok());
        QVERIFY(rechain(db));
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(entriesNamed(*report).isEmpty(), qPrintable(dump(*report)));
        QVERIFY2(dump(*report).contains(QStringLiteral("seal of %1").arg(kDay1.toString(Qt::ISODate))),
                 qPrintable(dump(*report)));
    }

    void alteredSealIsReported()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        AuditJournal journal(db.database(), db.clock);
        QCOMPARE(journal.sealDaysBefore(kDay3).valueOr(-1), 2);
        auto conn = db.database().connection();
        QVERIFY(
            Sql::exec(*conn,
                      QStringLiteral("UPDATE journal_seal SET entry_count = entry_count - 1 WHERE day = ?"),
                      {kDay1.toString(Qt::ISODate)})
                .ok());
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(
            dump(*report).contains(QStringLiteral("seal of %1: altered").arg(kDay1.toString(Qt::ISODate))),
            qPrintable(dump(*report)));
    }

    void sealsOnlyPastDaysOnce()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fillThreeDays(db));
        AuditJournal journal(db.database(), db.clock);
        const qint64 before = lastSeq(db);

        auto sealed = journal.sealDaysBefore(kDay3);
        QVERIFY2(sealed.ok(), qPrintable(sealed.error().toString()));
        QCOMPARE(*sealed, 2);
        QCOMPARE(scalarInt(db, QStringLiteral("SELECT COUNT(*) FROM journal_seal")), 2);
        QCOMPARE(scalarInt(db, QStringLiteral("SELECT COUNT(*) FROM journal_seal WHERE day = ?"),
                           {kDay3.toString(Qt::ISODate)}),
                 0);
        // Each seal is itself an entry of the journal, made today.
        const qint64 afterFirst = lastSeq(db);
        QCOMPARE(afterFirst, before + 2);

        // Idempotent: nothing new to seal, nothing journalled.
        auto again = journal.sealDaysBefore(kDay3);
        QVERIFY(again.ok());
        QCOMPARE(*again, 0);
        QCOMPARE(lastSeq(db), afterFirst);

        // The seal covers exactly the day's entries.
        auto conn = db.database().connection();
        auto seal = Sql::exec(*conn,
                              QStringLiteral("SELECT first_seq, last_seq, entry_count, last_hash, seal_hash"
                                             " FROM journal_seal WHERE day = ?"),
                              {kDay2.toString(Qt::ISODate)});
        QVERIFY(seal.ok() && seal->next());
        const qint64 first = seal->value(0).toLongLong();
        const qint64 last = seal->value(1).toLongLong();
        const qint64 count = seal->value(2).toLongLong();
        const QString lastHash = seal->value(3).toString();
        const QString sealHash = seal->value(4).toString();
        seal->finish();
        QCOMPARE(count, 3);
        QCOMPARE(last - first + 1, count);
        QCOMPARE(scalarInt(db, QStringLiteral("SELECT COUNT(*) FROM audit_journal WHERE at >= ? AND at < ?"),
                           {kDay2.toString(Qt::ISODate), kDay3.toString(Qt::ISODate)}),
                 count);
        auto hashOfLast
            = Sql::scalar(*conn, QStringLiteral("SELECT hash FROM audit_journal WHERE seq = ?"), {last});
        QVERIFY(hashOfLast.ok());
        QCOMPARE(hashOfLast->toString(), lastHash);

        auto history = journal.history(QStringLiteral("journal"), kDay2.toString(Qt::ISODate));
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 1);
        const AuditEntry &entry = history->first();
        QCOMPARE(entry.event.action, QStringLiteral("journal.seal"));
        QCOMPARE(entry.actor, QStringLiteral("system"));
        QCOMPARE(entry.at.date(), kDay3);
        QCOMPARE(entry.event.details.value(QStringLiteral("sealHash")).toString(), sealHash);
        QCOMPARE(entry.event.details.value(QStringLiteral("lastSeq")).toInteger(), last);
        QCOMPARE(entry.event.details.value(QStringLiteral("entries")).toInteger(), count);

        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(dump(*report)));
        QCOMPARE(report->sealedDays, 2);

        // The next day, day 3 (with the seal events) is sealed too, and only it.
        db.clock.set(at(kDay3.addDays(1), 0, 5));
        auto next = journal.sealDaysBefore(kDay3.addDays(1));
        QVERIFY(next.ok());
        QCOMPARE(*next, 1);
        report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(dump(*report)));
        QCOMPARE(report->sealedDays, 3);
    }

    void sealingAnEmptyJournalDoesNothing()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        AuditJournal journal(db.database(), db.clock);
        const qint64 before = lastSeq(db);
        // The seed's entries are all on day 1, which is not before day 1.
        auto sealed = journal.sealDaysBefore(kDay1);
        QVERIFY(sealed.ok());
        QCOMPARE(*sealed, 0);
        QCOMPARE(lastSeq(db), before);
    }

    void historyIsInOrder()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QStringList ids;
        QVERIFY(fillThreeDays(db, &ids));
        RegistrationService service(db.context());
        const QString target = ids.at(1);
        db.clock.set(at(kDay3, 16));
        QVERIFY(service.annul(db.admin, target, QStringLiteral("Регистриран два пъти")).ok());

        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("registration"), target);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(0).event.action, QStringLiteral("registration.create"));
        QCOMPARE(history->at(0).actor, QStringLiteral("clerk"));
        QCOMPARE(history->at(0).at, at(kDay1, 11));
        QCOMPARE(history->at(1).event.action, QStringLiteral("registration.annul"));
        QCOMPARE(history->at(1).actor, QStringLiteral("admin"));
        QCOMPARE(history->at(1).at, at(kDay3, 16));
        QCOMPARE(history->at(1).event.details.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("Регистриран два пъти"));
        QVERIFY(history->at(0).seq < history->at(1).seq);
        // The entries carry their chain links as stored.
        QCOMPARE(history->at(0).hash.size(), 64);
        QVERIFY(history->at(0).prevHash != history->at(0).hash);
        for (const AuditEntry &entry : std::as_const(*history)) {
            QCOMPARE(entry.event.entity, QStringLiteral("registration"));
            QCOMPARE(entry.event.entityId, target);
        }

        auto none = journal.history(QStringLiteral("registration"), QStringLiteral("' OR '1'='1"));
        QVERIFY(none.ok());
        QVERIFY(none->isEmpty());
    }

    void appendInTransactionIsAtomic()
    {
        // Entries appended in a transaction that is rolled back leave no trace,
        // and the next append continues the chain without a gap.
        DMS_OPEN_TEMP_DATABASE(db);
        const qint64 before = lastSeq(db);
        {
            auto tx = Transaction::begin(db.database());
            QVERIFY(tx.ok());
            const QList<AuditEvent> events {
                AuditEvent {QStringLiteral("test.a"), QStringLiteral("test"), QStringLiteral("1"), {}},
                AuditEvent {QStringLiteral("test.b"), QStringLiteral("test"), QStringLiteral("1"), {}}};
            QVERIFY(AuditJournal::append(*tx, QStringLiteral("clerk"), db.clock.now(), events).ok());
            tx->rollback();
        }
        QCOMPARE(lastSeq(db), before);
        auto tx = Transaction::begin(db.database());
        QVERIFY(tx.ok());
        QVERIFY(AuditJournal::append(
                    *tx, QStringLiteral("clerk"), db.clock.now(),
                    AuditEvent {QStringLiteral("test.c"), QStringLiteral("test"), QStringLiteral("1"), {}})
                    .ok());
        QVERIFY(tx->commit().ok());
        QCOMPARE(lastSeq(db), before + 1);
        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(dump(*report)));
    }

    void detailsCarryNoEgn()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const QString egn = QStringLiteral("7501020018");
        const QString correspondentId = Ids::create();
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        QVERIFY(
            Sql::exec(*conn,
                      QStringLiteral("INSERT INTO correspondent (id, kind, name, egn, search_key, created_at)"
                                     " VALUES (?, 'citizen', ?, ?, ?, ?)"),
                      {correspondentId, QStringLiteral("Иван Петров Иванов"), egn,
                       QStringLiteral("иван петров иванов"), db.clock.now().toString(Qt::ISODateWithMs)})
                .ok());
        RegistrationService service(db.context());
        auto request = incoming(db.incomingRegisterId, QStringLiteral("Заявление за удостоверение"));
        request.document.correspondentId = correspondentId;
        request.openCase = true;
        auto entry = service.registerDocument(db.clerk, request);
        QVERIFY2(entry.ok(), qPrintable(entry.error().toString()));
        QVERIFY(service.annul(db.admin, entry->id, QStringLiteral("Грешен регистър")).ok());
        db.clock.set(at(kDay2, 9));
        AuditJournal journal(db.database(), db.clock);
        QVERIFY(journal.sealDaysBefore(kDay2).ok());

        auto rows
            = Sql::exec(*conn, QStringLiteral("SELECT seq, actor, entity_id, details FROM audit_journal"));
        QVERIFY(rows.ok());
        int checked = 0;
        while (rows->next()) {
            for (int column = 1; column < 4; ++column)
                QVERIFY2(
                    !rows->value(column).toString().contains(egn),
                    qPrintable(QStringLiteral("entry %1 holds the ЕГН").arg(rows->value(0).toLongLong())));
            // Details are well-formed JSON objects.
            QJsonParseError error;
            QVERIFY(QJsonDocument::fromJson(rows->value(3).toString().toUtf8(), &error).isObject());
            ++checked;
        }
        QVERIFY(checked >= 4);
    }
};

QTEST_GUILESS_MAIN(tst_AuditJournal)
#include "tst_AuditJournal.moc"
