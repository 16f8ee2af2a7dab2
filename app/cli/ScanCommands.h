// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** scan, scan devices, scan profiles. */
QList<Command> scanCommands();

} // namespace dms::cli
