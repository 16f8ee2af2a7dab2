// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/store/Outbox.h"

#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "exchange/RetrySchedule.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/store/MessageLog.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/ChangeFeed.h"
#include "sync/SyncCommandApplier.h"

namespace dms::exchange {

namespace {

const QString s_columns
    = QStringLiteral("id, message_guid, recipient_guid, message_type, document_guid, "
                     "content, state, attempts, next_attempt_at, last_error, message_blob");

OutboxEntry fromRow(const SqlStatement &row)
{
    OutboxEntry e;
    e.id = row.value(0).toString();
    e.messageGuid = row.value(1).toString();
    e.recipientGuid = row.value(2).toString();
    e.messageType = row.value(3).toString();
    e.documentGuid = row.value(4).toString();
    e.content = row.value(5).toString().toUtf8();
    const QString state = row.value(6).toString();
    e.state = state == QLatin1String("sent") ? OutboxEntry::State::Sent
        : state == QLatin1String("failed")   ? OutboxEntry::State::Failed
                                             : OutboxEntry::State::Pending;
    e.attempts = row.value(7).toInt();
    e.nextAttemptAt = Sql::toDateTime(row.value(8));
    e.lastError = row.value(9).toString();
    e.messageBlob = row.value(10).toString();
    return e;
}

Error notFound(const QString &id)
{
    return makeError(ErrorCode::NotFound, Tr::tr("The outbox entry does not exist."), id);
}

} // namespace

Status Outbox::publishDocument(Transaction &transaction, const QString &documentId, const QDateTime &now)
{
    if (documentId.isEmpty())
        return {};
    auto changes = SyncCommandApplier::documentChanges(transaction.connection(), documentId, now.toUTC());
    if (!changes)
        return changes.error();
    return ChangeFeed::append(transaction, *changes);
}

Outbox::Outbox(Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{ }

Result<QString> Outbox::enqueue(const OutboxEntry &entry, const QString &documentId)
{
    auto tx = Transaction::begin(m_database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    const QDateTime now = m_clock.now();
    const QString nowText = Sql::toText(now);
    DMS_TRY(MessageLog::record(db, MessageLog::Direction::Out, entry.messageGuid, entry.recipientGuid,
                               entry.messageType, entry.documentGuid,
                               entry.messageBlob.isEmpty() ? MessageLog::contentSha256(entry.content)
                                                           : entry.messageBlob,
                               nowText, nullptr));
    const QString id = Ids::create(now);
    DMS_TRY(Sql::exec(
        db,
        QStringLiteral("INSERT INTO exchange_outbox (") + s_columns
            + QStringLiteral(
                ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, ?, ?, ?)"),
        {id, ExchangeGuid::normalized(entry.messageGuid), ExchangeGuid::normalized(entry.recipientGuid),
         entry.messageType, Sql::textOrNull(ExchangeGuid::normalized(entry.documentGuid)),
         // Not NULL when the message is a blob: the column predates message_blob.
         entry.content.isEmpty() ? QStringLiteral("") : QString::fromUtf8(entry.content), nowText,
         Sql::textOrNull(entry.messageBlob), nowText, nowText}));
    if (entry.messageType == QLatin1String("MSG_DocumentRegistrationRequest")) {
        const QString docGuid = ExchangeGuid::normalized(entry.documentGuid);
        const QString recipient = ExchangeGuid::normalized(entry.recipientGuid);
        DMS_TRY(Sql::exec(
            db,
            QStringLiteral(
                "DELETE FROM exchange_sent_document WHERE document_guid = ? AND recipient_guid = ?"),
            {docGuid, recipient}));
        DMS_TRY(Sql::exec(
            db,
            QStringLiteral("INSERT INTO exchange_sent_document (document_guid, recipient_guid, document_id, "
                           "status, updated_at) VALUES (?, ?, ?, 'pending', ?)"),
            {docGuid, recipient, Sql::textOrNull(documentId), nowText}));
        DMS_TRY(publishDocument(*tx, documentId, now)); // last: see ChangeFeed
    }
    DMS_TRY(tx->commit());
    return id;
}

Result<QList<OutboxEntry>> Outbox::due()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return Sql::rows(
        *db,
        QStringLiteral("SELECT ") + s_columns
            + QStringLiteral(" FROM exchange_outbox WHERE state = 'pending' AND next_attempt_at <= ? "
                             "ORDER BY next_attempt_at, id"),
        {Sql::toText(m_clock.now())}, fromRow);
}

Result<QList<OutboxEntry>> Outbox::list()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return Sql::rows(
        *db, QStringLiteral("SELECT ") + s_columns + QStringLiteral(" FROM exchange_outbox ORDER BY id"), {},
        fromRow);
}

Result<OutboxEntry> Outbox::find(const QString &id)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return Sql::firstRow(
        *db, QStringLiteral("SELECT ") + s_columns + QStringLiteral(" FROM exchange_outbox WHERE id = ?"),
        {id}, fromRow, notFound(id));
}

Status Outbox::markSent(const QString &id)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto done
        = Sql::exec(*db,
                    QStringLiteral("UPDATE exchange_outbox SET state = 'sent', attempts = attempts + 1, "
                                   "next_attempt_at = NULL, last_error = NULL, updated_at = ? WHERE id = ?"),
                    {Sql::toText(m_clock.now()), id});
    if (!done)
        return done.error();
    return done->numRowsAffected() == 1 ? Status() : Status(notFound(id));
}

Status Outbox::markAttemptFailed(const QString &id, const QString &error)
{
    auto entry = find(id);
    if (!entry)
        return entry.error();
    const QDateTime now = m_clock.now();
    const int attempts = entry->attempts + 1;
    // attempts counts the first send too: retries = attempts - 1 so far.
    const auto next = RetrySchedule::nextAttempt(now, attempts);
    auto db = m_database.connection();
    if (!db)
        return db.error();
    DMS_TRY(
        Sql::exec(*db,
                  QStringLiteral("UPDATE exchange_outbox SET state = ?, attempts = ?, next_attempt_at = ?, "
                                 "last_error = ?, updated_at = ? WHERE id = ?"),
                  {next ? QStringLiteral("pending") : QStringLiteral("failed"), attempts,
                   next ? QVariant(Sql::toText(*next)) : Sql::null(), error, Sql::toText(now), id}));
    if (!next && entry->messageType == QLatin1String("MSG_DocumentRegistrationRequest"))
        return recordStatus(entry->documentGuid, entry->recipientGuid, QStringLiteral("sent-failed"));
    return {};
}

Status Outbox::markFailed(const QString &id, const QString &error)
{
    auto entry = find(id);
    if (!entry)
        return entry.error();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    DMS_TRY(Sql::exec(*db,
                      QStringLiteral("UPDATE exchange_outbox SET state = 'failed', attempts = attempts + 1, "
                                     "next_attempt_at = NULL, last_error = ?, updated_at = ? WHERE id = ?"),
                      {error, Sql::toText(m_clock.now()), id}));
    if (entry->messageType == QLatin1String("MSG_DocumentRegistrationRequest"))
        return recordStatus(entry->documentGuid, entry->recipientGuid, QStringLiteral("sent-failed"));
    return {};
}

Status Outbox::resend(const QString &id)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QString now = Sql::toText(m_clock.now());
    auto done = Sql::exec(
        *db,
        QStringLiteral("UPDATE exchange_outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, "
                       "updated_at = ? WHERE id = ? AND state = 'failed'"),
        {now, now, id});
    if (!done)
        return done.error();
    if (done->numRowsAffected() != 1)
        return makeError(ErrorCode::InvalidState, Tr::tr("Only a failed outbox entry can be resent."), id);
    return {};
}

Status Outbox::recordStatus(const QString &documentGuid, const QString &recipientGuid, const QString &status,
                            const QString &number, const QDate &date, const QString &reason)
{
    auto tx = Transaction::begin(m_database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    const QDateTime now = m_clock.now();
    const QString docGuid = ExchangeGuid::normalized(documentGuid);
    const QString peer = ExchangeGuid::normalized(recipientGuid);
    auto updated = Sql::exec(
        db,
        QStringLiteral("UPDATE exchange_sent_document SET status = ?, "
                       "receiver_number = COALESCE(?, receiver_number), "
                       "receiver_date = COALESCE(?, receiver_date), rejection_reason = ?, "
                       "updated_at = ? WHERE document_guid = ? AND recipient_guid = ?"),
        {status, Sql::textOrNull(number), date.isValid() ? QVariant(date.toString(Qt::ISODate)) : Sql::null(),
         Sql::textOrNull(reason), Sql::toText(now), docGuid, peer});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::NotFound,
                         Tr::tr("No document with this GUID was sent to the participant."), docGuid);
    DMS_TRY(Sql::exec(
        db,
        QStringLiteral("INSERT INTO exchange_status_history (id, document_guid, peer_guid, direction, "
                       "status, detail, at) VALUES (?, ?, ?, 'out', ?, ?, ?)"),
        {Ids::create(now), docGuid, peer, status, Sql::textOrNull(number.isEmpty() ? reason : number),
         Sql::toText(now)}));
    auto documentId = Sql::scalar(
        db,
        QStringLiteral(
            "SELECT document_id FROM exchange_sent_document WHERE document_guid = ? AND recipient_guid = ?"),
        {docGuid, peer});
    if (!documentId)
        return documentId.error();
    DMS_TRY(publishDocument(*tx, documentId->toString(), now)); // last: see ChangeFeed
    return tx->commit();
}

Result<SentDocument> Outbox::sentDocument(const QString &documentGuid, const QString &recipientGuid)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(
        *db,
        QStringLiteral("SELECT document_guid, recipient_guid, document_id, status, receiver_number, "
                       "receiver_date, rejection_reason FROM exchange_sent_document "
                       "WHERE document_guid = ? AND recipient_guid = ?"),
        {ExchangeGuid::normalized(documentGuid), ExchangeGuid::normalized(recipientGuid)});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound,
                         Tr::tr("No document with this GUID was sent to the participant."), documentGuid);
    SentDocument d;
    d.documentGuid = row->value(0).toString();
    d.recipientGuid = row->value(1).toString();
    d.documentId = row->value(2).toString();
    d.status = row->value(3).toString();
    d.receiverNumber = row->value(4).toString();
    d.receiverDate = QDate::fromString(row->value(5).toString(), Qt::ISODate);
    d.rejectionReason = row->value(6).toString();
    return d;
}

} // namespace dms::exchange
