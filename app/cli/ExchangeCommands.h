// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** exchange send|outbox|inbox|resend|registry. */
QList<Command> exchangeCommands();

} // namespace dms::cli
