// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Vocabulary.h"

#include <QString>

namespace dms {

/** A registration desk (регистратура) with its index prefix and format. */
struct Registry
{
    QString id;
    QString code; ///< the index prefix, e.g. "СОА"
    QString name;
    QString indexPattern;
};

/** A register book (регистър) of one kind in a registry; numbers restart each year. */
struct Register
{
    QString id;
    QString registryId;
    QString code; ///< e.g. "ВК66"
    RegisterKind kind = RegisterKind::Incoming;
    QString name;
    bool active = true;
};

} // namespace dms
