// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QSqlDatabase>

namespace dms {

/** Materialises the feed entity "signing_route" (SigningRouteCommands' published
 *  form) into desk_signing_route (migration 0014); DeskReplica hands it over.
 *  Stateless; runs inside the engine's transaction on `db`. */
class DeskSigningReplica
{
public:
    static bool handles(const QString &entity);
    static Status store(const QSqlDatabase &db, const QString &id, const QJsonObject &data);
};

} // namespace dms
