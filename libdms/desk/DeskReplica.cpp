// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskReplica.h"

#include "desk/DeskCaseReplica.h"
#include "desk/DeskSigningReplica.h"
#include "search/SearchText.h"
#include "storage/Sql.h"

namespace dms {

namespace {

QVariant textOrNull(const QJsonObject &data, const QString &key)
{
    const QJsonValue value = data.value(key);
    return value.isString() && !value.toString().isEmpty() ? QVariant(value.toString()) : QVariant();
}

Result<QString> correspondentName(const QSqlDatabase &db, const QString &id)
{
    if (id.isEmpty())
        return QString();
    auto name = Sql::scalar(db, QStringLiteral("SELECT name FROM desk_correspondent WHERE id = ?"), {id});
    if (!name)
        return name.error().code == ErrorCode::NotFound ? Result<QString>(QString())
                                                        : Result<QString>(name.error());
    return name->toString();
}

} // namespace

QString DeskReplica::searchText(const QStringList &fields)
{
    return QLatin1Char(' ') + SearchText::terms(fields.join(QLatin1Char(' '))) + QLatin1Char(' ');
}

Status DeskReplica::storeRegistration(const QSqlDatabase &db, const QString &id, const QJsonObject &data)
{
    const QString correspondentId = data.value(QStringLiteral("correspondent_id")).toString();
    auto name = correspondentName(db, correspondentId);
    if (!name)
        return name.error();
    const QString index = data.value(QStringLiteral("index")).toString();
    const QString provisional = data.value(QStringLiteral("provisional_number")).toString();
    auto stored = Sql::exec(
        db,
        QStringLiteral(
            "INSERT INTO desk_registration (id, pending, register_id, document_id, reg_index, registered_at,"
            " kind, subject, correspondent_id, channel, page_count, access_level, status, annul_reason,"
            " annulled_at, annulled_by, registered_by, case_id, provisional_number, received_at_local,"
            " search_text) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET pending = 0, register_id = excluded.register_id,"
            " document_id = excluded.document_id, reg_index = excluded.reg_index,"
            " registered_at = excluded.registered_at, kind = excluded.kind, subject = excluded.subject,"
            " correspondent_id = excluded.correspondent_id, channel = excluded.channel,"
            " page_count = excluded.page_count, access_level = excluded.access_level,"
            " status = excluded.status, annul_reason = excluded.annul_reason,"
            " annulled_at = excluded.annulled_at, annulled_by = excluded.annulled_by,"
            " registered_by = excluded.registered_by, case_id = excluded.case_id,"
            " provisional_number = excluded.provisional_number,"
            " received_at_local = excluded.received_at_local, search_text = excluded.search_text"),
        {id,
         data.value(QStringLiteral("register_id")).toString(),
         textOrNull(data, QStringLiteral("document_id")),
         index,
         data.value(QStringLiteral("registered_at")).toString(),
         data.value(QStringLiteral("kind")).toString(),
         data.value(QStringLiteral("subject")).toString(),
         textOrNull(data, QStringLiteral("correspondent_id")),
         data.value(QStringLiteral("channel")).toString(QStringLiteral("counter")),
         data.value(QStringLiteral("page_count")).toInt(),
         data.value(QStringLiteral("access_level")).toString(QStringLiteral("internal")),
         data.value(QStringLiteral("status")).toString(QStringLiteral("active")),
         textOrNull(data, QStringLiteral("annul_reason")),
         textOrNull(data, QStringLiteral("annulled_at")),
         textOrNull(data, QStringLiteral("annulled_by")),
         textOrNull(data, QStringLiteral("registered_by")),
         textOrNull(data, QStringLiteral("case_id")),
         textOrNull(data, QStringLiteral("provisional_number")),
         textOrNull(data, QStringLiteral("received_at_local")),
         searchText({index, provisional, data.value(QStringLiteral("kind")).toString(),
                     data.value(QStringLiteral("subject")).toString(), *name})});
    if (!stored)
        return stored.error();
    return {};
}

Status DeskReplica::changeStored(const QSqlDatabase &db, const QString &entity, const QString &id,
                                 const QJsonObject &data)
{
    if (entity == QLatin1String("registration"))
        return storeRegistration(db, id, data);
    if (DeskCaseReplica::handles(entity))
        return DeskCaseReplica::store(db, entity, id, data);
    if (DeskSigningReplica::handles(entity))
        return DeskSigningReplica::store(db, id, data);
    if (entity == QLatin1String("correspondent")) {
        const QString name = data.value(QStringLiteral("name")).toString();
        DMS_TRY(Sql::exec(db,
                          QStringLiteral("INSERT INTO desk_correspondent (id, kind, name, name_folded, eik,"
                                         " seos_guid) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
                                         " SET kind = excluded.kind, name = excluded.name,"
                                         " name_folded = excluded.name_folded, eik = excluded.eik,"
                                         " seos_guid = excluded.seos_guid"),
                          {id, data.value(QStringLiteral("kind")).toString(), name, SearchText::key(name),
                           textOrNull(data, QStringLiteral("eik")),
                           textOrNull(data, QStringLiteral("seos_guid"))}));
        return {};
    }
    if (entity == QLatin1String("register")) {
        DMS_TRY(Sql::exec(
            db,
            QStringLiteral("INSERT INTO desk_register (id, registry_id, registry_code, code, kind,"
                           " name, active) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO"
                           " UPDATE SET registry_id = excluded.registry_id,"
                           " registry_code = excluded.registry_code, code = excluded.code,"
                           " kind = excluded.kind, name = excluded.name,"
                           " active = excluded.active"),
            {id, data.value(QStringLiteral("registry_id")).toString(),
             data.value(QStringLiteral("registry_code")).toString(),
             data.value(QStringLiteral("code")).toString(), data.value(QStringLiteral("kind")).toString(),
             data.value(QStringLiteral("name")).toString(),
             data.value(QStringLiteral("active")).toBool(true) ? 1 : 0}));
        return {};
    }
    if (entity == QLatin1String("user")) {
        DMS_TRY(Sql::exec(
            db,
            QStringLiteral("INSERT INTO desk_user (id, login, full_name, active, signs_outgoing)"
                           " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET login = excluded.login,"
                           " full_name = excluded.full_name, active = excluded.active,"
                           " signs_outgoing = excluded.signs_outgoing"),
            {id, data.value(QStringLiteral("login")).toString(),
             data.value(QStringLiteral("full_name")).toString(),
             data.value(QStringLiteral("active")).toBool(true) ? 1 : 0,
             data.value(QStringLiteral("signs_outgoing")).toBool() ? 1 : 0}));
        return {};
    }
    return {};
}

Status DeskReplica::commandQueued(const QSqlDatabase &db, const OutboxEntry &entry)
{
    if (entry.kind != QLatin1String("registration.create"))
        return {};
    const QJsonObject document = entry.payload.value(QStringLiteral("document")).toObject();
    const QJsonObject provisional = entry.payload.value(QStringLiteral("provisional")).toObject();
    QJsonObject data = document;
    data.insert(QStringLiteral("register_id"), entry.payload.value(QStringLiteral("register_id")));
    data.insert(QStringLiteral("index"), provisional.value(QStringLiteral("number")));
    data.insert(QStringLiteral("provisional_number"), provisional.value(QStringLiteral("number")));
    data.insert(QStringLiteral("registered_at"), provisional.value(QStringLiteral("received_at_local")));
    data.insert(QStringLiteral("received_at_local"), provisional.value(QStringLiteral("received_at_local")));
    data.insert(QStringLiteral("status"), QStringLiteral("active"));
    DMS_TRY(storeRegistration(db, entry.opId, data));
    DMS_TRY(
        Sql::exec(db, QStringLiteral("UPDATE desk_registration SET pending = 1 WHERE id = ?"), {entry.opId}));
    return {};
}

Status DeskReplica::commandDecided(const QSqlDatabase &db, const QString &opId, bool applied,
                                   const QJsonObject &answer)
{
    const QJsonObject result = answer.value(QStringLiteral("result")).toObject();
    const QString registrationId = result.value(QStringLiteral("registration_id")).toString();
    auto known = Sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM desk_registration WHERE id = ?"),
                             {registrationId});
    if (!known)
        return known.error();
    if (!applied || registrationId.isEmpty() || known->toInt() > 0
        || !result.contains(QStringLiteral("index"))) {
        DMS_TRY(Sql::exec(db, QStringLiteral("DELETE FROM desk_registration WHERE id = ? AND pending = 1"),
                          {opId}));
        return {};
    }
    // The official number at once; the feed brings the rest of the entry next.
    const QString index = result.value(QStringLiteral("index")).toString();
    DMS_TRY(Sql::exec(
        db,
        QStringLiteral("UPDATE desk_registration SET id = ?, pending = 0, reg_index = ?, registered_at = ?,"
                       " document_id = ?, case_id = ?, search_text = ? || search_text"
                       " WHERE id = ? AND pending = 1"),
        {registrationId, index, result.value(QStringLiteral("registered_at")).toString(),
         textOrNull(result, QStringLiteral("document_id")), textOrNull(result, QStringLiteral("case_id")),
         QString(QLatin1Char(' ') + SearchText::terms(index)), opId}));
    return {};
}

} // namespace dms
