// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/ScanSettings.h"
#include "scanning/processing/BlankPageRule.h"
#include "scanning/processing/SeparatorRule.h"

#include <QString>

namespace dms {

/** How pages are stored in the PDF. */
enum class PageCompression {
    /** Lineart pages as CCITT G4, gray and colour pages as JPEG. */
    Automatic,
    /** Every page made bitonal (a threshold between paper and ink) and stored as
     *  CCITT G4: the smallest files for plain text. */
    Bitonal,
    /** Every page as JPEG (lineart pages become gray). */
    Jpeg,
};

/** A named set of choices a clerk picks before pressing Scan: where the paper
 *  comes from, how it is scanned, stored and split, and whether it is OCRed.
 *  Stored by ScanProfileStore. */
struct ScanProfile
{
    QString name;
    ScanSource source = ScanSource::Feeder;
    ColorMode mode = ColorMode::Gray;
    int resolution = 300;
    PageCompression compression = PageCompression::Automatic;
    /** 1..100, for JPEG pages. */
    int jpegQuality = 75;
    /** Straighten pages fed at a slight angle (up to 5°) before storing them. */
    bool deskew = false;
    /** Which pages count as blank. */
    BlankPageRule blankPageRule;
    /** Leave blank pages out of the document (they are still reported, with their
     *  ink coverage, so nothing is dropped unnoticed). */
    bool removeBlankPages = false;
    /** Add an invisible text layer (OCR) so the PDF is searchable. */
    bool ocr = true;
    SeparatorRule separator;

    /** The capture part of the profile. */
    ScanSettings settings() const
    {
        ScanSettings settings;
        settings.source = source;
        settings.mode = mode;
        settings.resolution = resolution;
        return settings;
    }

    friend bool operator==(const ScanProfile &a, const ScanProfile &b)
    {
        return a.name == b.name && a.source == b.source && a.mode == b.mode && a.resolution == b.resolution
            && a.compression == b.compression && a.jpegQuality == b.jpegQuality && a.deskew == b.deskew
            && a.blankPageRule.enabled == b.blankPageRule.enabled
            && a.blankPageRule.maxInkCoverage == b.blankPageRule.maxInkCoverage
            && a.blankPageRule.marginMm == b.blankPageRule.marginMm
            && a.removeBlankPages == b.removeBlankPages && a.ocr == b.ocr
            && a.separator.kind == b.separator.kind && a.separator.barcodeText == b.separator.barcodeText;
    }
};

} // namespace dms
