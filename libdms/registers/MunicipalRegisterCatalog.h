// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "registers/MunicipalRegisterDefinition.h"

#include <QSqlDatabase>

namespace dms {

/** Reads municipal register definitions (with their fields and entry counts) on a
 *  connection. No permission check: the services check before they call it, and
 *  the open-data publisher reads only published registers. */
class MunicipalRegisterCatalog
{
public:
    /** The register with this code; NotFound when there is none (or when
     *  publishedOnly and it is not published). */
    static Result<MunicipalRegisterDefinition> load(const QSqlDatabase &db, const QString &code,
                                                    bool publishedOnly = false);
    /** Every register, ordered by code. */
    static Result<QList<MunicipalRegisterDefinition>> loadAll(const QSqlDatabase &db, bool publishedOnly);
};

} // namespace dms
