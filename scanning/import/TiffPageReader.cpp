// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/import/TiffPageReader.h"

#include "core/Tr.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <tiffio.h>
#include <vector>

namespace dms {

namespace {

int errorHandler(TIFF *, void *userData, const char *module, const char *format, va_list args)
{
    char message[512];
    std::vsnprintf(message, sizeof message, format, args);
    auto *lastError = static_cast<QString *>(userData);
    *lastError
        = QString::fromUtf8(module ? module : "libtiff") + QStringLiteral(": ") + QString::fromUtf8(message);
    return 1;
}

int warningHandler(TIFF *, void *, const char *, const char *, va_list)
{
    return 1;
}

Error corrupt(const QString &path, const QString &detail)
{
    return makeError(ErrorCode::Corrupt, Tr::tr("The TIFF file \"%1\" is damaged or truncated.").arg(path),
                     detail);
}

int resolutionOf(TIFF *tiff)
{
    float x = 0;
    uint16_t unit = RESUNIT_INCH;
    if (TIFFGetField(tiff, TIFFTAG_XRESOLUTION, &x) != 1 || !(x > 0) || !std::isfinite(x))
        return 0;
    TIFFGetFieldDefaulted(tiff, TIFFTAG_RESOLUTIONUNIT, &unit);
    if (unit == RESUNIT_CENTIMETER)
        x *= 2.54f;
    else if (unit == RESUNIT_NONE)
        return 0;
    return int(std::lround(std::min(x, 100000.0f)));
}

} // namespace

TiffPageReader::~TiffPageReader()
{
    if (m_tiff)
        TIFFClose(m_tiff);
}

Result<std::unique_ptr<PageFileReader>> TiffPageReader::open(const QString &path, const ImportLimits &limits)
{
    std::unique_ptr<TiffPageReader> reader(new TiffPageReader);
    reader->m_path = path;
    reader->m_limits = limits;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, errorHandler, &reader->m_lastError);
    TIFFOpenOptionsSetWarningHandlerExtR(options, warningHandler, nullptr);
    reader->m_tiff = TIFFOpenExt(path.toLocal8Bit().constData(), "r", options);
    TIFFOpenOptionsFree(options);
    if (!reader->m_tiff)
        return corrupt(path, reader->m_lastError);
    // Counting walks the directory chain, which libtiff checks for loops.
    int pages = 0;
    do {
        if (++pages > limits.maxPages)
            return makeError(
                ErrorCode::InvalidInput,
                Tr::tr("The file \"%1\" has more than %2 pages.").arg(path).arg(limits.maxPages));
    } while (TIFFReadDirectory(reader->m_tiff) == 1);
    if (!reader->m_lastError.isEmpty() && pages <= 1 && TIFFNumberOfDirectories(reader->m_tiff) == 0)
        return corrupt(path, reader->m_lastError);
    reader->m_pages = pages;
    return std::unique_ptr<PageFileReader>(std::move(reader));
}

Result<DecodedPage> TiffPageReader::readPage(int index)
{
    m_lastError.clear();
    if (index < 0 || index >= m_pages || TIFFSetDirectory(m_tiff, tdir_t(index)) != 1)
        return corrupt(m_path, QStringLiteral("directory %1: %2").arg(index).arg(m_lastError));
    uint32_t width = 0;
    uint32_t height = 0;
    uint16_t bitsPerSample = 1;
    uint16_t samplesPerPixel = 1;
    uint16_t photometric = PHOTOMETRIC_MINISWHITE;
    TIFFGetField(m_tiff, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(m_tiff, TIFFTAG_IMAGELENGTH, &height);
    TIFFGetFieldDefaulted(m_tiff, TIFFTAG_BITSPERSAMPLE, &bitsPerSample);
    TIFFGetFieldDefaulted(m_tiff, TIFFTAG_SAMPLESPERPIXEL, &samplesPerPixel);
    TIFFGetFieldDefaulted(m_tiff, TIFFTAG_PHOTOMETRIC, &photometric);
    if (width == 0 || height == 0)
        return corrupt(m_path, QStringLiteral("page %1 has no size").arg(index + 1));
    if (width > uint32_t(m_limits.maxSide) || height > uint32_t(m_limits.maxSide)
        || qint64(width) * qint64(height) > m_limits.maxPixels)
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("Page %1 of \"%2\" is too large to import (%3 × %4 pixels).")
                .arg(index + 1)
                .arg(m_path)
                .arg(width)
                .arg(height),
            QStringLiteral("limit %1 pixels, %2 per side").arg(m_limits.maxPixels).arg(m_limits.maxSide));

    DecodedPage page;
    page.resolution = resolutionOf(m_tiff);
    const bool bitonal = bitsPerSample == 1 && samplesPerPixel == 1
        && (photometric == PHOTOMETRIC_MINISWHITE || photometric == PHOTOMETRIC_MINISBLACK)
        && !TIFFIsTiled(m_tiff);
    if (bitonal) {
        QImage image(int(width), int(height), QImage::Format_Mono);
        if (image.isNull())
            return makeError(ErrorCode::Internal, Tr::tr("Not enough memory to import the page."));
        // The colour table follows the file, so the bits are copied unchanged.
        if (photometric == PHOTOMETRIC_MINISWHITE)
            image.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});
        else
            image.setColorTable({qRgb(0, 0, 0), qRgb(255, 255, 255)});
        const tmsize_t lineBytes = TIFFScanlineSize(m_tiff);
        std::vector<uchar> line(std::size_t(std::max<tmsize_t>(lineBytes, 1)));
        for (uint32_t y = 0; y < height; ++y) {
            if (TIFFReadScanline(m_tiff, line.data(), y, 0) != 1)
                return corrupt(m_path,
                               QStringLiteral("page %1 line %2: %3").arg(index + 1).arg(y).arg(m_lastError));
            std::memcpy(image.scanLine(int(y)), line.data(),
                        std::min<std::size_t>(std::size_t(image.bytesPerLine()), line.size()));
        }
        page.image = image;
        return page;
    }
    QImage rgba(int(width), int(height), QImage::Format_ARGB32);
    if (rgba.isNull())
        return makeError(ErrorCode::Internal, Tr::tr("Not enough memory to import the page."));
    static_assert(sizeof(uint32_t) == 4);
    // TIFFReadRGBAImageOriented writes ABGR words; QImage::Format_RGBA8888 has that byte order.
    if (TIFFReadRGBAImageOriented(m_tiff, width, height, reinterpret_cast<uint32_t *>(rgba.bits()),
                                  ORIENTATION_TOPLEFT, 0)
        != 1)
        return corrupt(m_path, QStringLiteral("page %1: %2").arg(index + 1).arg(m_lastError));
    rgba.reinterpretAsFormat(QImage::Format_RGBA8888);
    const bool gray = samplesPerPixel == 1 || photometric == PHOTOMETRIC_MINISBLACK
        || photometric == PHOTOMETRIC_MINISWHITE;
    page.image = rgba.convertToFormat(gray ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    return page;
}

} // namespace dms
