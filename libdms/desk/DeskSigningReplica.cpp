// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskSigningReplica.h"

#include "storage/Sql.h"

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

} // namespace

bool DeskSigningReplica::handles(const QString &entity)
{
    return entity == QLatin1String("signing_route");
}

Status DeskSigningReplica::store(const QSqlDatabase &db, const QString &id, const QJsonObject &data)
{
    DMS_TRY(Sql::exec(
        db,
        QStringLiteral(
            "INSERT INTO desk_signing_route (id, title, note, register_id, document_kind, access_level,"
            " recipient_guid, file_name, draft_sha256, author_id, signer_id, status, reason, signed_sha256,"
            " registration_id, registration_index, send_status, send_note, created_at, decided_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
            "SET"
            " title = excluded.title, note = excluded.note, register_id = excluded.register_id,"
            " document_kind = excluded.document_kind, access_level = excluded.access_level,"
            " recipient_guid = excluded.recipient_guid, file_name = excluded.file_name,"
            " draft_sha256 = excluded.draft_sha256, author_id = excluded.author_id,"
            " signer_id = excluded.signer_id, status = excluded.status, reason = excluded.reason,"
            " signed_sha256 = excluded.signed_sha256, registration_id = excluded.registration_id,"
            " registration_index = excluded.registration_index, send_status = excluded.send_status,"
            " send_note = excluded.send_note, created_at = excluded.created_at,"
            " decided_at = excluded.decided_at"),
        {id,
         text(data, "title"),
         textOrNull(data, "note"),
         text(data, "register_id"),
         text(data, "kind"),
         data.value(QStringLiteral("access_level")).toString(QStringLiteral("internal")),
         textOrNull(data, "recipient_guid"),
         text(data, "file_name"),
         text(data, "draft_sha256"),
         text(data, "author_id"),
         text(data, "signer_id"),
         text(data, "status"),
         textOrNull(data, "reason"),
         textOrNull(data, "signed_sha256"),
         textOrNull(data, "registration_id"),
         textOrNull(data, "registration_index"),
         textOrNull(data, "send_status"),
         textOrNull(data, "send_note"),
         text(data, "created_at"),
         textOrNull(data, "decided_at")}));
    return {};
}

} // namespace dms
