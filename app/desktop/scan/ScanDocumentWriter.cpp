// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ScanDocumentWriter.h"

#include "core/Tr.h"
#include "scanning/import/PageFileReader.h"
#include "scanning/pdf/ScanPdfWriter.h"

#include <QImage>
#include <QTemporaryDir>

namespace dms {

namespace {

Error undecodable(const QString &detail)
{
    return makeError(ErrorCode::Corrupt, Tr::tr("A scanned page could not be read back to turn it."), detail);
}

} // namespace

Result<PageImage> ScanDocumentWriter::decode(const EncodedPage &page)
{
    PageImage image;
    image.resolution = page.resolution;
    switch (page.encoding) {
    case EncodedPage::Encoding::JpegGray:
    case EncodedPage::Encoding::JpegRgb: {
        QImage decoded = QImage::fromData(page.data, "JPEG");
        if (decoded.isNull())
            return undecodable(QStringLiteral("JPEG"));
        const bool gray = page.encoding == EncodedPage::Encoding::JpegGray;
        image.image = decoded.convertToFormat(gray ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
        image.mode = gray ? ColorMode::Gray : ColorMode::Color;
        break;
    }
    case EncodedPage::Encoding::CcittG4: {
        // No G4 decoder outside the PDF path: the page goes through a one-page PDF
        // and poppler renders it at its own resolution, pixel for pixel.
        QTemporaryDir dir;
        if (!dir.isValid())
            return makeError(ErrorCode::Storage, Tr::tr("No temporary folder could be made."),
                             dir.errorString());
        const QString path = dir.filePath(QStringLiteral("page.pdf"));
        ScanPdfWriter writer;
        DMS_TRY(writer.open(path));
        DMS_TRY(writer.addEncodedPage(page));
        DMS_TRY(writer.finish());
        auto reader = PageFileReader::open(path, page.resolution);
        if (!reader.ok())
            return undecodable(reader.error().toString());
        auto decoded = (*reader)->readPage(0);
        if (!decoded.ok())
            return undecodable(decoded.error().toString());
        QImage gray = decoded->image.convertToFormat(QImage::Format_Grayscale8);
        if (gray.size() != QSize(page.width, page.height))
            gray = gray.scaled(page.width, page.height);
        image.image = gray.convertToFormat(QImage::Format_Mono, Qt::ThresholdDither);
        image.mode = ColorMode::Lineart;
        break;
    }
    }
    if (image.image.isNull())
        return undecodable(QStringLiteral("conversion"));
    return image;
}

Status ScanDocumentWriter::write(const QList<ArrangedPage> &pages, const QString &path,
                                 const ScanPdfOptions &options)
{
    if (pages.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The batch has no pages to save."));
    ScanPdfWriter writer(options);
    DMS_TRY(writer.open(path));
    for (const ArrangedPage &arranged : pages) {
        if (arranged.rotation == PageRotation::None) {
            DMS_TRY(writer.addEncodedPage(arranged.page.encoded, arranged.text));
            continue;
        }
        auto decoded = decode(arranged.page.encoded);
        if (!decoded.ok())
            return decoded.error();
        auto encoded = ScanPdfWriter::encode(PageOperations::rotated(*decoded, arranged.rotation),
                                             options.jpegQuality);
        if (!encoded.ok())
            return encoded.error();
        DMS_TRY(writer.addEncodedPage(*encoded));
    }
    return writer.finish();
}

} // namespace dms
