// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenDataFixture.h"
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "opendata/JournalSummary.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "registers/MunicipalRegisterService.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QJsonArray>
#include <QTest>

using namespace dms;

class tst_JournalSummary : public QObject
{
    Q_OBJECT

private:
    const QDate m_day {2020, 9, 8};

    /** Registrations and a register entry with an ЕГН on m_day, one more the next day, then sealing. */
    bool fill(TempDatabase &db)
    {
        db.clock.set(QDateTime(m_day, QTime(9, 0), Qt::UTC));
        RegistrationService registrations(db.context());
        for (int i = 0; i < 3; ++i) {
            NewRegistration request;
            request.registerId = db.incomingRegisterId;
            request.document.kind = QStringLiteral("Заявление");
            request.document.subject = QStringLiteral("Заявление %1").arg(i);
            if (!registrations.registerDocument(db.clerk, request).ok())
                return false;
        }
        MunicipalRegisterService registers(db.context());
        if (!registers.define(db.admin, OpenDataFixture::permitsDefinition()).ok())
            return false;
        MunicipalRegisterEntryService entries(db.context());
        if (!entries
                 .add(db.clerk, QStringLiteral("permits"),
                      {{QStringLiteral("permit_no"), QStringLiteral("1")},
                       {QStringLiteral("holder_egn"), QStringLiteral("7501010010")},
                       {QStringLiteral("issued_on"), QStringLiteral("2020-09-08")}})
                 .ok())
            return false;
        db.clock.set(QDateTime(m_day.addDays(1), QTime(9, 0), Qt::UTC));
        NewRegistration next;
        next.registerId = db.incomingRegisterId;
        next.document.kind = QStringLiteral("Писмо");
        next.document.subject = QStringLiteral("На следващия ден");
        if (!registrations.registerDocument(db.clerk, next).ok())
            return false;
        db.clock.set(QDateTime(m_day.addDays(2), QTime(0, 5), Qt::UTC)); // the nightly seal
        AuditJournal journal(db.database(), db.clock);
        return journal.sealDaysBefore(m_day.addDays(2)).ok();
    }

    static bool dropGuards(TempDatabase &db)
    {
        auto conn = db.database().connection();
        const QStringList statements = db.database().isSqlite()
            ? QStringList {QStringLiteral("DROP TRIGGER audit_journal_no_update")}
            : QStringList {QStringLiteral("DROP TRIGGER audit_journal_guard ON audit_journal")};
        for (const QString &statement : statements) {
            if (!Sql::exec(*conn, statement).ok())
                return false;
        }
        return true;
    }

    /** What a careful forger does after changing an entry: recomputes every hash
     *  after it, the head and the seals, so that verify() finds nothing. */
    static bool rebuildChainAndSeals(TempDatabase &db)
    {
        auto tx = Transaction::begin(db.database());
        if (!tx)
            return false;
        const QSqlDatabase &conn = tx->connection();
        auto rows = Sql::exec(conn,
                              QStringLiteral("SELECT seq, at, actor, action, entity, entity_id, details"
                                             " FROM audit_journal ORDER BY seq"));
        struct Row
        {
            qint64 seq;
            QString at, actor;
            AuditEvent event;
            QByteArray details;
        };
        QList<Row> all;
        while (rows && rows->next())
            all.append({rows->value(0).toLongLong(),
                        rows->value(1).toString(),
                        rows->value(2).toString(),
                        {rows->value(3).toString(), rows->value(4).toString(), rows->value(5).toString(), {}},
                        rows->value(6).toString().toUtf8()});
        rows->finish();
        QString prev(64, QLatin1Char('0'));
        QHash<qint64, QString> hashes;
        for (const Row &row : std::as_const(all)) {
            const QString hash
                = AuditJournal::entryHash(row.seq, row.at, row.actor, row.event, row.details, prev);
            if (!Sql::exec(conn,
                           QStringLiteral("UPDATE audit_journal SET prev_hash = ?, hash = ? WHERE seq = ?"),
                           {prev, hash, row.seq})
                     .ok())
                return false;
            hashes.insert(row.seq, hash);
            prev = hash;
        }
        if (!Sql::exec(conn, QStringLiteral("UPDATE journal_head SET hash = ? WHERE id = 1"), {prev}).ok())
            return false;
        auto seals = Sql::exec(
            conn, QStringLiteral("SELECT day, first_seq, last_seq, entry_count FROM journal_seal"));
        QList<std::tuple<QString, qint64, qint64, qint64>> days;
        while (seals && seals->next())
            days.append({seals->value(0).toString(), seals->value(1).toLongLong(),
                         seals->value(2).toLongLong(), seals->value(3).toLongLong()});
        seals->finish();
        for (const auto &[day, first, last, count] : days) {
            const QString lastHash = hashes.value(last);
            if (!Sql::exec(
                     conn,
                     QStringLiteral("UPDATE journal_seal SET last_hash = ?, seal_hash = ? WHERE day = ?"),
                     {lastHash, AuditJournal::daySealHash(day, first, last, count, lastHash), day})
                     .ok())
                return false;
        }
        return tx->commit().ok();
    }

private Q_SLOTS:
    void summaryCountsTheSealedDayWithoutPersonalData()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        JournalSummary summaries(db.database());
        auto summary = summaries.build(m_day);
        QVERIFY2(summary.ok(), qPrintable(summary.error().toString()));
        QCOMPARE(summary->value(QStringLiteral("day")).toString(), QStringLiteral("2020-09-08"));
        QVERIFY(summary->value(QStringLiteral("intact")).toBool());
        const QJsonObject counts = summary->value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("registration.create")).toInt(), 3);
        QCOMPARE(counts.value(QStringLiteral("municipal-register-entry.create")).toInt(), 1);
        qint64 total = 0;
        for (const QJsonValue &count : counts)
            total += count.toInteger();
        QCOMPARE(summary->value(QStringLiteral("entries")).toInteger(), total);
        QCOMPARE(summary->value(QStringLiteral("sealHash")).toString().size(), 64);
        QVERIFY(
            summary->value(QStringLiteral("chainHead")).toObject().value(QStringLiteral("seq")).toInteger()
            > summary->value(QStringLiteral("lastSeq")).toInteger());
        const QByteArray text = QJsonDocument(*summary).toJson();
        QVERIFY(!text.contains("7501010010"));
        QVERIFY(!text.contains(QStringLiteral("Заявление").toUtf8()));
        QVERIFY(!text.contains("clerk"));

        auto unchanged = summaries.check(*summary);
        QVERIFY(unchanged.ok());
        QVERIFY2(unchanged->isEmpty(), qPrintable(unchanged->join(QLatin1Char('\n'))));
        QCOMPARE(summaries.build(m_day.addDays(2)).error().code, ErrorCode::NotFound); // not sealed
        QCOMPARE(summaries.check(QJsonObject {{QStringLiteral("day"), QStringLiteral("x")}}).error().code,
                 ErrorCode::InvalidInput);
    }

    void alteringAnEntryInvalidatesThePublishedSummary()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        JournalSummary summaries(db.database());
        const QJsonObject published = summaries.build(m_day).valueOr({});
        QVERIFY(!published.isEmpty());
        QVERIFY(dropGuards(db));
        auto conn = db.database().connection();
        const qint64 second = published.value(QStringLiteral("firstSeq")).toInteger() + 1;
        QVERIFY(Sql::exec(*conn, QStringLiteral("UPDATE audit_journal SET entity_id = ? WHERE seq = ?"),
                          {QStringLiteral("forged"), second})
                    .ok());
        auto now = summaries.build(m_day);
        QVERIFY(now.ok());
        QVERIFY(!now->value(QStringLiteral("intact")).toBool());
        auto differences = summaries.check(published);
        QVERIFY(differences.ok());
        QVERIFY(!differences->isEmpty());
        QVERIFY2(differences->join(QLatin1Char('\n')).contains(QStringLiteral("entry %1").arg(second)),
                 qPrintable(differences->join(QLatin1Char('\n'))));
    }

    void rebuildingTheChainDoesNotHideTheChange()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(fill(db));
        JournalSummary summaries(db.database());
        const QJsonObject published = summaries.build(m_day).valueOr({});
        QVERIFY(dropGuards(db));
        auto conn = db.database().connection();
        QVERIFY(Sql::exec(
                    *conn, QStringLiteral("UPDATE audit_journal SET actor = ? WHERE seq = ?"),
                    {QStringLiteral("someone-else"), published.value(QStringLiteral("firstSeq")).toInteger()})
                    .ok());
        QVERIFY(rebuildChainAndSeals(db));
        // The forgery is consistent in itself: the journal verifies and the day looks intact …
        AuditJournal journal(db.database(), db.clock);
        const auto report = journal.verify();
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
        QVERIFY(summaries.build(m_day)->value(QStringLiteral("intact")).toBool());
        // … but no longer matches what was published.
        auto differences = summaries.check(published);
        QVERIFY(differences.ok());
        const QString text = differences->join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QStringLiteral("sealHash")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("chain was rewritten")), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(tst_JournalSummary)
#include "tst_JournalSummary.moc"
