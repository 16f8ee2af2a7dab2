// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "desk/DeskCaseReader.h"
#include "domain/SigningRoute.h"

#include <QList>

namespace dms {

class Database;

/** Documents routed for signature as a desk knows them (desk_signing_route,
 *  kept by DeskSigningReplica): what awaits a user's signature, what a user
 *  routed and whom a draft may be routed to. Reading needs
 *  Permission::ReadDocuments; restricted routes only for sessions that may read
 *  them, and each user sees only the routes they author or sign. Thread-safe
 *  (one connection per thread). */
class DeskSigningReader
{
public:
    explicit DeskSigningReader(Database &local);

    /** The routes awaiting `session`'s signature, oldest first. */
    Result<QList<SigningRoute>> awaitingSignature(const Session &session);
    /** The routes `session`'s user routed, newest first, at most `limit`. */
    Result<QList<SigningRoute>> routedBy(const Session &session, int limit = 500);
    /** One route the user authors or signs; NotFound otherwise. */
    Result<SigningRoute> route(const Session &session, const QString &routeId);
    /** The active users who may sign outgoing documents, by name. */
    Result<QList<DeskUser>> signers();

private:
    Result<QList<SigningRoute>> select(const Session &session, const QString &condition,
                                       const QVariantList &params, const QString &order);
    Database &m_local;
};

} // namespace dms
