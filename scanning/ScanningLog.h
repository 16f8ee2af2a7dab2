// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

/** The scanning library's logging category ("dms.scanning"). */
Q_DECLARE_LOGGING_CATEGORY(dmsScanning)
