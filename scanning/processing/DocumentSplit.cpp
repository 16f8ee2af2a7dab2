// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/DocumentSplit.h"

namespace dms {

bool DocumentSplit::isSeparator(const ProcessedPage &page, const SeparatorRule &rule)
{
    switch (rule.kind) {
    case SeparatorRule::Kind::None:
        return false;
    case SeparatorRule::Kind::BlankSheet:
        return page.blank.blank;
    case SeparatorRule::Kind::Barcode:
        if (rule.barcodeText.isEmpty())
            return !page.barcodes.isEmpty();
        return page.barcodes.contains(rule.barcodeText);
    }
    return false;
}

DocumentSplit DocumentSplit::split(const QList<ProcessedPage> &pages, const ScanProfile &profile)
{
    DocumentSplit result;
    QList<int> current;
    for (const ProcessedPage &page : pages) {
        if (isSeparator(page, profile.separator)) {
            result.separatorPages.append(page.index);
            if (!current.isEmpty())
                result.documents.append(current);
            current.clear();
        } else if (profile.removeBlankPages && profile.blankPageRule.enabled && page.blank.blank) {
            result.removedBlankPages.append(page.index);
        } else {
            current.append(page.index);
        }
    }
    if (!current.isEmpty())
        result.documents.append(current);
    return result;
}

} // namespace dms
