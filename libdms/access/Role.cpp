// SPDX-License-Identifier: GPL-3.0-or-later
#include "access/Role.h"

#include <QCoreApplication>

namespace dms {

QString roleName(Role role)
{
    switch (role) {
    case Role::Clerk:
        return QStringLiteral("clerk");
    case Role::Official:
        return QStringLiteral("official");
    case Role::Administrator:
        return QStringLiteral("administrator");
    case Role::Auditor:
        return QStringLiteral("auditor");
    }
    return {};
}

std::optional<Role> roleFromName(const QString &name)
{
    for (Role role : allRoles()) {
        if (roleName(role) == name)
            return role;
    }
    return std::nullopt;
}

QString roleDisplayName(Role role)
{
    switch (role) {
    case Role::Clerk:
        return QCoreApplication::translate("dms", "Clerk");
    case Role::Official:
        return QCoreApplication::translate("dms", "Official");
    case Role::Administrator:
        return QCoreApplication::translate("dms", "Administrator");
    case Role::Auditor:
        return QCoreApplication::translate("dms", "Auditor");
    }
    return {};
}

QList<Role> allRoles()
{
    return {Role::Clerk, Role::Official, Role::Administrator, Role::Auditor};
}

} // namespace dms
