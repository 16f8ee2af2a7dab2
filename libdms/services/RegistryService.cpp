// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/RegistryService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "domain/IndexPattern.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace dms {

namespace {

Status validateCode(const QString &code, const QString &what)
{
    // Letters (Cyrillic or Latin) and digits only: the code is part of every index.
    static const QRegularExpression pattern(QStringLiteral("^[\\p{L}\\d]{1,12}$"));
    if (!pattern.match(code).hasMatch())
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("dms", "The %1 code must be 1 to 12 letters or digits.").arg(what),
            code);
    return {};
}

Register registerFrom(const QSqlQuery &row)
{
    Register reg;
    reg.id = row.value(0).toString();
    reg.registryId = row.value(1).toString();
    reg.code = row.value(2).toString();
    reg.kind = registerKindFromName(row.value(3).toString()).value_or(RegisterKind::Incoming);
    reg.name = row.value(4).toString();
    reg.active = row.value(5).toInt() == 1;
    return reg;
}

const QString kRegisterColumns = QStringLiteral("id, registry_id, code, kind, name, active");

} // namespace

RegistryService::RegistryService(ServiceContext &context)
    : m_context(context)
{ }

Result<Registry> RegistryService::createRegistry(const Session &session, const QString &code,
                                                 const QString &name, const QString &indexPattern)
{
    DMS_TRY(session.require(Permission::ManageRegistries));
    DMS_TRY(validateCode(code, QCoreApplication::translate("dms", "registry")));
    if (name.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The registry needs a name."));
    const QString pattern = indexPattern.isEmpty() ? IndexPattern::defaultPattern() : indexPattern;
    auto parsed = IndexPattern::create(pattern);
    if (!parsed)
        return parsed.error();

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QDateTime now = m_context.clock.now();
    Registry registry {Ids::create(now), code, name.trimmed(), pattern};
    auto inserted = Sql::exec(
        tx->connection(),
        QStringLiteral(
            "INSERT INTO registry (id, code, name, index_pattern, created_at) VALUES (?, ?, ?, ?, ?)"),
        {registry.id, registry.code, registry.name, registry.indexPattern, now.toString(Qt::ISODateWithMs)});
    if (!inserted)
        return inserted.error();
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("registry.create"),
                                             QStringLiteral("registry"),
                                             registry.id,
                                             {{QStringLiteral("code"), code},
                                              {QStringLiteral("name"), registry.name},
                                              {QStringLiteral("indexPattern"), pattern}}}));
    DMS_TRY(tx->commit());
    return registry;
}

Result<Register> RegistryService::createRegister(const Session &session, const QString &registryId,
                                                 const QString &code, RegisterKind kind, const QString &name)
{
    DMS_TRY(session.require(Permission::ManageRegistries));
    DMS_TRY(validateCode(code, QCoreApplication::translate("dms", "register")));
    if (name.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The register needs a name."));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QDateTime now = m_context.clock.now();
    Register reg {Ids::create(now), registryId, code, kind, name.trimmed(), true};
    auto inserted = Sql::exec(
        tx->connection(),
        QStringLiteral("INSERT INTO register (id, registry_id, code, kind, name, active, created_at)"
                       " VALUES (?, ?, ?, ?, ?, 1, ?)"),
        {reg.id, registryId, code, toName(kind), reg.name, now.toString(Qt::ISODateWithMs)});
    if (!inserted) {
        if (inserted.error().code == ErrorCode::AlreadyExists)
            return makeError(
                ErrorCode::AlreadyExists,
                QCoreApplication::translate("dms", "The registry already has a register with this code."),
                code);
        if (inserted.error().code == ErrorCode::InvalidInput)
            return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such registry."),
                             registryId);
        return inserted.error();
    }
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("register.create"),
                                             QStringLiteral("register"),
                                             reg.id,
                                             {{QStringLiteral("registryId"), registryId},
                                              {QStringLiteral("code"), code},
                                              {QStringLiteral("kind"), toName(kind)},
                                              {QStringLiteral("name"), reg.name}}}));
    DMS_TRY(tx->commit());
    return reg;
}

Result<QList<Registry>> RegistryService::registries()
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows
        = Sql::exec(*db, QStringLiteral("SELECT id, code, name, index_pattern FROM registry ORDER BY code"));
    if (!rows)
        return rows.error();
    QList<Registry> out;
    while (rows->next())
        out.append({rows->value(0).toString(), rows->value(1).toString(), rows->value(2).toString(),
                    rows->value(3).toString()});
    return out;
}

Result<Registry> RegistryService::registry(const QString &id)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(
        *db, QStringLiteral("SELECT id, code, name, index_pattern FROM registry WHERE id = ?"), {id});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such registry."), id);
    return Registry {row->value(0).toString(), row->value(1).toString(), row->value(2).toString(),
                     row->value(3).toString()};
}

Result<QList<Register>> RegistryService::registers(const QString &registryId)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows = registryId.isEmpty()
        ? Sql::exec(*db,
                    QStringLiteral("SELECT ") + kRegisterColumns
                        + QStringLiteral(" FROM register ORDER BY code"))
        : Sql::exec(*db,
                    QStringLiteral("SELECT ") + kRegisterColumns
                        + QStringLiteral(" FROM register WHERE registry_id = ? ORDER BY code"),
                    {registryId});
    if (!rows)
        return rows.error();
    QList<Register> out;
    while (rows->next())
        out.append(registerFrom(*rows));
    return out;
}

Result<Register> RegistryService::findRegister(const QString &id)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(
        *db, QStringLiteral("SELECT ") + kRegisterColumns + QStringLiteral(" FROM register WHERE id = ?"),
        {id});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such register."), id);
    return registerFrom(*row);
}

Result<Register> RegistryService::findRegisterByCode(const QString &registryId, const QString &code)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db,
                         QStringLiteral("SELECT ") + kRegisterColumns
                             + QStringLiteral(" FROM register WHERE registry_id = ? AND code = ?"),
                         {registryId, code});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such register."), code);
    return registerFrom(*row);
}

} // namespace dms
