// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QStringList>

namespace dms {

/** Finds barcodes and QR codes on a page with zbar (the only code that includes
 *  zbar.h). Thread-safe: each call uses its own zbar scanner. */
class BarcodeReader
{
public:
    /** The texts of the codes found on `image` (any format), in zbar's order. Pages
     *  above 200 dpi are read at half resolution: separator codes are large, and
     *  it is four times faster. */
    static QStringList read(const QImage &image, int dpi);
};

} // namespace dms
