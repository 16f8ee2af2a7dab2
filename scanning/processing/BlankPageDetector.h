// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/PageImage.h"
#include "scanning/processing/BlankPageRule.h"
#include "scanning/processing/BlankPageVerdict.h"

#include <QImage>

namespace dms {

/** Measures how much ink a scanned page carries and judges it against a
 *  BlankPageRule. Pure functions: safe to call from any number of threads at once.
 *
 *  Ink is a pixel clearly darker than the paper (the page's median brightness minus
 *  a contrast step, so faint pencil or light-gray print on a gray scan still counts);
 *  dark components smaller than 0.8 mm in both directions are speckle noise and do
 *  not count, nor does anything inside the border margin. */
class BlankPageDetector
{
public:
    /** The verdict for `page` (Format_Mono, Grayscale8/16, RGB888 or any other QImage
     *  format) under `rule`. A page with no resolution is taken as 300 dpi; a null
     *  image has no ink. Never drops anything: the caller acts on the verdict. */
    static BlankPageVerdict detect(const PageImage &page, const BlankPageRule &rule);

    /** Share (0..1) of the area inside a `marginMm` border of `image` covered by ink
     *  that is not speckle; `dpi` <= 0 means 300. */
    static double inkCoverage(const QImage &image, int dpi, int marginMm);
};

} // namespace dms
