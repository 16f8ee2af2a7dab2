// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/UserService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace dms {

namespace {

QJsonArray roleArray(const QSet<Role> &roles)
{
    QStringList names;
    for (Role role : roles)
        names << roleName(role);
    names.sort();
    return QJsonArray::fromStringList(names);
}

Status validate(const QString &login, const QString &fullName)
{
    static const QRegularExpression loginPattern(QStringLiteral("^[a-z][a-z0-9._-]{1,63}$"));
    if (!loginPattern.match(login).hasMatch())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "dms", "A login is 2 to 64 lower-case Latin letters, digits, '.', '_' or '-'."),
                         login);
    if (fullName.trimmed().isEmpty() || fullName.size() > 200)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The full name is required."));
    return {};
}

Status writeRoles(Transaction &tx, const QString &userId, const QSet<Role> &roles)
{
    auto cleared
        = Sql::exec(tx.connection(), QStringLiteral("DELETE FROM user_role WHERE user_id = ?"), {userId});
    if (!cleared)
        return cleared.error();
    for (Role role : roles) {
        auto added = Sql::exec(tx.connection(),
                               QStringLiteral("INSERT INTO user_role (user_id, role) VALUES (?, ?)"),
                               {userId, roleName(role)});
        if (!added)
            return added.error();
    }
    return {};
}

} // namespace

UserService::UserService(ServiceContext &context)
    : m_context(context)
{ }

Result<User> UserService::insert(const QString &actor, const QString &login, const QString &fullName,
                                 const QSet<Role> &roles, bool requireEmpty)
{
    DMS_TRY(validate(login, fullName));
    if (roles.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "A user needs at least one role."));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    if (requireEmpty) {
        auto count = Sql::scalar(tx->connection(), QStringLiteral("SELECT COUNT(*) FROM app_user"));
        if (!count)
            return count.error();
        if (count->toLongLong() > 0)
            return makeError(ErrorCode::InvalidState,
                             QCoreApplication::translate("dms", "The database already has users."));
    }
    const QDateTime now = m_context.clock.now();
    User user {Ids::create(now), login, fullName.trimmed(), roles, true};
    auto inserted = Sql::exec(
        tx->connection(),
        QStringLiteral(
            "INSERT INTO app_user (id, login, full_name, active, created_at) VALUES (?, ?, ?, 1, ?)"),
        {user.id, user.login, user.fullName, now.toString(Qt::ISODateWithMs)});
    if (!inserted) {
        if (inserted.error().code == ErrorCode::AlreadyExists)
            return makeError(ErrorCode::AlreadyExists,
                             QCoreApplication::translate("dms", "A user with this login already exists."),
                             login);
        return inserted.error();
    }
    DMS_TRY(writeRoles(*tx, user.id, roles));
    DMS_TRY(AuditJournal::append(
        *tx, actor, now,
        AuditEvent {QStringLiteral("user.create"),
                    QStringLiteral("user"),
                    user.id,
                    {{QStringLiteral("login"), login}, {QStringLiteral("roles"), roleArray(roles)}}}));
    DMS_TRY(tx->commit());
    return user;
}

Result<User> UserService::bootstrap(const QString &login, const QString &fullName)
{
    return insert(login, login, fullName, {Role::Administrator}, true);
}

Result<User> UserService::create(const Session &session, const QString &login, const QString &fullName,
                                 const QSet<Role> &roles)
{
    DMS_TRY(session.require(Permission::ManageUsers));
    return insert(session.login, login, fullName, roles, false);
}

Status UserService::setRoles(const Session &session, const QString &userId, const QSet<Role> &roles)
{
    DMS_TRY(session.require(Permission::ManageUsers));
    if (roles.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "A user needs at least one role."));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto exists
        = Sql::exec(tx->connection(), QStringLiteral("SELECT 1 FROM app_user WHERE id = ?"), {userId});
    if (!exists)
        return exists.error();
    if (!exists->next())
        return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such user."), userId);
    exists->finish();
    DMS_TRY(writeRoles(*tx, userId, roles));
    DMS_TRY(AuditJournal::append(*tx, session.login, m_context.clock.now(),
                                 AuditEvent {QStringLiteral("user.roles"),
                                             QStringLiteral("user"),
                                             userId,
                                             {{QStringLiteral("roles"), roleArray(roles)}}}));
    return tx->commit();
}

Status UserService::setActive(const Session &session, const QString &userId, bool active)
{
    DMS_TRY(session.require(Permission::ManageUsers));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto updated = Sql::exec(tx->connection(), QStringLiteral("UPDATE app_user SET active = ? WHERE id = ?"),
                             {active ? 1 : 0, userId});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such user."), userId);
    DMS_TRY(AuditJournal::append(
        *tx, session.login, m_context.clock.now(),
        AuditEvent {active ? QStringLiteral("user.activate") : QStringLiteral("user.deactivate"),
                    QStringLiteral("user"),
                    userId,
                    {}}));
    return tx->commit();
}

Result<User> UserService::findByLogin(const QString &login)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(
        *db, QStringLiteral("SELECT id, login, full_name, active FROM app_user WHERE login = ?"), {login});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such user."), login);
    User user {row->value(0).toString(),
               row->value(1).toString(),
               row->value(2).toString(),
               {},
               row->value(3).toInt() == 1};
    row->finish();
    auto roles = Sql::exec(*db, QStringLiteral("SELECT role FROM user_role WHERE user_id = ?"), {user.id});
    if (!roles)
        return roles.error();
    while (roles->next()) {
        if (auto role = roleFromName(roles->value(0).toString()))
            user.roles.insert(*role);
    }
    return user;
}

Result<QList<User>> UserService::list()
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          QStringLiteral("SELECT u.id, u.login, u.full_name, u.active, r.role FROM app_user u"
                                         " LEFT JOIN user_role r ON r.user_id = u.id ORDER BY u.login"));
    if (!rows)
        return rows.error();
    QList<User> users;
    while (rows->next()) {
        const QString id = rows->value(0).toString();
        if (users.isEmpty() || users.constLast().id != id)
            users.append(User {
                id, rows->value(1).toString(), rows->value(2).toString(), {}, rows->value(3).toInt() == 1});
        if (auto role = roleFromName(rows->value(4).toString()))
            users.last().roles.insert(*role);
    }
    return users;
}

Result<Session> UserService::sessionFor(const QString &login)
{
    auto user = findByLogin(login);
    if (!user)
        return user.error();
    if (!user->active)
        return makeError(ErrorCode::PermissionDenied,
                         QCoreApplication::translate("dms", "This user is deactivated."), login);
    return Session {user->id, user->login, user->roles};
}

} // namespace dms
