// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskCaseReplica.h"

#include "storage/Sql.h"

#include <QJsonArray>

namespace dms {

namespace {

QVariant textOrNull(const QJsonObject &data, const char *key)
{
    const QJsonValue value = data.value(QLatin1String(key));
    return value.isString() && !value.toString().isEmpty() ? QVariant(value.toString()) : QVariant();
}

QString text(const QJsonObject &data, const char *key)
{
    return data.value(QLatin1String(key)).toString();
}

QString accessLevel(const QJsonObject &data)
{
    return data.value(QStringLiteral("access_level")).toString(QStringLiteral("internal"));
}

} // namespace

bool DeskCaseReplica::handles(const QString &entity)
{
    return entity == QLatin1String("case_file") || entity == QLatin1String("resolution");
}

Status DeskCaseReplica::store(const QSqlDatabase &db, const QString &entity, const QString &id,
                              const QJsonObject &data)
{
    if (entity == QLatin1String("case_file"))
        return storeCase(db, id, data);
    if (entity == QLatin1String("resolution"))
        return storeResolution(db, id, data);
    return {};
}

Status DeskCaseReplica::storeCase(const QSqlDatabase &db, const QString &id, const QJsonObject &data)
{
    DMS_TRY(Sql::exec(
        db,
        QStringLiteral("INSERT INTO desk_case_file (id, base_registration_id, base_index, title, status,"
                       " opened_at, closed_at, created_by, document_count, access_level)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                       " base_registration_id = excluded.base_registration_id,"
                       " base_index = excluded.base_index, title = excluded.title, status = excluded.status,"
                       " opened_at = excluded.opened_at, closed_at = excluded.closed_at,"
                       " created_by = excluded.created_by, document_count = excluded.document_count,"
                       " access_level = excluded.access_level"),
        {id, text(data, "base_registration_id"), text(data, "base_index"), text(data, "title"),
         text(data, "status"), text(data, "opened_at"), textOrNull(data, "closed_at"),
         textOrNull(data, "created_by"), data.value(QStringLiteral("document_count")).toInt(),
         accessLevel(data)}));
    return {};
}

Status DeskCaseReplica::storeResolution(const QSqlDatabase &db, const QString &id, const QJsonObject &data)
{
    DMS_TRY(Sql::exec(
        db,
        QStringLiteral("INSERT INTO desk_resolution (id, document_id, registration_id, document_index,"
                       " author_id, executor_id, instruction, deadline, status, created_at, completed_at,"
                       " completion_note, access_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id,"
                       " registration_id = excluded.registration_id,"
                       " document_index = excluded.document_index, author_id = excluded.author_id,"
                       " executor_id = excluded.executor_id, instruction = excluded.instruction,"
                       " deadline = excluded.deadline, status = excluded.status,"
                       " created_at = excluded.created_at, completed_at = excluded.completed_at,"
                       " completion_note = excluded.completion_note, access_level = excluded.access_level"),
        {id, text(data, "document_id"), textOrNull(data, "registration_id"), text(data, "document_index"),
         text(data, "author_id"), text(data, "executor_id"), text(data, "instruction"),
         textOrNull(data, "deadline"), text(data, "status"), text(data, "created_at"),
         textOrNull(data, "completed_at"), textOrNull(data, "completion_note"), accessLevel(data)}));
    DMS_TRY(Sql::exec(db, QStringLiteral("DELETE FROM desk_resolution_party WHERE resolution_id = ?"), {id}));
    DMS_TRY(Sql::exec(db,
                      QStringLiteral("INSERT INTO desk_resolution_party (resolution_id, user_id, executor)"
                                     " VALUES (?, ?, 1)"),
                      {id, text(data, "executor_id")}));
    for (const QJsonValue &user : data.value(QStringLiteral("co_executor_ids")).toArray()) {
        if (user.toString() == text(data, "executor_id"))
            continue;
        DMS_TRY(
            Sql::exec(db,
                      QStringLiteral("INSERT INTO desk_resolution_party (resolution_id, user_id, executor)"
                                     " VALUES (?, ?, 0) ON CONFLICT (resolution_id, user_id) DO NOTHING"),
                      {id, user.toString()}));
    }
    return {};
}

} // namespace dms
