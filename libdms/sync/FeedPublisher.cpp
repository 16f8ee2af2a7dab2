// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/FeedPublisher.h"

#include "storage/Sql.h"
#include "sync/SyncCommandApplier.h"

namespace dms {

FeedPublisher::FeedPublisher(const QSqlDatabase &db, const QDateTime &now)
    : m_db(db)
    , m_now(now)
{ }

Error FeedPublisher::storageError(const Error &error)
{
    return error.code == ErrorCode::Storage ? error
                                            : makeError(ErrorCode::Storage, error.message, error.detail);
}

Status FeedPublisher::publish(const QString &entity, const QString &id, EntityData read)
{
    QString access;
    auto data = read(m_db, id, &access);
    if (!data)
        return storageError(data.error());
    m_effect.changes.append({0, entity, id, access, *data, m_now});
    return {};
}

Status FeedPublisher::registration(const QString &id)
{
    return publish(QStringLiteral("registration"), id, &SyncCommandApplier::registrationData);
}

Status FeedPublisher::registrationOfDocument(const QString &documentId)
{
    auto id = Sql::scalar(m_db, QStringLiteral("SELECT id FROM registration WHERE document_id = ?"),
                          {documentId});
    if (!id)
        return storageError(id.error());
    return registration(id->toString());
}

Result<CommandEffect> FeedPublisher::done(const QJsonObject &result)
{
    m_effect.result = result;
    return m_effect;
}

} // namespace dms
