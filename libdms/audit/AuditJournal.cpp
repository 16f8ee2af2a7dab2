// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit/AuditJournal.h"

#include "core/Clock.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>

namespace dms {

namespace {

const QString kGenesisHash(64, QLatin1Char('0'));

QString timeText(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

void addField(QCryptographicHash &hash, const QByteArray &field)
{
    // Length-prefixed so that no two different entries serialise alike.
    hash.addData(QByteArray::number(field.size()));
    hash.addData(QByteArrayView(":"));
    hash.addData(field);
}

QString sealHash(const QString &day, qint64 firstSeq, qint64 lastSeq, qint64 count, const QString &lastHash)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    addField(hash, "seal");
    addField(hash, day.toUtf8());
    addField(hash, QByteArray::number(firstSeq));
    addField(hash, QByteArray::number(lastSeq));
    addField(hash, QByteArray::number(count));
    addField(hash, lastHash.toLatin1());
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

AuditJournal::AuditJournal(Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{ }

QString AuditJournal::daySealHash(const QString &day, qint64 firstSeq, qint64 lastSeq, qint64 count,
                                  const QString &lastHash)
{
    return sealHash(day, firstSeq, lastSeq, count, lastHash);
}

QByteArray AuditJournal::detailsJson(const AuditEvent &event)
{
    return QJsonDocument(event.details).toJson(QJsonDocument::Compact);
}

QString AuditJournal::entryHash(qint64 seq, const QString &at, const QString &actor, const AuditEvent &event,
                                const QByteArray &detailsJson, const QString &prevHash)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    addField(hash, QByteArray::number(seq));
    addField(hash, at.toUtf8());
    addField(hash, actor.toUtf8());
    addField(hash, event.action.toUtf8());
    addField(hash, event.entity.toUtf8());
    addField(hash, event.entityId.toUtf8());
    addField(hash, detailsJson);
    addField(hash, prevHash.toLatin1());
    return QString::fromLatin1(hash.result().toHex());
}

Status AuditJournal::append(Transaction &tx, const QString &actor, const QDateTime &at,
                            const QList<AuditEvent> &events)
{
    if (events.isEmpty())
        return {};
    const QSqlDatabase &db = tx.connection();
    // Taking the head row's lock first makes concurrent writers append in commit order.
    auto head = Sql::exec(
        db, QStringLiteral("UPDATE journal_head SET seq = seq + ? WHERE id = 1 RETURNING seq, hash"),
        {qint64(events.size())});
    if (!head)
        return head.error();
    if (!head->next())
        return makeError(ErrorCode::Corrupt,
                         QCoreApplication::translate("dms", "The audit journal is damaged."),
                         QStringLiteral("journal_head row missing"));
    qint64 seq = head->value(0).toLongLong() - events.size();
    QString prev = head->value(1).toString();
    head->finish();
    const QString atText = timeText(at);
    for (const AuditEvent &event : events) {
        ++seq;
        const QByteArray details = detailsJson(event);
        const QString hash = entryHash(seq, atText, actor, event, details, prev);
        auto inserted
            = Sql::exec(db,
                        QStringLiteral("INSERT INTO audit_journal (seq, at, actor, action, entity, entity_id,"
                                       " details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        {seq, atText, actor, event.action, event.entity, event.entityId,
                         QString::fromUtf8(details), prev, hash});
        if (!inserted)
            return inserted.error();
        prev = hash;
    }
    auto updated = Sql::exec(db, QStringLiteral("UPDATE journal_head SET hash = ? WHERE id = 1"), {prev});
    if (!updated)
        return updated.error();
    return {};
}

Result<int> AuditJournal::sealDaysBefore(const QDate &today)
{
    auto tx = Transaction::begin(m_database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    const QString limit = today.toString(Qt::ISODate);
    // substr() works alike on both engines for ISO text.
    auto days = Sql::exec(
        db,
        QStringLiteral("SELECT substr(at, 1, 10) AS day, MIN(seq), MAX(seq), COUNT(*) FROM audit_journal"
                       " WHERE at < ? GROUP BY substr(at, 1, 10) ORDER BY day"),
        {limit});
    if (!days)
        return days.error();
    struct Day
    {
        QString day;
        qint64 first, last, count;
    };
    QList<Day> pending;
    while (days->next())
        pending.append({days->value(0).toString(), days->value(1).toLongLong(), days->value(2).toLongLong(),
                        days->value(3).toLongLong()});
    days->finish();

    int sealed = 0;
    const QString now = timeText(m_clock.now());
    QList<AuditEvent> events;
    for (const Day &day : std::as_const(pending)) {
        auto existing = Sql::exec(db, QStringLiteral("SELECT 1 FROM journal_seal WHERE day = ?"), {day.day});
        if (!existing)
            return existing.error();
        if (existing->next())
            continue;
        auto last
            = Sql::scalar(db, QStringLiteral("SELECT hash FROM audit_journal WHERE seq = ?"), {day.last});
        if (!last)
            return last.error();
        const QString lastHash = last->toString();
        const QString seal = sealHash(day.day, day.first, day.last, day.count, lastHash);
        auto inserted
            = Sql::exec(db,
                        QStringLiteral("INSERT INTO journal_seal (day, first_seq, last_seq, entry_count,"
                                       " last_hash, seal_hash, sealed_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        {day.day, day.first, day.last, day.count, lastHash, seal, now});
        if (!inserted)
            return inserted.error();
        QJsonObject details {{QStringLiteral("day"), day.day},
                             {QStringLiteral("entries"), day.count},
                             {QStringLiteral("lastSeq"), day.last},
                             {QStringLiteral("sealHash"), seal}};
        events.append({QStringLiteral("journal.seal"), QStringLiteral("journal"), day.day, details});
        ++sealed;
    }
    DMS_TRY(append(*tx, QStringLiteral("system"), m_clock.now(), events));
    DMS_TRY(tx->commit());
    return sealed;
}

Result<AuditJournal::Report> AuditJournal::verify()
{
    auto tx = Transaction::begin(m_database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    Report report;

    auto rows = Sql::exec(
        db,
        QStringLiteral("SELECT seq, at, actor, action, entity, entity_id, details, prev_hash, hash"
                       " FROM audit_journal ORDER BY seq"));
    if (!rows)
        return rows.error();
    qint64 expectedSeq = 1;
    QString prev = kGenesisHash;
    QHash<qint64, QString> hashes; // for checking seals
    QHash<QString, std::pair<qint64, qint64>> dayRange;
    QHash<QString, qint64> dayCount;
    while (rows->next()) {
        const qint64 seq = rows->value(0).toLongLong();
        const QString at = rows->value(1).toString();
        AuditEvent event;
        event.action = rows->value(3).toString();
        event.entity = rows->value(4).toString();
        event.entityId = rows->value(5).toString();
        const QByteArray details = rows->value(6).toString().toUtf8();
        const QString storedPrev = rows->value(7).toString();
        const QString storedHash = rows->value(8).toString();
        if (seq != expectedSeq)
            report.problems << QStringLiteral("entry %1: expected entry %2 (entries removed or reordered)")
                                   .arg(seq)
                                   .arg(expectedSeq);
        if (storedPrev != prev)
            report.problems
                << QStringLiteral("entry %1: does not follow the previous entry (chain broken)").arg(seq);
        if (entryHash(seq, at, rows->value(2).toString(), event, details, storedPrev) != storedHash)
            report.problems << QStringLiteral("entry %1: content does not match its hash (altered)").arg(seq);
        prev = storedHash;
        expectedSeq = seq + 1;
        ++report.entries;
        hashes.insert(seq, storedHash);
        const QString day = at.left(10);
        auto range = dayRange.value(day, {seq, seq});
        dayRange.insert(day, {std::min(range.first, seq), std::max(range.second, seq)});
        dayCount[day] += 1;
    }
    rows->finish();

    auto head = Sql::exec(db, QStringLiteral("SELECT seq, hash FROM journal_head WHERE id = 1"));
    if (!head)
        return head.error();
    if (!head->next()) {
        report.problems << QStringLiteral("journal head is missing");
    } else {
        if (head->value(0).toLongLong() != expectedSeq - 1)
            report.problems << QStringLiteral(
                                   "journal ends at entry %1 but its head says %2 (entries removed)")
                                   .arg(expectedSeq - 1)
                                   .arg(head->value(0).toLongLong());
        else if (head->value(1).toString() != prev)
            report.problems << QStringLiteral("journal head hash does not match the last entry");
    }
    head->finish();

    auto seals = Sql::exec(db,
                           QStringLiteral("SELECT day, first_seq, last_seq, entry_count, last_hash, seal_hash"
                                          " FROM journal_seal ORDER BY day"));
    if (!seals)
        return seals.error();
    while (seals->next()) {
        const QString day = seals->value(0).toString();
        const qint64 first = seals->value(1).toLongLong();
        const qint64 last = seals->value(2).toLongLong();
        const qint64 count = seals->value(3).toLongLong();
        const QString lastHash = seals->value(4).toString();
        ++report.sealedDays;
        if (sealHash(day, first, last, count, lastHash) != seals->value(5).toString())
            report.problems << QStringLiteral("seal of %1: altered").arg(day);
        const auto range = dayRange.value(day, {-1, -1});
        if (range.first != first || range.second != last || dayCount.value(day) != count)
            report.problems << QStringLiteral(
                                   "seal of %1: the day's entries differ from the seal (%2 sealed, %3 now)")
                                   .arg(day)
                                   .arg(count)
                                   .arg(dayCount.value(day));
        if (hashes.value(last) != lastHash)
            report.problems << QStringLiteral("seal of %1: the day's last entry changed").arg(day);
    }
    return report;
}

Result<QList<AuditEntry>> AuditJournal::history(const QString &entity, const QString &entityId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(
        *db,
        QStringLiteral("SELECT seq, at, actor, action, details, prev_hash, hash FROM audit_journal"
                       " WHERE entity = ? AND entity_id = ? ORDER BY seq"),
        {entity, entityId});
    if (!rows)
        return rows.error();
    QList<AuditEntry> entries;
    while (rows->next()) {
        AuditEntry entry;
        entry.seq = rows->value(0).toLongLong();
        entry.at = QDateTime::fromString(rows->value(1).toString(), Qt::ISODateWithMs);
        entry.actor = rows->value(2).toString();
        entry.event.action = rows->value(3).toString();
        entry.event.entity = entity;
        entry.event.entityId = entityId;
        entry.event.details = QJsonDocument::fromJson(rows->value(4).toString().toUtf8()).object();
        entry.prevHash = rows->value(5).toString();
        entry.hash = rows->value(6).toString();
        entries.append(entry);
    }
    return entries;
}

} // namespace dms
