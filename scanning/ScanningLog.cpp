// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/ScanningLog.h"

Q_LOGGING_CATEGORY(dmsScanning, "dms.scanning", QtInfoMsg)
