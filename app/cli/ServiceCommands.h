// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"

namespace dms::cli {

/** service add, service list, service import, service status: the catalogue of
 *  administrative services and the status of applications for them. */
QList<Command> serviceCommands();

} // namespace dms::cli
