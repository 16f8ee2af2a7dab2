// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SigningLog.h"

Q_LOGGING_CATEGORY(dmsSigning, "dms.signing", QtInfoMsg)
