// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "sync/CommandEffect.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace dms {

/** Collects what a built-in sync command publishes to the change feed: each entity
 *  read again in the command's transaction with its access level, at the command's
 *  time. A failed read is a Storage error, so the command is rolled back and retried
 *  rather than refused. */
class FeedPublisher
{
public:
    /** Reads an entity's feed data and access level (CaseCommands::caseData, ...). */
    using EntityData = Result<QJsonObject> (*)(const QSqlDatabase &, const QString &, QString *);

    FeedPublisher(const QSqlDatabase &db, const QDateTime &now);

    Status publish(const QString &entity, const QString &id, EntityData read);
    Status registration(const QString &id);
    Status registrationOfDocument(const QString &documentId);
    /** Changes another handler made (e.g. "exchange.send" called within the command). */
    void add(const QList<SyncChange> &changes) { m_effect.changes += changes; }
    Result<CommandEffect> done(const QJsonObject &result);

    /** @p error as a Storage error (its message and detail kept). */
    static Error storageError(const Error &error);

private:
    const QSqlDatabase &m_db;
    QDateTime m_now;
    CommandEffect m_effect;
};

} // namespace dms
