// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/import/PdfPageReader.h"

#include "core/Tr.h"

#include <QPainter>

#include <cmath>
#include <poppler-qt6.h>

namespace dms {

PdfPageReader::~PdfPageReader() = default;

Result<std::unique_ptr<PageFileReader>> PdfPageReader::open(const QString &path, int renderDpi,
                                                            const ImportLimits &limits)
{
    std::unique_ptr<PdfPageReader> reader(new PdfPageReader);
    reader->m_path = path;
    reader->m_dpi = renderDpi > 0 ? renderDpi : 300;
    reader->m_limits = limits;
    reader->m_document = Poppler::Document::load(path);
    if (!reader->m_document)
        return makeError(ErrorCode::Corrupt, Tr::tr("The PDF file \"%1\" is damaged or truncated.").arg(path),
                         QStringLiteral("poppler could not load it"));
    if (reader->m_document->isLocked())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The PDF file \"%1\" is protected by a password.").arg(path));
    const int pages = reader->m_document->numPages();
    if (pages <= 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The PDF file \"%1\" has no pages.").arg(path));
    if (pages > limits.maxPages)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file \"%1\" has more than %2 pages.").arg(path).arg(limits.maxPages));
    reader->m_document->setRenderHint(Poppler::Document::Antialiasing);
    reader->m_document->setRenderHint(Poppler::Document::TextAntialiasing);
    return std::unique_ptr<PageFileReader>(std::move(reader));
}

int PdfPageReader::pageCount() const
{
    return m_document->numPages();
}

Result<DecodedPage> PdfPageReader::readPage(int index)
{
    const std::unique_ptr<Poppler::Page> page = m_document->page(index);
    if (!page)
        return makeError(ErrorCode::Corrupt,
                         Tr::tr("The PDF file \"%1\" is damaged or truncated.").arg(m_path),
                         QStringLiteral("page %1 cannot be read").arg(index + 1));
    const QSizeF points = page->pageSizeF();
    const double width = std::ceil(points.width() * m_dpi / 72.0);
    const double height = std::ceil(points.height() * m_dpi / 72.0);
    if (!(width >= 1 && height >= 1) || width > m_limits.maxSide || height > m_limits.maxSide
        || width * height > double(m_limits.maxPixels))
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("Page %1 of \"%2\" is too large to import (%3 × %4 pixels).")
                .arg(index + 1)
                .arg(m_path)
                .arg(width, 0, 'f', 0)
                .arg(height, 0, 'f', 0),
            QStringLiteral("%1 x %2 pt at %3 dpi").arg(points.width()).arg(points.height()).arg(m_dpi));
    const QImage rendered = page->renderToImage(m_dpi, m_dpi);
    if (rendered.isNull())
        return makeError(ErrorCode::Corrupt,
                         Tr::tr("The PDF file \"%1\" is damaged or truncated.").arg(m_path),
                         QStringLiteral("page %1 could not be rendered").arg(index + 1));
    DecodedPage decoded;
    // Paper is opaque: flatten any transparency onto white.
    QImage opaque(rendered.size(), QImage::Format_RGB888);
    opaque.fill(Qt::white);
    {
        QPainter painter(&opaque);
        painter.drawImage(0, 0, rendered);
    }
    decoded.image = opaque;
    decoded.resolution = m_dpi;
    return decoded;
}

} // namespace dms
