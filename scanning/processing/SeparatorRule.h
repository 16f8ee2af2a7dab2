// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace dms {

/** How a stack of pages is split into documents (part of a scan profile). A
 *  separator sheet ends one document and starts the next; it is not stored in
 *  either, and the split reports every separator it removed by page number. */
struct SeparatorRule
{
    enum class Kind {
        /** One document for the whole stack. */
        None,
        /** A blank sheet (by the profile's BlankPageRule, applied even when blank
         *  pages are otherwise kept) separates documents. */
        BlankSheet,
        /** A sheet carrying a barcode or QR code whose text matches `barcodeText`
         *  separates documents. */
        Barcode,
    };

    Kind kind = Kind::None;
    /** Barcode separators: the text the code must carry exactly; empty accepts any
     *  code. Ordinary pages that happen to carry another code stay in the document. */
    QString barcodeText;
};

} // namespace dms
