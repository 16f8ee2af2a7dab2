// SPDX-License-Identifier: GPL-3.0-or-later
#include "access/Permission.h"

namespace dms {

bool roleGrants(Role role, Permission permission)
{
    switch (role) {
    case Role::Clerk:
        switch (permission) {
        case Permission::ReadDocuments:
        case Permission::ViewPersonalData:
        case Permission::RegisterDocument:
        case Permission::ManageCorrespondents:
        case Permission::ManageCases:
        case Permission::EditRegisterEntries:
            return true;
        default:
            return false;
        }
    case Role::Official:
        switch (permission) {
        case Permission::ReadDocuments:
        case Permission::ReadRestricted:
        case Permission::ManageCases:
        case Permission::AssignResolution:
        case Permission::ExecuteResolution:
        case Permission::SignOutgoing:
            return true;
        default:
            return false;
        }
    case Role::Administrator:
        return true;
    case Role::Auditor:
        switch (permission) {
        case Permission::ReadDocuments:
        case Permission::ReadRestricted:
        case Permission::ReadJournal:
            return true;
        default:
            return false;
        }
    }
    return false;
}

QString permissionName(Permission permission)
{
    switch (permission) {
    case Permission::ReadDocuments:
        return QStringLiteral("read-documents");
    case Permission::ReadRestricted:
        return QStringLiteral("read-restricted");
    case Permission::ViewPersonalData:
        return QStringLiteral("view-personal-data");
    case Permission::RegisterDocument:
        return QStringLiteral("register-document");
    case Permission::AnnulRegistration:
        return QStringLiteral("annul-registration");
    case Permission::ManageCorrespondents:
        return QStringLiteral("manage-correspondents");
    case Permission::ManageCases:
        return QStringLiteral("manage-cases");
    case Permission::AssignResolution:
        return QStringLiteral("assign-resolution");
    case Permission::ExecuteResolution:
        return QStringLiteral("execute-resolution");
    case Permission::ManageRegistries:
        return QStringLiteral("manage-registries");
    case Permission::ManageUsers:
        return QStringLiteral("manage-users");
    case Permission::ManageClassification:
        return QStringLiteral("manage-classification");
    case Permission::ManageCalendar:
        return QStringLiteral("manage-calendar");
    case Permission::ReadJournal:
        return QStringLiteral("read-journal");
    case Permission::EditRegisterEntries:
        return QStringLiteral("edit-register-entries");
    case Permission::SignOutgoing:
        return QStringLiteral("sign-outgoing");
    }
    return {};
}

} // namespace dms
