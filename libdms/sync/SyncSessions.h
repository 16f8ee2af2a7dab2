// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"

#include <QDateTime>
#include <QString>

#include <chrono>

namespace dms {

struct ServiceContext;
struct Desk;

/** A login on a desk: the bearer token is handed out once, only its hash is stored. */
struct SyncLogin
{
    QString token;
    QDateTime expiresAt;
    Session session;
};

/** Users' logins on desks. A login is bound to the desk (its certificate) it was
 *  made on: the token is refused from any other desk. Sessions expire after the
 *  lifetime given (counted from login on the service's clock); roles are read
 *  from the core on each request, so a changed role or a deactivated user takes
 *  effect at once. Logins are journalled ("sync.login"). Thread-safe. */
class SyncSessions
{
public:
    SyncSessions(ServiceContext &context, std::chrono::seconds lifetime);

    /** NotFound-free: an unknown or inactive user is PermissionDenied. */
    Result<SyncLogin> login(const Desk &desk, const QString &userLogin);
    /** The session of a token on this desk; PermissionDenied when unknown, expired
     *  or made on another desk. */
    Result<Session> authenticate(const Desk &desk, const QString &token);
    /** Ends a session (logout); unknown tokens are ignored. */
    Status logout(const Desk &desk, const QString &token);

private:
    ServiceContext &m_context;
    std::chrono::seconds m_lifetime;
};

} // namespace dms
