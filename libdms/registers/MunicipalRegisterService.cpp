// SPDX-License-Identifier: GPL-3.0-or-later
#include "registers/MunicipalRegisterService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "registers/MunicipalRegisterCatalog.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dms {

namespace {

Status insertField(const QSqlDatabase &db, const QString &registerId, int position,
                   const MunicipalRegisterField &field)
{
    const QVariant values = field.type == MunicipalFieldType::Enum
        ? QVariant(QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(field.enumValues)).toJson(QJsonDocument::Compact)))
        : Sql::null();
    auto inserted
        = Sql::exec(db,
                    QStringLiteral("INSERT INTO municipal_register_field (register_id, position, name,"
                                   " label, type, required, is_public, enum_values)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                    {registerId, position, field.name, field.label, toName(field.type),
                     field.required ? 1 : 0, field.isPublic ? 1 : 0, values});
    if (!inserted)
        return inserted.error();
    return {};
}

QJsonArray fieldNames(const QList<MunicipalRegisterField> &fields)
{
    QJsonArray names;
    for (const MunicipalRegisterField &field : fields)
        names.append(field.name);
    return names;
}

/** A null QString binds as SQL NULL; an empty description is stored as ''. */
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

Error forbidden(const MunicipalRegisterField &field, const QString &message)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("%1: %2").arg(field.label, message),
                     QStringLiteral("field '%1'").arg(field.name));
}

} // namespace

MunicipalRegisterService::MunicipalRegisterService(ServiceContext &context)
    : m_context(context)
{ }

Result<MunicipalRegisterDefinition>
MunicipalRegisterService::define(const Session &session, const MunicipalRegisterDefinition &definition)
{
    DMS_TRY(session.require(Permission::ManageRegistries));
    DMS_TRY(definition.validate());
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto existing
        = Sql::exec(db, QStringLiteral("SELECT 1 FROM municipal_register WHERE code = ?"), {definition.code});
    if (!existing)
        return existing.error();
    if (existing->next())
        return makeError(ErrorCode::AlreadyExists, Tr::tr("A register with this code already exists."),
                         definition.code);
    existing->finish();

    const QDateTime now = m_context.clock.now().toUTC();
    MunicipalRegisterDefinition stored = definition;
    stored.id = Ids::create(now);
    stored.createdAt = now;
    stored.modifiedAt = now;
    stored.entryCount = 0;
    auto inserted
        = Sql::exec(db,
                    QStringLiteral("INSERT INTO municipal_register (id, code, title, description,"
                                   " license, published, last_number, created_at, created_by,"
                                   " modified_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)"),
                    {stored.id, stored.code, stored.title, notNull(stored.description), stored.license,
                     stored.published ? 1 : 0, Sql::toText(now), session.userId, Sql::toText(now)});
    if (!inserted)
        return inserted.error();
    for (int i = 0; i < stored.fields.size(); ++i)
        DMS_TRY(insertField(db, stored.id, i, stored.fields.at(i)));
    const AuditEvent event {QStringLiteral("municipal-register.define"), QStringLiteral("municipal-register"),
                            stored.id,
                            QJsonObject {{QStringLiteral("code"), stored.code},
                                         {QStringLiteral("published"), stored.published},
                                         {QStringLiteral("fields"), fieldNames(stored.fields)}}};
    DMS_TRY(AuditJournal::append(*tx, session.login, now, event));
    DMS_TRY(tx->commit());
    return stored;
}

Result<MunicipalRegisterDefinition>
MunicipalRegisterService::update(const Session &session, const MunicipalRegisterDefinition &definition)
{
    DMS_TRY(session.require(Permission::ManageRegistries));
    DMS_TRY(definition.validate());
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto current = MunicipalRegisterCatalog::load(db, definition.code);
    if (!current)
        return current.error();

    // Existing fields keep their place and type; new ones go at the end.
    for (const MunicipalRegisterField &old : current->fields) {
        const MunicipalRegisterField *now = definition.field(old.name);
        if (!now)
            return forbidden(old, Tr::tr("a field cannot be removed from a register."));
        if (now->type != old.type)
            return forbidden(old, Tr::tr("the type of a field cannot be changed."));
        for (const QString &value : old.enumValues) {
            if (!now->enumValues.contains(value))
                return forbidden(old, Tr::tr("a value cannot be removed from an enumeration."));
        }
        if (now->required && !old.required && current->entryCount > 0)
            return forbidden(old, Tr::tr("a field cannot become required while the register has entries."));
    }
    QList<MunicipalRegisterField> added;
    for (const MunicipalRegisterField &field : definition.fields) {
        if (!current->field(field.name)) {
            if (field.required && current->entryCount > 0)
                return forbidden(field,
                                 Tr::tr("a new field cannot be required while the register has entries."));
            added << field;
        }
    }

    const QDateTime now = m_context.clock.now().toUTC();
    auto updated
        = Sql::exec(db,
                    QStringLiteral("UPDATE municipal_register SET title = ?, description = ?, license = ?,"
                                   " published = ?, modified_at = ? WHERE id = ?"),
                    {definition.title, notNull(definition.description), definition.license,
                     definition.published ? 1 : 0, Sql::toText(now), current->id});
    if (!updated)
        return updated.error();
    for (const MunicipalRegisterField &old : current->fields) {
        const MunicipalRegisterField *field = definition.field(old.name);
        const QVariant values = field->type == MunicipalFieldType::Enum
            ? QVariant(QString::fromUtf8(
                QJsonDocument(QJsonArray::fromStringList(field->enumValues)).toJson(QJsonDocument::Compact)))
            : Sql::null();
        auto changed
            = Sql::exec(db,
                        QStringLiteral("UPDATE municipal_register_field SET label = ?, required = ?,"
                                       " is_public = ?, enum_values = ? WHERE register_id = ? AND name = ?"),
                        {field->label, field->required ? 1 : 0, field->isPublic ? 1 : 0, values, current->id,
                         field->name});
        if (!changed)
            return changed.error();
    }
    for (int i = 0; i < added.size(); ++i)
        DMS_TRY(insertField(db, current->id, int(current->fields.size()) + i, added.at(i)));

    const AuditEvent event {QStringLiteral("municipal-register.update"), QStringLiteral("municipal-register"),
                            current->id,
                            QJsonObject {{QStringLiteral("code"), current->code},
                                         {QStringLiteral("published"), definition.published},
                                         {QStringLiteral("addedFields"), fieldNames(added)}}};
    DMS_TRY(AuditJournal::append(*tx, session.login, now, event));
    auto stored = MunicipalRegisterCatalog::load(db, definition.code);
    if (!stored)
        return stored.error();
    DMS_TRY(tx->commit());
    return stored;
}

Result<QList<MunicipalRegisterDefinition>> MunicipalRegisterService::list(const Session &session)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto tx = Transaction::begin(m_context.database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    auto all = MunicipalRegisterCatalog::loadAll(tx->connection(), false);
    if (!all)
        return all.error();
    DMS_TRY(tx->commit());
    return all;
}

Result<MunicipalRegisterDefinition> MunicipalRegisterService::find(const Session &session,
                                                                   const QString &code)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto tx = Transaction::begin(m_context.database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    auto found = MunicipalRegisterCatalog::load(tx->connection(), code);
    if (!found)
        return found.error();
    DMS_TRY(tx->commit());
    return found;
}

} // namespace dms
