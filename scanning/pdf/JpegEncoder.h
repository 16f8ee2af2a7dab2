// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QImage>

namespace dms {

/** Encodes gray and colour pages as progressive JPEG with libjpeg directly,
 *  because the scan script matters for scanned text pages and Qt's writer
 *  cannot choose it.
 *
 *  The script is the DC coefficients first, then the luminance AC band 1–5, then
 *  6–63, then each chroma AC band whole: no successive approximation. On a text
 *  page most 8×8 blocks are flat paper whose AC coefficients are all zero, and
 *  the end-of-band runs of progressive AC scans code whole stretches of such
 *  blocks in a few bits, so this script is smaller than libjpeg's default
 *  progression (10 scans) and about twice as fast to write, since every scan
 *  costs a pass over the coefficients. Huffman tables are optimised (required
 *  for progressive coding). The JFIF header carries the resolution. */
class JpegEncoder
{
public:
    /** `image` must be Format_Grayscale8 or Format_RGB888; quality is 1–100. */
    [[nodiscard]] static Result<QByteArray> encode(const QImage &image, int quality, int dotsPerInch);
};

} // namespace dms
