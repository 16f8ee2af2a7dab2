// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/PageImage.h"

#include <QImage>

namespace dms {

/** Straightens text pages fed in at a slight angle. Pure functions: safe to call
 *  from any number of threads at once.
 *
 *  The angle is found on a binarised copy downscaled to about 100 dpi, by maximising
 *  the energy of the horizontal projection profile over candidate angles in ±5°
 *  (0.25° steps, then 0.05° steps around the best, then a parabolic fit). */
class Deskew
{
public:
    /** Largest skew searched for, in degrees either way. */
    static constexpr double MaxAngle = 5.0;

    /** The angle in degrees by which the text of `image` is rotated, in the sense of
     *  QTransform::rotate (clockwise on screen is positive). 0 for a null or blank
     *  image or one without line structure. */
    static double estimateSkew(const QImage &image);

    /** `image` rotated by `degrees` (QTransform::rotate sense) about its centre, same
     *  size, format, colour table and dots per metre, uncovered corners white.
     *  Bilinear for gray and colour; Format_Mono/MonoLSB are interpolated in gray and
     *  thresholded back. |degrees| < 0.01 returns `image` unchanged. */
    static QImage rotated(const QImage &image, double degrees);

    /** `page` with its image rotated by -estimateSkew(); resolution, mode and index kept. */
    static PageImage deskew(const PageImage &page);
};

} // namespace dms
