// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** init, migrate, check, user …, registry …, register add/list. */
QList<Command> adminCommands();

} // namespace dms::cli
