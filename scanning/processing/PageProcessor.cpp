// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/PageProcessor.h"

#include "scanning/pdf/ScanPdfWriter.h"
#include "scanning/processing/BarcodeReader.h"
#include "scanning/processing/Binarizer.h"
#include "scanning/processing/BlankPageDetector.h"
#include "scanning/processing/Deskew.h"
#include "scanning/processing/PageThumbnail.h"
#include "scanning/processing/PaperBackground.h"

namespace dms {

BlankPageRule PageProcessor::effectiveBlankRule(const ScanProfile &profile)
{
    BlankPageRule rule = profile.blankPageRule;
    if (profile.separator.kind == SeparatorRule::Kind::BlankSheet)
        rule.enabled = true;
    return rule;
}

Result<ProcessedPage> PageProcessor::process(const PageImage &scanned, const ScanProfile &profile,
                                             PageImage *straightened)
{
    ProcessedPage processed;
    processed.index = scanned.index;
    PageImage page = scanned;
    if (profile.deskew) {
        processed.deskewAngle = Deskew::estimateSkew(page.image);
        page.image = Deskew::rotated(page.image, -processed.deskewAngle);
    }
    if (straightened)
        *straightened = page;
    processed.thumbnail = PageThumbnail::make(page.image, ThumbnailSide);
    processed.blank = BlankPageDetector::detect(page, effectiveBlankRule(profile));
    if (profile.separator.kind == SeparatorRule::Kind::Barcode && !processed.blank.blank)
        processed.barcodes = BarcodeReader::read(page.image, page.resolution);

    switch (profile.compression) {
    case PageCompression::Automatic:
        break;
    case PageCompression::Bitonal:
        page.image = Binarizer::binarize(page.image);
        break;
    case PageCompression::Jpeg:
        if (page.image.format() == QImage::Format_Mono || page.image.format() == QImage::Format_MonoLSB)
            page.image = page.image.convertToFormat(QImage::Format_Grayscale8);
        break;
    }
    // Gray pages become JPEG: the paper's noise would cost bits in every block.
    if (page.image.format() == QImage::Format_Grayscale16)
        page.image = page.image.convertToFormat(QImage::Format_Grayscale8);
    if (page.image.format() == QImage::Format_Grayscale8)
        page.image = PaperBackground::flatten(page.image);
    auto encoded = ScanPdfWriter::encode(page, profile.jpegQuality);
    if (!encoded)
        return encoded.error();
    processed.encoded = std::move(encoded).value();
    return processed;
}

} // namespace dms
