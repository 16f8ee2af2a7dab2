// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/import/PageFileReader.h"

#include <QString>

namespace Poppler {
class Document;
}

namespace dms {

/** The pages of a PDF, rasterised with poppler at a chosen resolution: an
 *  imported PDF then goes through the same pipeline as a scan (blank pages,
 *  separators, OCR, one PDF/A of CCITT/JPEG images), at the cost of turning
 *  vector text into pixels, which a registry's paper-equivalent copy accepts. */
class PdfPageReader : public PageFileReader
{
public:
    ~PdfPageReader() override;
    [[nodiscard]] static Result<std::unique_ptr<PageFileReader>> open(const QString &path, int renderDpi,
                                                                      const ImportLimits &limits);

    int pageCount() const override;
    Result<DecodedPage> readPage(int index) override;

private:
    PdfPageReader() = default;

    QString m_path;
    int m_dpi = 300;
    ImportLimits m_limits;
    std::unique_ptr<Poppler::Document> m_document;
};

} // namespace dms
