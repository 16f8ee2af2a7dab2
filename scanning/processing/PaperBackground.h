// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>

namespace dms {

/** Flattens the paper of a gray page before it is stored as JPEG. A scanner's
 *  sensor noise and the paper's grain put a few levels of random texture into
 *  every 8×8 block of the page; JPEG spends bits on it in each block although it
 *  carries nothing (on an A4 300 dpi letter ±2 levels of noise cost ~10 % more
 *  bytes). The paper is the histogram's peak in the bright half; the levels
 *  around it that belong to the same peak (its noise band, at most
 *  MaxNoiseLevels either side) are set to the band's mean, so the paper keeps
 *  its tone (no whitening: a brighter background makes every glyph edge a
 *  higher step, which costs more JPEG bits than it saves) and ink, stamps and
 *  pencil outside the band are untouched. Pages without a paper background
 *  (photos: no peak holding at least half the pixels) are left as they are.
 *  Thread-safe (pure). */
class PaperBackground
{
public:
    /** The widest noise band taken as paper, in gray levels either side of its peak. */
    static constexpr int MaxNoiseLevels = 8;

    /** The paper found on a page: values lowest..highest become `paper` (their mean). */
    struct Band
    {
        int paper = -1;
        int lowest = -1;
        int highest = -1;

        bool isValid() const { return paper >= 0; }
    };

    /** The paper band of a Format_Grayscale8 image; invalid for other formats,
     *  a null image or a page without a paper background. */
    static Band estimate(const QImage &gray8);
    /** `image` with its paper band flattened (a copy); formats other than
     *  Grayscale8 and pages without a paper background are returned unchanged. */
    static QImage flatten(const QImage &image);
};

} // namespace dms
