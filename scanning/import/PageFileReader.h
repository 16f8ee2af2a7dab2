// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/import/ImportLimits.h"

#include <QImage>
#include <QString>

#include <memory>

namespace dms {

/** One page decoded from a file, with the resolution the file declares
 *  (0 when it declares none). */
struct DecodedPage
{
    QImage image;
    int resolution = 0;
};

/** Reads the pages of one existing file (PDF, JPEG, PNG, single- or multi-page
 *  TIFF) one at a time, so that only the current page is in memory. The format
 *  is recognised by the file's content, never by its extension. */
class PageFileReader
{
public:
    virtual ~PageFileReader();

    /** Opens `path`. `renderDpi` is the resolution PDF pages are rasterised at.
     *  Errors: NotFound (no such file), Storage (unreadable), InvalidInput (not a
     *  supported format, or a PDF that is encrypted or has no pages), Corrupt
     *  (the file is damaged or truncated). */
    [[nodiscard]] static Result<std::unique_ptr<PageFileReader>> open(const QString &path, int renderDpi,
                                                                      const ImportLimits &limits = {});

    virtual int pageCount() const = 0;
    /** Decodes page `index` (0-based). InvalidInput for a page beyond the limits,
     *  Corrupt for undecodable data. */
    [[nodiscard]] virtual Result<DecodedPage> readPage(int index) = 0;
};

} // namespace dms
