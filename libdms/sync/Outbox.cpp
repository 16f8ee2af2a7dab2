// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/Outbox.h"

#include "core/Ids.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QJsonDocument>

namespace dms {

namespace {

const QString kColumns = QStringLiteral(
    "SELECT op_id, position, created_at, kind, payload, state, attempts, result FROM sync_outbox ");

QString toJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject fromJson(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

OutboxEntry entryFrom(const SqlStatement &row)
{
    return {row.value(0).toString(), row.value(1).toLongLong(), Sql::toDateTime(row.value(2)),
            row.value(3).toString(), fromJson(row.value(4)),    row.value(5).toString(),
            row.value(6).toInt(),    fromJson(row.value(7))};
}

} // namespace

Outbox::Outbox(Database &database)
    : m_database(database)
{ }

Result<OutboxEntry> Outbox::enqueue(const QString &kind, const QJsonObject &payload, const QDateTime &now)
{
    auto tx = Transaction::begin(m_database);
    if (!tx)
        return tx.error();
    auto last
        = Sql::scalar(tx->connection(), QStringLiteral("SELECT COALESCE(MAX(position), 0) FROM sync_outbox"));
    if (!last)
        return last.error();
    OutboxEntry entry {Ids::create(now), last->toLongLong() + 1,    now.toUTC(), kind,
                       payload,          QStringLiteral("pending"), 0,           {}};
    DMS_TRY(
        Sql::exec(tx->connection(),
                  QStringLiteral("INSERT INTO sync_outbox (op_id, position, created_at, kind, payload, state)"
                                 " VALUES (?, ?, ?, ?, ?, 'pending')"),
                  {entry.opId, entry.position, Sql::toText(now), kind, toJson(payload)}));
    DMS_TRY(tx->commit());
    return entry;
}

Result<QList<OutboxEntry>> Outbox::pending(int limit)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db, kColumns + QStringLiteral("WHERE state = 'pending' ORDER BY position LIMIT ?"),
                          {limit});
    if (!rows)
        return rows.error();
    QList<OutboxEntry> entries;
    while (rows->next())
        entries.append(entryFrom(*rows));
    return entries;
}

Result<OutboxEntry> Outbox::find(const QString &opId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db, kColumns + QStringLiteral("WHERE op_id = ?"), {opId});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such outbox entry"), opId);
    return entryFrom(*rows);
}

Status Outbox::decide(const QString &opId, bool applied, const QJsonObject &answer)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    DMS_TRY(
        Sql::exec(*db,
                  QStringLiteral("UPDATE sync_outbox SET state = ?, result = ?, attempts = attempts + 1,"
                                 " last_error = NULL WHERE op_id = ? AND state = 'pending'"),
                  {applied ? QStringLiteral("applied") : QStringLiteral("rejected"), toJson(answer), opId}));
    return {};
}

Status Outbox::attemptFailed(const QString &opId, const QString &error)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    DMS_TRY(Sql::exec(
        *db, QStringLiteral("UPDATE sync_outbox SET attempts = attempts + 1, last_error = ? WHERE op_id = ?"),
        {error.left(1000), opId}));
    return {};
}

Result<int> Outbox::count(const QString &state)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto value
        = Sql::scalar(*db, QStringLiteral("SELECT COUNT(*) FROM sync_outbox WHERE state = ?"), {state});
    if (!value)
        return value.error();
    return value->toInt();
}

} // namespace dms
