// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ChangeFeed.h"

#include "core/Tr.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QJsonDocument>

namespace dms {

Status ChangeFeed::append(Transaction &transaction, QList<SyncChange> &changes)
{
    if (changes.isEmpty())
        return {};
    const QSqlDatabase &db = transaction.connection();
    auto bumped = Sql::exec(db,
                            QStringLiteral("UPDATE sync_change_counter SET last_seq = last_seq + ?"
                                           " WHERE id = 1 RETURNING last_seq"),
                            {qint64(changes.size())});
    if (!bumped)
        return bumped.error();
    if (!bumped->next())
        return makeError(ErrorCode::Internal, Tr::tr("The change feed counter is missing."));
    qint64 seq = bumped->value(0).toLongLong() - changes.size();
    bumped->finish();
    for (SyncChange &change : changes) {
        change.seq = ++seq;
        auto inserted = Sql::exec(
            db,
            QStringLiteral("INSERT INTO sync_change (seq, entity, entity_id, access_level, data, changed_at)"
                           " VALUES (?, ?, ?, ?, ?, ?)"),
            {change.seq, change.entity, change.entityId, change.accessLevel,
             QString::fromUtf8(QJsonDocument(change.data).toJson(QJsonDocument::Compact)),
             Sql::toText(change.changedAt)});
        if (!inserted)
            return inserted.error();
    }
    return {};
}

Result<ChangePage> ChangeFeed::read(Database &database, qint64 cursor, int limit, bool includeRestricted)
{
    auto db = database.connection();
    if (!db)
        return db.error();
    // One more than asked tells whether there is more. The data comes as bytes:
    // as text the driver would convert it to UTF-16 and back for every row.
    const QString sql = database.isSqlite()
        ? QStringLiteral("SELECT seq, entity, entity_id, access_level, CAST(data AS BLOB), changed_at"
                         " FROM sync_change WHERE seq > ? ORDER BY seq LIMIT ?")
        : QStringLiteral("SELECT seq, entity, entity_id, access_level, convert_to(data, 'UTF8'), changed_at"
                         " FROM sync_change WHERE seq > ? ORDER BY seq LIMIT ?");
    auto rows = Sql::exec(*db, sql, {cursor, limit + 1});
    if (!rows)
        return rows.error();
    ChangePage page;
    page.nextCursor = cursor;
    int seen = 0;
    while (rows->next()) {
        if (seen == limit) {
            page.hasMore = true;
            break;
        }
        ++seen;
        SyncChange change;
        change.seq = rows->value(0).toLongLong();
        change.entity = rows->value(1).toString();
        change.entityId = rows->value(2).toString();
        change.accessLevel = rows->value(3).toString();
        // Kept as stored: the pull splices these bytes into its page (ChangePageWriter).
        change.dataJson = rows->value(4).toByteArray();
        change.changedAt = Sql::toDateTime(rows->value(5));
        page.nextCursor = change.seq;
        if (change.accessLevel == QLatin1String("restricted") && !includeRestricted)
            continue;
        page.changes.append(change);
    }
    return page;
}

Result<qint64> ChangeFeed::lastSeq(Database &database)
{
    auto db = database.connection();
    if (!db)
        return db.error();
    auto value = Sql::scalar(*db, QStringLiteral("SELECT last_seq FROM sync_change_counter WHERE id = 1"));
    if (!value)
        return value.error();
    return value->toLongLong();
}

} // namespace dms
