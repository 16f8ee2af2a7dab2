// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/ProcessedPage.h"
#include "scanning/ScanProfile.h"

#include <QList>

namespace dms {

/** How a batch of processed pages becomes documents under a scan profile.
 *  Every page is accounted for: it is in exactly one document, or listed as a
 *  separator sheet, or listed as a removed blank page (only when the profile
 *  removes blank pages; a page with any ink above the rule is never removed). */
struct DocumentSplit
{
    /** Batch indexes of each document's pages, in order; no document is empty. */
    QList<QList<int>> documents;
    QList<int> separatorPages;
    QList<int> removedBlankPages;

    /** Splits `pages` (in batch order) by `profile`'s separator rule. */
    static DocumentSplit split(const QList<ProcessedPage> &pages, const ScanProfile &profile);
    /** Whether `page` is a separator sheet under `rule`. */
    static bool isSeparator(const ProcessedPage &page, const SeparatorRule &rule);
};

} // namespace dms
