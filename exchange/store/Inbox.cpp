// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/store/Inbox.h"

#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "exchange/DocumentStatusMachine.h"
#include "exchange/message/ExchangeGuid.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

namespace dms::exchange {

namespace {

const QString s_columns
    = QStringLiteral("id, sender_guid, document_guid, message_guid, content, status, "
                     "registration_id, receiver_number, receiver_date, rejection_reason, message_blob");

InboxEntry fromRow(const SqlStatement &row)
{
    InboxEntry e;
    e.id = row.value(0).toString();
    e.senderGuid = row.value(1).toString();
    e.documentGuid = row.value(2).toString();
    e.messageGuid = row.value(3).toString();
    e.content = row.value(4).toString().toUtf8();
    e.status = documentStatusFromName(row.value(5).toString()).value_or(DocumentStatus::WaitRegistration);
    e.registrationId = row.value(6).toString();
    e.receiverNumber = row.value(7).toString();
    e.receiverDate = QDate::fromString(row.value(8).toString(), Qt::ISODate);
    e.rejectionReason = row.value(9).toString();
    e.messageBlob = row.value(10).toString();
    return e;
}

Error notFound(const QString &id)
{
    return makeError(ErrorCode::NotFound, Tr::tr("The inbox entry does not exist."), id);
}

} // namespace

Inbox::Inbox(Database &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{ }

Result<InboxEntry> Inbox::add(const QString &senderGuid, const QString &documentGuid,
                              const QString &messageGuid, const QByteArray &content,
                              const QString &messageBlob)
{
    auto existing = findByDocument(senderGuid, documentGuid);
    if (existing)
        return makeError(ErrorCode::AlreadyExists, Tr::tr("The document was already received."),
                         existing->id);
    if (existing.error().code != ErrorCode::NotFound)
        return existing.error();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QDateTime now = m_clock.now();
    InboxEntry entry;
    entry.id = Ids::create(now);
    entry.senderGuid = ExchangeGuid::normalized(senderGuid);
    entry.documentGuid = ExchangeGuid::normalized(documentGuid);
    entry.messageGuid = ExchangeGuid::normalized(messageGuid);
    entry.content = content;
    entry.messageBlob = messageBlob;
    auto inserted = Sql::exec(
        *db,
        QStringLiteral("INSERT INTO exchange_inbox (id, sender_guid, document_guid, message_guid, "
                       "content, message_blob, status, received_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {entry.id, entry.senderGuid, entry.documentGuid, entry.messageGuid,
         content.isEmpty() ? QStringLiteral("") : QString::fromUtf8(content), // NOT NULL
         Sql::textOrNull(messageBlob), documentStatusName(DocumentStatus::WaitRegistration), Sql::toText(now),
         Sql::toText(now)});
    if (!inserted) {
        // A concurrent delivery of the same document won the unique key.
        auto winner = findByDocument(senderGuid, documentGuid);
        if (winner)
            return makeError(ErrorCode::AlreadyExists, Tr::tr("The document was already received."),
                             winner->id);
        return inserted.error();
    }
    return entry;
}

Result<InboxEntry> Inbox::find(const QString &id)
{
    return selectOne(QStringLiteral("id = ?"), {id}, id);
}

Result<InboxEntry> Inbox::findByDocument(const QString &senderGuid, const QString &documentGuid)
{
    return selectOne(QStringLiteral("sender_guid = ? AND document_guid = ?"),
                     {ExchangeGuid::normalized(senderGuid), ExchangeGuid::normalized(documentGuid)},
                     documentGuid);
}

Result<QList<InboxEntry>> Inbox::list()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return Sql::rows(
        *db, QStringLiteral("SELECT ") + s_columns + QStringLiteral(" FROM exchange_inbox ORDER BY id"), {},
        fromRow);
}

Result<InboxEntry> Inbox::selectOne(const QString &where, const QVariantList &params, const QString &key)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return Sql::firstRow(
        *db, QStringLiteral("SELECT ") + s_columns + QStringLiteral(" FROM exchange_inbox WHERE ") + where,
        params, fromRow, notFound(key));
}

Status Inbox::claim(const QString &id)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto done = Sql::exec(*db,
                          QStringLiteral("UPDATE exchange_inbox SET claimed = 1, updated_at = ? "
                                         "WHERE id = ? AND claimed = 0 AND status = 'DS_WAIT_REGISTRATION'"),
                          {Sql::toText(m_clock.now()), id});
    if (!done)
        return done.error();
    if (done->numRowsAffected() != 1)
        return makeError(ErrorCode::InvalidState, Tr::tr("The document is not waiting for registration."),
                         id);
    return {};
}

Status Inbox::release(const QString &id)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    DMS_TRY(Sql::exec(
        *db,
        QStringLiteral(
            "UPDATE exchange_inbox SET claimed = 0 WHERE id = ? AND status = 'DS_WAIT_REGISTRATION'"),
        {id}));
    return {};
}

Status Inbox::transition(const QString &id, DocumentStatus to, const QString &sql, const QVariantList &params)
{
    auto tx = Transaction::begin(m_database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto row = Sql::exec(
        db, QStringLiteral("SELECT status, sender_guid, document_guid FROM exchange_inbox WHERE id = ?"),
        {id});
    if (!row)
        return row.error();
    if (!row->next())
        return notFound(id);
    const auto from = documentStatusFromName(row->value(0).toString());
    const QString sender = row->value(1).toString();
    const QString document = row->value(2).toString();
    row->finish();
    if (!DocumentStatusMachine::canMove(from, to))
        return makeError(
            ErrorCode::InvalidState, Tr::tr("The document's exchange status cannot change that way."),
            QStringLiteral("%1 -> %2")
                .arg(from ? documentStatusName(*from) : QStringLiteral("new"), documentStatusName(to)));
    const QDateTime now = m_clock.now();
    QVariantList all {documentStatusName(to), Sql::toText(now)};
    all += params;
    all.append(id);
    DMS_TRY(Sql::exec(db,
                      QStringLiteral("UPDATE exchange_inbox SET status = ?, updated_at = ?") + sql
                          + QStringLiteral(" WHERE id = ?"),
                      all));
    DMS_TRY(Sql::exec(
        db,
        QStringLiteral("INSERT INTO exchange_status_history (id, document_guid, peer_guid, direction, "
                       "status, at) VALUES (?, ?, ?, 'in', ?, ?)"),
        {Ids::create(now), document, sender, documentStatusName(to), Sql::toText(now)}));
    return tx->commit();
}

Status Inbox::markRegistered(const QString &id, const QString &registrationId, const QString &number,
                             const QDate &date)
{
    return transition(
        id, DocumentStatus::Registered,
        QStringLiteral(", registration_id = ?, receiver_number = ?, receiver_date = ?, claimed = 0"),
        {registrationId, number, date.toString(Qt::ISODate)});
}

Status Inbox::markRejected(const QString &id, const QString &reason)
{
    return transition(id, DocumentStatus::Rejected, QStringLiteral(", rejection_reason = ?, claimed = 0"),
                      {reason});
}

Status Inbox::move(const QString &id, DocumentStatus status)
{
    return transition(id, status, {}, {});
}

} // namespace dms::exchange
