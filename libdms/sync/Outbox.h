// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace dms {

class Database;

/** A command waiting in a desk's outbox. */
struct OutboxEntry
{
    QString opId;
    qint64 position = 0;
    QDateTime createdAt;
    QString kind;
    QJsonObject payload;
    QString state; ///< "pending", "applied", "rejected"
    int attempts = 0;
    QJsonObject result; ///< the server's answer once decided
};

/** The persistent outbox of a desk (table sync_outbox in the desk's local
 *  database): commands are kept in the order they were made until the server
 *  has decided them, and survive restarts. Thread-safe. */
class Outbox
{
public:
    explicit Outbox(Database &database);

    /** Adds a command with a new op_id (UUIDv7) at the end. */
    Result<OutboxEntry> enqueue(const QString &kind, const QJsonObject &payload, const QDateTime &now);
    /** The oldest pending commands, at most `limit`. */
    Result<QList<OutboxEntry>> pending(int limit);
    Result<OutboxEntry> find(const QString &opId);
    /** Records the server's decision ("applied" or "rejected" outcome JSON). */
    Status decide(const QString &opId, bool applied, const QJsonObject &answer);
    /** Counts an attempt that ended without a decision. */
    Status attemptFailed(const QString &opId, const QString &error);
    Result<int> count(const QString &state);

private:
    Database &m_database;
};

} // namespace dms
