// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** register (a document), annul, search. */
QList<Command> registrationCommands();

} // namespace dms::cli
