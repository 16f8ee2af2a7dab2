// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace dms {

/** The roles of the registry office. A user may hold several. */
enum class Role {
    Clerk, ///< registers incoming and outgoing mail, keeps case files
    Official, ///< reads, resolves and executes documents
    Administrator, ///< configures registries, users, classification; annuls entries
    Auditor, ///< reads everything and verifies the journal, changes nothing
};

/** Stable names stored in the database: "clerk", "official", "administrator", "auditor". */
QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);
/** The translated name shown to people. */
QString roleDisplayName(Role role);
QList<Role> allRoles();

} // namespace dms
