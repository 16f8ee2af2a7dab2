// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/import/ImagePageReader.h"

#include "core/Tr.h"

#include <QImageReader>
#include <QPainter>

#include <cmath>

namespace dms {

namespace {

Error corrupt(const QString &path, const QString &detail)
{
    return makeError(ErrorCode::Corrupt, Tr::tr("The image file \"%1\" is damaged or truncated.").arg(path),
                     detail);
}

} // namespace

Result<std::unique_ptr<PageFileReader>> ImagePageReader::open(const QString &path, const QByteArray &format,
                                                              const ImportLimits &limits)
{
    std::unique_ptr<ImagePageReader> reader(new ImagePageReader);
    reader->m_path = path;
    reader->m_format = format;
    reader->m_limits = limits;
    return std::unique_ptr<PageFileReader>(std::move(reader));
}

Result<DecodedPage> ImagePageReader::readPage(int index)
{
    if (index != 0)
        return corrupt(m_path, QStringLiteral("no page %1").arg(index + 1));
    QImageReader reader(m_path, m_format);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (!size.isValid())
        return corrupt(m_path, reader.errorString());
    if (size.width() > m_limits.maxSide || size.height() > m_limits.maxSide
        || qint64(size.width()) * size.height() > m_limits.maxPixels)
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("Page %1 of \"%2\" is too large to import (%3 × %4 pixels).")
                .arg(1)
                .arg(m_path)
                .arg(size.width())
                .arg(size.height()),
            QStringLiteral("limit %1 pixels, %2 per side").arg(m_limits.maxPixels).arg(m_limits.maxSide));
    // Qt's own allocation guard (MB) as a second line behind the check above.
    QImageReader::setAllocationLimit(int(m_limits.maxPixels * 4 / (1024 * 1024)) + 1);
    QImage image;
    if (!reader.read(&image))
        return corrupt(m_path, reader.errorString());
    DecodedPage page;
    if (image.dotsPerMeterX() > 0) {
        const int dpi = int(std::lround(image.dotsPerMeterX() * 0.0254));
        // Qt reports 72 dpi for files that declare none (PNG without pHYs, JFIF 1:1).
        page.resolution = dpi == 72 || dpi == 96 ? 0 : dpi;
    }
    if (image.hasAlphaChannel()) {
        QImage opaque(image.size(), QImage::Format_RGB888);
        opaque.fill(Qt::white);
        QPainter painter(&opaque);
        painter.drawImage(0, 0, image);
        painter.end();
        image = opaque;
    }
    page.image = image;
    return page;
}

} // namespace dms
