// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/OcrPageText.h"
#include "scanning/ProcessedPage.h"
#include "scanning/pdf/ScanPdfOptions.h"
#include "scanning/processing/PageOperations.h"

#include <QList>
#include <QString>

namespace dms {

/** One page of the document as the clerk arranged it in the scan panel. */
struct ArrangedPage
{
    ProcessedPage page;
    OcrPageText text;
    PageRotation rotation = PageRotation::None;
};

/** Writes the arranged pages, in their order, as one PDF/A (ScanPdfWriter):
 *  unturned pages are copied as encoded; a turned page is decoded, turned
 *  losslessly and encoded once more (bitonal pages stay CCITT G4, JPEG pages are
 *  re-encoded at @p options' quality). A turned page loses its OCR text layer,
 *  whose word boxes would no longer match. Thread-safe (pure): the scan panel
 *  runs it on a worker. */
class ScanDocumentWriter
{
public:
    /** InvalidInput without pages; Corrupt when a page to turn cannot be decoded;
     *  the writer's Storage errors. The file appears only when complete. */
    [[nodiscard]] static Status write(const QList<ArrangedPage> &pages, const QString &path,
                                      const ScanPdfOptions &options = {});

    /** The page's image decoded from its encoded bytes (Format_Mono for CCITT G4,
     *  Grayscale8 or RGB888 for JPEG). Corrupt when it cannot be decoded. */
    [[nodiscard]] static Result<PageImage> decode(const EncodedPage &page);
};

} // namespace dms
