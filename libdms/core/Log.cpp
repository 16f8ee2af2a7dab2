// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Log.h"

Q_LOGGING_CATEGORY(dmsCore, "dms.core", QtInfoMsg)
