// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace dms {

/** When a scanned page counts as blank (part of a scan profile). The defaults suit
 *  office paper: at most 0.01 % of the page inside a 10 mm border may be ink. Specks
 *  are not ink, so a blank scan measures about 0; a lone signature measures about
 *  0.06 % and one short handwritten line 0.035 %, so a limit of 0.2 % would drop them. */
struct BlankPageRule
{
    /** Off: BlankPageDetector still measures the ink but never calls a page blank. */
    bool enabled = true;
    /** Largest share (0..1) of dark pixels, after the border margin and isolated
     *  specks are ignored, for which a page is still blank (the bound is inclusive). */
    double maxInkCoverage = 0.0001;
    /** Border ignored on every side, in millimetres: scanner edge shadows, punch
     *  holes and feeder marks live there. */
    int marginMm = 10;
};

} // namespace dms
