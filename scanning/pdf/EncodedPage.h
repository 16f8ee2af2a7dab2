// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace dms {

/** A page compressed once, ready to be embedded unchanged in a PDF: CCITT G4
 *  (bitonal, /K -1, 0 bits white) or a progressive JPEG (JpegEncoder) with one
 *  (gray) or three (sRGB) components. Made by ScanPdfWriter::encode(); a few dozen to a few
 *  hundred kilobytes where the raw page is megabytes, so a batch keeps these. */
struct EncodedPage
{
    enum class Encoding { CcittG4, JpegGray, JpegRgb };

    Encoding encoding = Encoding::CcittG4;
    QByteArray data;
    int width = 0;
    int height = 0;
    /** Dots per inch, > 0. */
    int resolution = 0;

    bool isNull() const { return data.isEmpty(); }
};

} // namespace dms
