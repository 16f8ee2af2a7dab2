// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/JournalSummary.h"

#include "audit/AuditJournal.h"
#include "core/Tr.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QJsonArray>
#include <QMap>

namespace dms {

namespace {

const QString kDay = QStringLiteral("day");
const QString kFirstSeq = QStringLiteral("firstSeq");
const QString kLastSeq = QStringLiteral("lastSeq");
const QString kEntries = QStringLiteral("entries");
const QString kCounts = QStringLiteral("counts");
const QString kLastEntryHash = QStringLiteral("lastEntryHash");
const QString kSealHash = QStringLiteral("sealHash");
const QString kSealedAt = QStringLiteral("sealedAt");
const QString kIntact = QStringLiteral("intact");
const QString kProblems = QStringLiteral("problems");
const QString kChainHead = QStringLiteral("chainHead");
const QString kSeq = QStringLiteral("seq");
const QString kHash = QStringLiteral("hash");

} // namespace

JournalSummary::JournalSummary(Database &database)
    : m_database(database)
{ }

Result<QJsonObject> JournalSummary::build(const QDate &day)
{
    if (!day.isValid())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The day is not a valid date."));
    const QString dayText = day.toString(Qt::ISODate);
    auto tx = Transaction::begin(m_database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto seal
        = Sql::exec(db,
                    QStringLiteral("SELECT first_seq, last_seq, entry_count, last_hash, seal_hash, sealed_at"
                                   " FROM journal_seal WHERE day = ?"),
                    {dayText});
    if (!seal)
        return seal.error();
    if (!seal->next())
        return makeError(ErrorCode::NotFound, Tr::tr("This day of the journal is not sealed (yet)."),
                         dayText);
    const qint64 firstSeq = seal->value(0).toLongLong();
    const qint64 lastSeq = seal->value(1).toLongLong();
    const qint64 count = seal->value(2).toLongLong();
    const QString sealedLastHash = seal->value(3).toString();
    const QString sealHash = seal->value(4).toString();
    const QString sealedAt = seal->value(5).toString();
    seal->finish();

    QStringList problems;
    if (AuditJournal::daySealHash(dayText, firstSeq, lastSeq, count, sealedLastHash) != sealHash)
        problems << QStringLiteral("the seal of %1 was altered").arg(dayText);

    // The hash before the day: where the day's chain must start.
    QString prev = QString(64, QLatin1Char('0'));
    if (firstSeq > 1) {
        auto before
            = Sql::scalar(db, QStringLiteral("SELECT hash FROM audit_journal WHERE seq = ?"), {firstSeq - 1});
        if (before)
            prev = before->toString();
        else if (before.error().code == ErrorCode::NotFound)
            problems << QStringLiteral("entry %1 is missing").arg(firstSeq - 1);
        else
            return before.error();
    }
    auto rows = Sql::exec(
        db,
        QStringLiteral("SELECT seq, at, actor, action, entity, entity_id, details, prev_hash, hash"
                       " FROM audit_journal WHERE seq >= ? AND seq <= ? ORDER BY seq"),
        {firstSeq, lastSeq});
    if (!rows)
        return rows.error();
    QMap<QString, qint64> counts;
    qint64 seen = 0;
    qint64 expected = firstSeq;
    QString lastHash;
    while (rows->next()) {
        const qint64 seq = rows->value(0).toLongLong();
        const QString at = rows->value(1).toString();
        AuditEvent event;
        event.action = rows->value(3).toString();
        event.entity = rows->value(4).toString();
        event.entityId = rows->value(5).toString();
        const QString storedPrev = rows->value(7).toString();
        lastHash = rows->value(8).toString();
        if (seq != expected)
            problems << QStringLiteral("entry %1 is missing").arg(expected);
        if (storedPrev != prev)
            problems << QStringLiteral("entry %1 does not follow the previous entry").arg(seq);
        if (AuditJournal::entryHash(seq, at, rows->value(2).toString(), event,
                                    rows->value(6).toString().toUtf8(), storedPrev)
            != lastHash)
            problems << QStringLiteral("entry %1 does not match its hash").arg(seq);
        if (!at.startsWith(dayText))
            problems << QStringLiteral("entry %1 is not of %2").arg(seq).arg(dayText);
        counts[event.action] += 1;
        prev = lastHash;
        expected = seq + 1;
        ++seen;
    }
    rows->finish();
    if (seen != count)
        problems << QStringLiteral("the seal counts %1 entries, the journal has %2").arg(count).arg(seen);
    if (lastHash != sealedLastHash)
        problems << QStringLiteral("the day's last entry is not the sealed one");
    auto sameDay = Sql::scalar(
        db, QStringLiteral("SELECT COUNT(*) FROM audit_journal WHERE substr(at, 1, 10) = ?"), {dayText});
    if (!sameDay)
        return sameDay.error();
    if (sameDay->toLongLong() != seen)
        problems << QStringLiteral("entries of %1 were added outside its seal").arg(dayText);

    auto head = Sql::exec(db, QStringLiteral("SELECT seq, hash FROM journal_head WHERE id = 1"));
    if (!head)
        return head.error();
    QJsonObject chainHead;
    if (head->next())
        chainHead = {{kSeq, head->value(0).toLongLong()}, {kHash, head->value(1).toString()}};
    head->finish();
    DMS_TRY(tx->commit());

    QJsonObject countObject;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        countObject.insert(it.key(), it.value());
    return QJsonObject {{kDay, dayText},
                        {kFirstSeq, firstSeq},
                        {kLastSeq, lastSeq},
                        {kEntries, count},
                        {kCounts, countObject},
                        {kLastEntryHash, sealedLastHash},
                        {kSealHash, sealHash},
                        {kSealedAt, sealedAt},
                        {kIntact, problems.isEmpty()},
                        {kProblems, QJsonArray::fromStringList(problems)},
                        {kChainHead, chainHead}};
}

Result<QStringList> JournalSummary::check(const QJsonObject &published)
{
    const QDate day = QDate::fromString(published.value(kDay).toString(), Qt::ISODate);
    if (!day.isValid() || !published.value(kSealHash).isString() || !published.value(kChainHead).isObject())
        return makeError(ErrorCode::InvalidInput, Tr::tr("This is not a journal summary."));
    QStringList differences;
    auto now = build(day);
    if (!now) {
        if (now.error().code != ErrorCode::NotFound)
            return now.error();
        differences << QStringLiteral("the seal of %1 is gone").arg(day.toString(Qt::ISODate));
    } else {
        for (const QString &key : {kFirstSeq, kLastSeq, kEntries, kCounts, kLastEntryHash, kSealHash}) {
            if (published.value(key) != now->value(key))
                differences << QStringLiteral("%1 differs from the published summary").arg(key);
        }
        for (const QJsonValue &problem : now->value(kProblems).toArray())
            differences << problem.toString();
    }
    // The published chain head must still be in the chain: a chain rebuilt after an
    // alteration gives every later entry another hash.
    const QJsonObject head = published.value(kChainHead).toObject();
    const qint64 headSeq = head.value(kSeq).toInteger();
    if (headSeq > 0) {
        auto db = m_database.connection();
        if (!db)
            return db.error();
        auto hash
            = Sql::scalar(*db, QStringLiteral("SELECT hash FROM audit_journal WHERE seq = ?"), {headSeq});
        if (!hash && hash.error().code != ErrorCode::NotFound)
            return hash.error();
        if (!hash || hash->toString() != head.value(kHash).toString())
            differences << QStringLiteral(
                               "entry %1 is not the published chain head (the chain was rewritten)")
                               .arg(headSeq);
    }
    return differences;
}

} // namespace dms
