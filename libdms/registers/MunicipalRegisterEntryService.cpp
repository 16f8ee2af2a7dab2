// SPDX-License-Identifier: GPL-3.0-or-later
#include "registers/MunicipalRegisterEntryService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "domain/Egn.h"
#include "registers/MunicipalRegisterCatalog.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dms {

namespace {

QString linkKindName(MunicipalRegisterLink::Kind kind)
{
    return kind == MunicipalRegisterLink::Kind::Document ? QStringLiteral("document")
                                                         : QStringLiteral("case");
}

/** A single JSON value as text (QJsonDocument holds only objects and arrays). */
QVariant valueText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return Sql::null();
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QJsonValue valueFromText(const QVariant &text)
{
    if (text.isNull())
        return QJsonValue(QJsonValue::Null);
    return QJsonDocument::fromJson("[" + text.toString().toUtf8() + "]").array().at(0);
}

QByteArray valuesJson(const QJsonObject &values)
{
    return QJsonDocument(values).toJson(QJsonDocument::Compact);
}

/** Normalises `input` against the definition; unknown names are refused. */
Result<QJsonObject> normaliseAll(const MunicipalRegisterDefinition &definition, const QJsonObject &input)
{
    QJsonObject values;
    for (auto it = input.begin(); it != input.end(); ++it) {
        const MunicipalRegisterField *field = definition.field(it.key());
        if (!field)
            return makeError(
                ErrorCode::InvalidInput,
                Tr::tr("The register \"%1\" has no field \"%2\".").arg(definition.title, it.key()));
        auto value = field->normalise(it.value());
        if (!value)
            return value.error();
        values.insert(it.key(), *value); // nulls kept: they clear a field in an update
    }
    return values;
}

Status checkRequired(const MunicipalRegisterDefinition &definition, const QJsonObject &values)
{
    for (const MunicipalRegisterField &field : definition.fields) {
        const QJsonValue value = values.value(field.name); // Undefined when absent
        if (field.required && (value.isNull() || value.isUndefined()))
            return makeError(ErrorCode::InvalidInput, Tr::tr("%1: a value is required.").arg(field.label),
                             QStringLiteral("field '%1'").arg(field.name));
    }
    return {};
}

QJsonObject withoutNulls(const QJsonObject &values)
{
    QJsonObject result;
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (!it.value().isNull())
            result.insert(it.key(), it.value());
    }
    return result;
}

void maskPersonal(const MunicipalRegisterDefinition &definition, QJsonObject &values)
{
    for (const MunicipalRegisterField &field : definition.fields) {
        if (field.type == MunicipalFieldType::Egn && values.contains(field.name))
            values.insert(field.name, Egn::mask(values.value(field.name).toString()));
    }
}

struct Located
{
    MunicipalRegisterDefinition definition;
    MunicipalRegisterEntry entry;
};

Result<Located> locate(const QSqlDatabase &db, const QString &registerCode, qint64 number)
{
    auto definition = MunicipalRegisterCatalog::load(db, registerCode);
    if (!definition)
        return definition.error();
    auto row
        = Sql::exec(db,
                    QStringLiteral("SELECT id, field_values, version, created_at, created_by, modified_at,"
                                   " modified_by FROM municipal_register_entry"
                                   " WHERE register_id = ? AND number = ?"),
                    {definition->id, number});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("The register has no entry with this number."),
                         QStringLiteral("%1 #%2").arg(registerCode).arg(number));
    Located located {*definition, {}};
    MunicipalRegisterEntry &entry = located.entry;
    entry.id = row->value(0).toString();
    entry.registerCode = registerCode;
    entry.number = number;
    entry.values = QJsonDocument::fromJson(row->value(1).toString().toUtf8()).object();
    entry.version = row->value(2).toInt();
    entry.createdAt = Sql::toDateTime(row->value(3));
    entry.createdBy = row->value(4).toString();
    entry.modifiedAt = Sql::toDateTime(row->value(5));
    entry.modifiedBy = row->value(6).toString();
    return located;
}

Status readLinks(const QSqlDatabase &db, MunicipalRegisterEntry &entry)
{
    auto rows = Sql::exec(db,
                          QStringLiteral("SELECT target_kind, target_id, linked_at, linked_by"
                                         " FROM municipal_register_link WHERE entry_id = ?"
                                         " ORDER BY linked_at, target_kind, target_id"),
                          {entry.id});
    if (!rows)
        return rows.error();
    while (rows->next()) {
        MunicipalRegisterLink link;
        link.kind = rows->value(0).toString() == QLatin1String("case")
            ? MunicipalRegisterLink::Kind::CaseFile
            : MunicipalRegisterLink::Kind::Document;
        link.targetId = rows->value(1).toString();
        link.linkedAt = Sql::toDateTime(rows->value(2));
        link.linkedBy = rows->value(3).toString();
        entry.links << link;
    }
    return {};
}

Status recordChanges(const QSqlDatabase &db, const MunicipalRegisterEntry &entry, const QJsonObject &before,
                     const QJsonObject &after, const QString &actorId, QJsonArray &changedNames)
{
    QStringList names = before.keys() + after.keys();
    names.removeDuplicates();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        const QJsonValue oldValue = before.value(name);
        const QJsonValue newValue = after.value(name);
        if (oldValue == newValue)
            continue;
        auto inserted = Sql::exec(db,
                                  QStringLiteral("INSERT INTO municipal_register_change (entry_id, version,"
                                                 " field_name, old_value, new_value, changed_at, changed_by)"
                                                 " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                  {entry.id, entry.version, name, valueText(oldValue), valueText(newValue),
                                   Sql::toText(entry.modifiedAt), actorId});
        if (!inserted)
            return inserted.error();
        changedNames.append(name);
    }
    return {};
}

Status touchRegister(const QSqlDatabase &db, const QString &registerId, const QDateTime &now)
{
    auto updated = Sql::exec(db, QStringLiteral("UPDATE municipal_register SET modified_at = ? WHERE id = ?"),
                             {Sql::toText(now), registerId});
    if (!updated)
        return updated.error();
    return {};
}

AuditEvent entryEvent(const QString &action, const MunicipalRegisterEntry &entry, const QJsonArray &fields)
{
    return {action, QStringLiteral("municipal-register-entry"), entry.id,
            QJsonObject {{QStringLiteral("register"), entry.registerCode},
                         {QStringLiteral("number"), entry.number},
                         {QStringLiteral("version"), entry.version},
                         {QStringLiteral("fields"), fields}}};
}

} // namespace

MunicipalRegisterEntryService::MunicipalRegisterEntryService(ServiceContext &context)
    : m_context(context)
{ }

Result<MunicipalRegisterEntry> MunicipalRegisterEntryService::add(const Session &session,
                                                                  const QString &registerCode,
                                                                  const QJsonObject &values)
{
    DMS_TRY(session.require(Permission::EditRegisterEntries));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto definition = MunicipalRegisterCatalog::load(db, registerCode);
    if (!definition)
        return definition.error();
    auto normalised = normaliseAll(*definition, values);
    if (!normalised)
        return normalised.error();
    const QJsonObject stored = withoutNulls(*normalised);
    DMS_TRY(checkRequired(*definition, stored));

    const QDateTime now = m_context.clock.now().toUTC();
    // The row lock on the register makes the numbers gap-free under concurrency.
    auto counter = Sql::exec(db,
                             QStringLiteral("UPDATE municipal_register SET last_number = last_number + 1,"
                                            " modified_at = ? WHERE id = ? RETURNING last_number"),
                             {Sql::toText(now), definition->id});
    if (!counter)
        return counter.error();
    if (!counter->next())
        return makeError(ErrorCode::Conflict,
                         Tr::tr("The register was changed meanwhile; please try again."));
    MunicipalRegisterEntry entry;
    entry.number = counter->value(0).toLongLong();
    counter->finish();
    entry.id = Ids::create(now);
    entry.registerCode = definition->code;
    entry.values = stored;
    entry.version = 1;
    entry.createdAt = entry.modifiedAt = now;
    entry.createdBy = entry.modifiedBy = session.userId;
    auto inserted = Sql::exec(db,
                              QStringLiteral("INSERT INTO municipal_register_entry (id, register_id, number,"
                                             " field_values, version, created_at, created_by, modified_at,"
                                             " modified_by) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)"),
                              {entry.id, definition->id, entry.number, QString::fromUtf8(valuesJson(stored)),
                               Sql::toText(now), session.userId, Sql::toText(now), session.userId});
    if (!inserted)
        return inserted.error();
    QJsonArray changed;
    DMS_TRY(recordChanges(db, entry, {}, stored, session.userId, changed));
    DMS_TRY(
        AuditJournal::append(*tx, session.login, now,
                             entryEvent(QStringLiteral("municipal-register-entry.create"), entry, changed)));
    DMS_TRY(tx->commit());
    if (!session.can(Permission::ViewPersonalData))
        maskPersonal(*definition, entry.values);
    return entry;
}

Result<MunicipalRegisterEntry>
MunicipalRegisterEntryService::update(const Session &session, const QString &registerCode, qint64 number,
                                      const QJsonObject &changes, int expectedVersion)
{
    DMS_TRY(session.require(Permission::EditRegisterEntries));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto located = locate(db, registerCode, number);
    if (!located)
        return located.error();
    const MunicipalRegisterDefinition &definition = located->definition;
    MunicipalRegisterEntry entry = located->entry;
    if (entry.version != expectedVersion)
        return makeError(ErrorCode::Conflict,
                         Tr::tr("The entry was changed meanwhile; reload it and apply your change again."),
                         QStringLiteral("version %1, expected %2").arg(entry.version).arg(expectedVersion));
    auto normalised = normaliseAll(definition, changes);
    if (!normalised)
        return normalised.error();
    QJsonObject after = entry.values;
    for (auto it = normalised->begin(); it != normalised->end(); ++it)
        after.insert(it.key(), it.value());
    after = withoutNulls(after);
    DMS_TRY(checkRequired(definition, after));
    if (after == entry.values) {
        DMS_TRY(readLinks(db, entry));
        DMS_TRY(tx->commit());
        if (!session.can(Permission::ViewPersonalData))
            maskPersonal(definition, entry.values);
        return entry;
    }

    const QDateTime now = m_context.clock.now().toUTC();
    const QJsonObject before = entry.values;
    entry.values = after;
    entry.version += 1;
    entry.modifiedAt = now;
    entry.modifiedBy = session.userId;
    auto updated
        = Sql::exec(db,
                    QStringLiteral("UPDATE municipal_register_entry SET field_values = ?, version = ?,"
                                   " modified_at = ?, modified_by = ? WHERE id = ? AND version = ?"),
                    {QString::fromUtf8(valuesJson(after)), entry.version, Sql::toText(now), session.userId,
                     entry.id, expectedVersion});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::Conflict,
                         Tr::tr("The entry was changed meanwhile; reload it and apply your change again."));
    QJsonArray changed;
    DMS_TRY(recordChanges(db, entry, before, after, session.userId, changed));
    DMS_TRY(touchRegister(db, definition.id, now));
    DMS_TRY(
        AuditJournal::append(*tx, session.login, now,
                             entryEvent(QStringLiteral("municipal-register-entry.update"), entry, changed)));
    DMS_TRY(readLinks(db, entry));
    DMS_TRY(tx->commit());
    if (!session.can(Permission::ViewPersonalData))
        maskPersonal(definition, entry.values);
    return entry;
}

Result<MunicipalRegisterEntry> MunicipalRegisterEntryService::get(const Session &session,
                                                                  const QString &registerCode, qint64 number)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto tx = Transaction::begin(m_context.database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    auto located = locate(tx->connection(), registerCode, number);
    if (!located)
        return located.error();
    DMS_TRY(readLinks(tx->connection(), located->entry));
    DMS_TRY(tx->commit());
    if (!session.can(Permission::ViewPersonalData))
        maskPersonal(located->definition, located->entry.values);
    return located->entry;
}

Result<QList<MunicipalRegisterEntry>> MunicipalRegisterEntryService::list(const Session &session,
                                                                          const QString &registerCode,
                                                                          qint64 afterNumber, int limit)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    if (limit < 1 || limit > kMaxListLimit)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("Between 1 and %1 entries can be listed at once.").arg(kMaxListLimit));
    auto tx = Transaction::begin(m_context.database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto definition = MunicipalRegisterCatalog::load(db, registerCode);
    if (!definition)
        return definition.error();
    auto rows = Sql::exec(db,
                          QStringLiteral("SELECT id, number, field_values, version, created_at, created_by,"
                                         " modified_at, modified_by FROM municipal_register_entry"
                                         " WHERE register_id = ? AND number > ? ORDER BY number LIMIT ?"),
                          {definition->id, afterNumber, limit});
    if (!rows)
        return rows.error();
    const bool mask = !session.can(Permission::ViewPersonalData);
    QList<MunicipalRegisterEntry> entries;
    while (rows->next()) {
        MunicipalRegisterEntry entry;
        entry.id = rows->value(0).toString();
        entry.registerCode = definition->code;
        entry.number = rows->value(1).toLongLong();
        entry.values = QJsonDocument::fromJson(rows->value(2).toString().toUtf8()).object();
        entry.version = rows->value(3).toInt();
        entry.createdAt = Sql::toDateTime(rows->value(4));
        entry.createdBy = rows->value(5).toString();
        entry.modifiedAt = Sql::toDateTime(rows->value(6));
        entry.modifiedBy = rows->value(7).toString();
        if (mask)
            maskPersonal(*definition, entry.values);
        entries << entry;
    }
    rows->finish();
    DMS_TRY(tx->commit());
    return entries;
}

Result<QList<MunicipalRegisterChange>>
MunicipalRegisterEntryService::history(const Session &session, const QString &registerCode, qint64 number)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto tx = Transaction::begin(m_context.database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto located = locate(db, registerCode, number);
    if (!located)
        return located.error();
    auto rows
        = Sql::exec(db,
                    QStringLiteral("SELECT c.version, c.changed_at, c.changed_by, u.login, c.field_name,"
                                   " c.old_value, c.new_value FROM municipal_register_change c"
                                   " JOIN app_user u ON u.id = c.changed_by"
                                   " WHERE c.entry_id = ? ORDER BY c.version, c.field_name"),
                    {located->entry.id});
    if (!rows)
        return rows.error();
    const bool mask = !session.can(Permission::ViewPersonalData);
    QList<MunicipalRegisterChange> changes;
    while (rows->next()) {
        MunicipalRegisterChange change;
        change.version = rows->value(0).toInt();
        change.at = Sql::toDateTime(rows->value(1));
        change.actorId = rows->value(2).toString();
        change.actorLogin = rows->value(3).toString();
        change.field = rows->value(4).toString();
        change.oldValue = valueFromText(rows->value(5));
        change.newValue = valueFromText(rows->value(6));
        const MunicipalRegisterField *field = located->definition.field(change.field);
        if (mask && field && field->type == MunicipalFieldType::Egn) {
            if (change.oldValue.isString())
                change.oldValue = Egn::mask(change.oldValue.toString());
            if (change.newValue.isString())
                change.newValue = Egn::mask(change.newValue.toString());
        }
        changes << change;
    }
    rows->finish();
    DMS_TRY(tx->commit());
    return changes;
}

Status MunicipalRegisterEntryService::link(const Session &session, const QString &registerCode, qint64 number,
                                           MunicipalRegisterLink::Kind kind, const QString &targetId)
{
    DMS_TRY(session.require(Permission::EditRegisterEntries));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto located = locate(db, registerCode, number);
    if (!located)
        return located.error();
    const QString table = kind == MunicipalRegisterLink::Kind::Document ? QStringLiteral("document")
                                                                        : QStringLiteral("case_file");
    auto target = Sql::exec(db, QStringLiteral("SELECT 1 FROM %1 WHERE id = ?").arg(table), {targetId});
    if (!target)
        return target.error();
    if (!target->next())
        return makeError(ErrorCode::NotFound,
                         kind == MunicipalRegisterLink::Kind::Document ? Tr::tr("No such document.")
                                                                       : Tr::tr("No such case file."),
                         targetId);
    target->finish();
    auto existing = Sql::exec(db,
                              QStringLiteral("SELECT 1 FROM municipal_register_link WHERE entry_id = ?"
                                             " AND target_kind = ? AND target_id = ?"),
                              {located->entry.id, linkKindName(kind), targetId});
    if (!existing)
        return existing.error();
    if (existing->next())
        return makeError(ErrorCode::AlreadyExists, Tr::tr("The entry is already linked to it."), targetId);
    existing->finish();
    const QDateTime now = m_context.clock.now().toUTC();
    auto inserted
        = Sql::exec(db,
                    QStringLiteral("INSERT INTO municipal_register_link (entry_id, target_kind,"
                                   " target_id, linked_at, linked_by) VALUES (?, ?, ?, ?, ?)"),
                    {located->entry.id, linkKindName(kind), targetId, Sql::toText(now), session.userId});
    if (!inserted)
        return inserted.error();
    const AuditEvent event {QStringLiteral("municipal-register-entry.link"),
                            QStringLiteral("municipal-register-entry"), located->entry.id,
                            QJsonObject {{QStringLiteral("register"), registerCode},
                                         {QStringLiteral("number"), number},
                                         {QStringLiteral("kind"), linkKindName(kind)},
                                         {QStringLiteral("target"), targetId}}};
    DMS_TRY(AuditJournal::append(*tx, session.login, now, event));
    return tx->commit();
}

} // namespace dms
