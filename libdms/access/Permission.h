// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Role.h"

namespace dms {

/** What a service call needs. Checked in the services, never only in the UI. */
enum class Permission {
    ReadDocuments,
    ReadRestricted, ///< documents with access level "restricted"
    ViewPersonalData, ///< ЕГН unmasked in reads; an explicit reveal (revealEgn) is journalled
    RegisterDocument,
    AnnulRegistration,
    ManageCorrespondents,
    ManageCases,
    AssignResolution,
    ExecuteResolution,
    ManageRegistries,
    ManageUsers,
    ManageClassification,
    ManageCalendar,
    ReadJournal,
    EditRegisterEntries, ///< add and change entries of municipal registers (permits, shops …)
    SignOutgoing, ///< sign outgoing documents routed for signature (officials: directors, the mayor)
};

/** The fixed role → permission table (see docs/access.md). */
bool roleGrants(Role role, Permission permission);
/** A stable name for errors and the journal, e.g. "annul-registration". */
QString permissionName(Permission permission);

} // namespace dms
