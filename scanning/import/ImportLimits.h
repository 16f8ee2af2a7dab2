// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace dms {

/** Bounds on what an imported file may unpack to, so that a small crafted file
 *  (a decompression bomb) cannot exhaust memory: checked against the declared
 *  size before any pixel is decoded. */
struct ImportLimits
{
    /** Largest page in pixels; an A3 page at 600 dpi in colour is about 70 million. */
    qint64 maxPixels = 120'000'000;
    /** Largest side in pixels (200 inches at 300 dpi, PDF's page limit). */
    int maxSide = 60'000;
    /** Largest number of pages in one file. */
    int maxPages = 5'000;
};

} // namespace dms
