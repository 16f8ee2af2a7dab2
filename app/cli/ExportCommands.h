// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** export register, export journal-summary: the open data, written to files. */
QList<Command> exportCommands();

} // namespace dms::cli
