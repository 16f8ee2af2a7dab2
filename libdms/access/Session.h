// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Permission.h"
#include "core/Result.h"

#include <QSet>
#include <QString>

namespace dms {

/** Who is acting: passed to every service call, recorded in the journal. */
struct Session
{
    QString userId;
    QString login;
    QSet<Role> roles;

    bool isValid() const { return !userId.isEmpty(); }
    bool can(Permission permission) const;
    /** PermissionDenied naming the permission when the session lacks it. */
    Status require(Permission permission) const;
};

} // namespace dms
