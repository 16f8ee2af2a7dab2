// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

class QImage;

namespace dms {

/** Encodes bitonal images as CCITT Group 4 (T.6) with libtiff (which also reads imported
 *  TIFF files in scanning/import/TiffPageReader.cpp). */
class CcittG4Encoder
{
public:
    /** The raw G4 data of a Format_Mono image, one strip of all rows, MSB first,
     *  no byte alignment, ending with EOFB; 0 bits are white and 1 bits black in the
     *  coded runs, whatever the image's colour table (the darker entry is black).
     *  Fits a PDF CCITTFaxDecode filter with /K -1 /BlackIs1 false. Errors:
     *  InvalidInput for a null or non-Mono image, Internal when libtiff fails.
     *  Thread-safe (no shared state). */
    [[nodiscard]] static Result<QByteArray> encode(const QImage &image);
};

} // namespace dms
