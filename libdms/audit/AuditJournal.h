// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/AuditEvent.h"
#include "core/Result.h"

#include <QDate>
#include <QList>

namespace dms {

class Clock;
class Database;
class Transaction;

/** The tamper-evident journal of every change.
 *
 *  Entries are numbered without gaps and chained: hash = SHA-256 over the entry's
 *  fields and the previous hash. The single journal_head row holds the end of
 *  the chain; append() updates it, so call it as the last step of a write
 *  transaction (it then serialises appends in commit order on PostgreSQL too).
 *  Days are sealed: a seal records the day's last entry and a hash over it, so
 *  that removing a day's tail or rewriting a sealed day is detected even if the
 *  chain after it were rebuilt. */
class AuditJournal
{
public:
    /** What verify() found. ok() when nothing was wrong. */
    struct Report
    {
        qint64 entries = 0;
        qint64 sealedDays = 0;
        QStringList problems; ///< one line per finding, with the sequence number
        bool ok() const { return problems.isEmpty(); }
    };

    AuditJournal(Database &database, const Clock &clock);

    /** Appends events inside the caller's transaction, stamped with `at`. */
    static Status append(Transaction &tx, const QString &actor, const QDateTime &at,
                         const QList<AuditEvent> &events);
    static Status append(Transaction &tx, const QString &actor, const QDateTime &at, const AuditEvent &event)
    {
        return append(tx, actor, at, QList<AuditEvent> {event});
    }

    /** The chain hash of one entry; exposed for tests and external verifiers. */
    static QString entryHash(qint64 seq, const QString &at, const QString &actor, const AuditEvent &event,
                             const QByteArray &detailsJson, const QString &prevHash);
    /** The hash of a day's seal over its entries' range, count and last hash; exposed
     *  for the published journal summaries (opendata/JournalSummary). */
    static QString daySealHash(const QString &day, qint64 firstSeq, qint64 lastSeq, qint64 count,
                               const QString &lastHash);
    /** The stored form of an event's details (compact JSON, keys sorted). */
    static QByteArray detailsJson(const AuditEvent &event);

    /** Seals every whole day (UTC) before `today` that has entries and no seal yet. */
    Result<int> sealDaysBefore(const QDate &today);
    /** Walks the whole journal and its seals. */
    Result<Report> verify();
    /** The events about one entity, oldest first. */
    Result<QList<AuditEntry>> history(const QString &entity, const QString &entityId);

private:
    Database &m_database;
    const Clock &m_clock;
};

} // namespace dms
