// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QSqlDatabase>

namespace dms {

/** Materialises the feed entities "case_file" and "resolution" (CaseCommands'
 *  published forms) into desk_case_file, desk_resolution and
 *  desk_resolution_party (migration 0012); DeskReplica hands them over.
 *  Stateless; runs inside the engine's transaction on `db`. */
class DeskCaseReplica
{
public:
    /** Whether `entity` is one of the entities stored here. */
    static bool handles(const QString &entity);
    static Status store(const QSqlDatabase &db, const QString &entity, const QString &id,
                        const QJsonObject &data);

private:
    static Status storeCase(const QSqlDatabase &db, const QString &id, const QJsonObject &data);
    static Status storeResolution(const QSqlDatabase &db, const QString &id, const QJsonObject &data);
};

} // namespace dms
