// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/PageImage.h"
#include "scanning/ProcessedPage.h"
#include "scanning/ScanProfile.h"

namespace dms {

/** The work done once per page, on a worker thread, by a scan profile: deskew
 *  (when on), thumbnail from the scan buffer, blank-page verdict, barcodes (for
 *  barcode separators), then the one encoding (G4 or JPEG as the profile's
 *  compression says; gray pages get their paper flattened first, see
 *  PaperBackground). Thread-safe (pure). */
class PageProcessor
{
public:
    static constexpr int ThumbnailSide = 256;

    /** Errors are ScanPdfWriter::encode()'s (InvalidInput for an unusable page).
     *  `straightened`, when given, receives the page after deskew and before
     *  binarisation: what OCR should read, in the encoded page's geometry. */
    [[nodiscard]] static Result<ProcessedPage> process(const PageImage &page, const ScanProfile &profile,
                                                       PageImage *straightened = nullptr);

    /** The rule blank pages are judged by: the profile's, switched on when blank
     *  sheets separate documents. */
    static BlankPageRule effectiveBlankRule(const ScanProfile &profile);
};

} // namespace dms
