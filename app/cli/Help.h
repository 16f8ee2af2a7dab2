// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** The manual of delovodctl, laid out like a man page: name, synopsis,
 *  description, commands, options, environment, exit status and examples. */
QString programHelp(const QList<Command> &commands);
/** The manual of one command. */
QString commandHelp(const Command &command);
/** The one-line usage printed when no command is given. */
QString shortUsage();

} // namespace dms::cli
