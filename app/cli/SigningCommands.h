// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** sign, verify. */
QList<Command> signingCommands();

} // namespace dms::cli
