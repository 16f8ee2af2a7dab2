// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/import/PageFileReader.h"

#include <QString>

struct tiff;

namespace dms {

/** The pages (directories) of a TIFF file through libtiff: bitonal pages stay
 *  bitonal (any compression, G4 included), others are read as RGBA and reduced
 *  to gray or RGB. libtiff's messages become the error details. */
class TiffPageReader : public PageFileReader
{
public:
    ~TiffPageReader() override;
    [[nodiscard]] static Result<std::unique_ptr<PageFileReader>> open(const QString &path,
                                                                      const ImportLimits &limits);

    int pageCount() const override { return m_pages; }
    Result<DecodedPage> readPage(int index) override;

private:
    TiffPageReader() = default;

    QString m_path;
    ImportLimits m_limits;
    struct tiff *m_tiff = nullptr;
    QString m_lastError;
    int m_pages = 0;
};

} // namespace dms
