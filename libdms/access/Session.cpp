// SPDX-License-Identifier: GPL-3.0-or-later
#include "access/Session.h"

#include <QCoreApplication>

namespace dms {

bool Session::can(Permission permission) const
{
    if (!isValid())
        return false;
    for (Role role : roles) {
        if (roleGrants(role, permission))
            return true;
    }
    return false;
}

Status Session::require(Permission permission) const
{
    if (can(permission))
        return {};
    return makeError(ErrorCode::PermissionDenied,
                     QCoreApplication::translate("dms", "You are not allowed to do this."),
                     QStringLiteral("user '%1' lacks %2").arg(login, permissionName(permission)));
}

} // namespace dms
