// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** municipal-register define|update|list|show and municipal-register entry
 *  add|update|list|history|import: the administrator's side of the municipal
 *  registers whose open data `export register` and the server publish. */
QList<Command> municipalRegisterCommands();

} // namespace dms::cli
