// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace dms::cli {

/** The exit statuses of delovodctl, documented in its help text. */
enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 1, ///< the command line is wrong
    ExitError = 2, ///< the command failed; the message is on standard error
    ExitVerificationFailed = 3, ///< a check ran and found problems
    ExitCancelled = 130, ///< stopped by Ctrl-C (128 + SIGINT, as shells report it)
};

} // namespace dms::cli
