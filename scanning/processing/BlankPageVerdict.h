// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace dms {

/** What BlankPageDetector found on one page. It only reports: the caller decides
 *  whether to drop, keep or ask about a blank page. */
struct BlankPageVerdict
{
    /** The rule is enabled and the ink coverage is within its maximum. */
    bool blank = false;
    /** Share (0..1) of the inner page area covered by ink that is not an isolated speck. */
    double inkCoverage = 0.0;
};

} // namespace dms
