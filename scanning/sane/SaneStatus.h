// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"

#include <sane/sane.h>

namespace dms {

/** The one place where a SANE_Status becomes an Error: NO_DOCS → FeederEmpty,
 *  JAMMED → PaperJam, COVER_OPEN → CoverOpen, DEVICE_BUSY → DeviceBusy,
 *  IO_ERROR → DeviceIo, CANCELLED → Cancelled, INVAL/UNSUPPORTED → InvalidInput,
 *  ACCESS_DENIED → PermissionDenied, NO_MEM/EOF/GOOD/unknown → Internal.
 *  `call` names the failed libsane call (and option) for the detail. */
Error saneError(SANE_Status status, const QString &call);

} // namespace dms
