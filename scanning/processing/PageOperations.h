// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/PageImage.h"

#include <QImage>
#include <QList>

#include <algorithm>

namespace dms {

/** A quarter turn for PageOperations::rotated, clockwise on screen. */
enum class PageRotation { None = 0, Clockwise90 = 90, Rotate180 = 180, Clockwise270 = 270 };

/** What a clerk does to the pages of a batch before saving: turn, reorder, delete.
 *  Value functions on copies: safe from any thread, the input is never modified.
 *
 *  The list functions are templates so that they serve pages, thumbnails or encoded
 *  pages alike; PageImage::index keeps the scan order and is not renumbered. */
class PageOperations
{
public:
    /** `image` turned by `rotation`, pixel for pixel (lossless for every format,
     *  Format_Mono included); format and colour table kept, dots per metre swapped
     *  on quarter turns. */
    static QImage rotated(const QImage &image, PageRotation rotation);

    /** `page` with its image rotated(); resolution, mode and index kept. */
    static PageImage rotated(const PageImage &page, PageRotation rotation);

    /** `pages` with the page at `from` moved to position `to` (both 0-based indexes
     *  into `pages`). InvalidInput when either is out of range. */
    template<class T>
    static Result<QList<T>> moved(QList<T> pages, int from, int to)
    {
        if (from < 0 || from >= pages.size() || to < 0 || to >= pages.size())
            return indexError(from < 0 || from >= pages.size() ? from : to, pages.size());
        pages.move(from, to);
        return pages;
    }

    /** `pages` without the pages at `indexes` (any order). InvalidInput when an index
     *  is out of range or repeated; deleting every page is allowed. */
    template<class T>
    static Result<QList<T>> removed(const QList<T> &pages, QList<int> indexes)
    {
        std::sort(indexes.begin(), indexes.end());
        for (qsizetype i = 0; i < indexes.size(); ++i) {
            if (indexes[i] < 0 || indexes[i] >= pages.size())
                return indexError(indexes[i], pages.size());
            if (i > 0 && indexes[i] == indexes[i - 1])
                return duplicateError(indexes[i]);
        }
        QList<T> kept;
        kept.reserve(pages.size() - indexes.size());
        qsizetype next = 0;
        for (qsizetype i = 0; i < pages.size(); ++i) {
            if (next < indexes.size() && indexes[next] == i)
                ++next;
            else
                kept.append(pages[i]);
        }
        return kept;
    }

    /** The pages in a new order: position i of the result is `pages[order[i]]`.
     *  `order` must be a permutation of 0..pages.size()-1, otherwise InvalidInput. */
    template<class T>
    static Result<QList<T>> reordered(const QList<T> &pages, const QList<int> &order)
    {
        if (order.size() != pages.size())
            return sizeError(order.size(), pages.size());
        QList<bool> used(pages.size(), false);
        QList<T> result;
        result.reserve(pages.size());
        for (const int index : order) {
            if (index < 0 || index >= pages.size())
                return indexError(index, pages.size());
            if (used[index])
                return duplicateError(index);
            used[index] = true;
            result.append(pages[index]);
        }
        return result;
    }

private:
    static Error indexError(qsizetype index, qsizetype count);
    static Error duplicateError(qsizetype index);
    static Error sizeError(qsizetype given, qsizetype count);
};

} // namespace dms
