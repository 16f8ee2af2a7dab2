// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** journal verify, journal seal. */
QList<Command> journalCommands();

} // namespace dms::cli
