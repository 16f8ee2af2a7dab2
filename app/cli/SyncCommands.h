// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** desk add|list|remove, lease grant|return|list (docs/sync.md). */
QList<Command> syncCommands();

} // namespace dms::cli
