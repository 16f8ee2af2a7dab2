// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

/** The signing module's logging category. Never log PINs, keys or personal numbers. */
Q_DECLARE_LOGGING_CATEGORY(dmsSigning)
