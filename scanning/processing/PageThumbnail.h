// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>

namespace dms {

/** Thumbnails made from the scan buffer (never by rendering the PDF): the page
 *  is box-averaged by a whole factor straight from its pixels (bitonal pages by
 *  counting black bits, so thin strokes stay visible as gray), then smoothly
 *  scaled to size. About 10 ms for an A4 page at 300 dpi. Thread-safe (pure). */
class PageThumbnail
{
public:
    /** `image` scaled to fit `maxSide` × `maxSide` (aspect kept), as Grayscale8
     *  for bitonal and gray pages and RGB888 for colour; never enlarged. */
    static QImage make(const QImage &image, int maxSide = 256);
};

} // namespace dms
