// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"

#include <QList>
#include <QSet>
#include <QString>

namespace dms {

struct ServiceContext;

/** A person who works with the system. */
struct User
{
    QString id;
    QString login;
    QString fullName;
    QSet<Role> roles;
    bool active = true;
};

/** Users and their roles. Only administrators change them; the first
 *  administrator is made by bootstrap() on an empty database. */
class UserService
{
public:
    explicit UserService(ServiceContext &context);

    /** Creates the first administrator; refused once any user exists. */
    Result<User> bootstrap(const QString &login, const QString &fullName);
    Result<User> create(const Session &session, const QString &login, const QString &fullName,
                        const QSet<Role> &roles);
    Status setRoles(const Session &session, const QString &userId, const QSet<Role> &roles);
    Status setActive(const Session &session, const QString &userId, bool active);
    Result<User> findByLogin(const QString &login);
    Result<QList<User>> list();
    /** A session for an active user, with the roles stored now. */
    Result<Session> sessionFor(const QString &login);

private:
    Result<User> insert(const QString &actor, const QString &login, const QString &fullName,
                        const QSet<Role> &roles, bool requireEmpty);
    ServiceContext &m_context;
};

} // namespace dms
