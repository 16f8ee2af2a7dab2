// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncEngine.h"

namespace dms {

/** The write half of a desk's read side: materialises the change feed and the
 *  outbox into the indexed tables desk_registration, desk_correspondent,
 *  desk_register and desk_user (migration 0011) of the desk's local database,
 *  so that lists and searches are plain indexed queries (DeskReader).
 *
 *  A registration made on the desk appears at once as a pending row carrying
 *  its provisional number; when the server applies the command the row becomes
 *  the real entry with the official number (from the answer), and the feed then
 *  brings its full data; a refused command removes the row (the outbox keeps it
 *  as a conflict). Called by SyncEngine inside its transactions; stateless and
 *  thread-safe. */
class DeskReplica final : public SyncReplicaObserver
{
public:
    Status changeStored(const QSqlDatabase &db, const QString &entity, const QString &id,
                        const QJsonObject &data) override;
    Status commandQueued(const QSqlDatabase &db, const OutboxEntry &entry) override;
    Status commandDecided(const QSqlDatabase &db, const QString &opId, bool applied,
                          const QJsonObject &answer) override;

    /** The words a registration is found by (index, kind, subject, correspondent),
     *  framed by spaces so that a word is matched as " word " or " prefix…". */
    static QString searchText(const QStringList &fields);

private:
    static Status storeRegistration(const QSqlDatabase &db, const QString &id, const QJsonObject &data);
};

} // namespace dms
