// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/import/PageFileReader.h"

#include <QString>

namespace dms {

/** A one-page JPEG or PNG through QImageReader; the declared size is checked
 *  against the limits before decoding. */
class ImagePageReader : public PageFileReader
{
public:
    [[nodiscard]] static Result<std::unique_ptr<PageFileReader>>
    open(const QString &path, const QByteArray &format, const ImportLimits &limits);

    int pageCount() const override { return 1; }
    Result<DecodedPage> readPage(int index) override;

private:
    ImagePageReader() = default;

    QString m_path;
    QByteArray m_format;
    ImportLimits m_limits;
};

} // namespace dms
