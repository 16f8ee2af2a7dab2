// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/pdf/EncodedPage.h"
#include "scanning/processing/BlankPageVerdict.h"

#include <QImage>
#include <QStringList>

namespace dms {

/** What is kept of a page once PageProcessor has run: the encoded bytes for the
 *  PDF, a thumbnail for the page strip and what the page was found to be.
 *  The raw scan is gone by then. */
struct ProcessedPage
{
    /** 0-based position in the batch as scanned. */
    int index = 0;
    EncodedPage encoded;
    QImage thumbnail;
    BlankPageVerdict blank;
    /** Texts of barcodes/QR codes found (looked for only with barcode separators). */
    QStringList barcodes;
    /** Degrees the page was turned by deskew (0 when off or straight). */
    double deskewAngle = 0;
};

} // namespace dms
