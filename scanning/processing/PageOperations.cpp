// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/PageOperations.h"

#include <QCoreApplication>
#include <QTransform>

#include <cstring>

namespace dms {

namespace {

/** A quarter turn of a 1-bit image, bit by bit (Qt's fast paths need 8 bits or more). */
QImage quarterTurnBitonal(const QImage &image, bool clockwise)
{
    const int width = image.width();
    const int height = image.height();
    QImage out(height, width, image.format());
    out.setColorTable(image.colorTable());
    const bool lsb = image.format() == QImage::Format_MonoLSB;
    for (int y = 0; y < width; ++y)
        std::memset(out.scanLine(y), 0, size_t(out.bytesPerLine()));
    for (int y = 0; y < height; ++y) {
        const uchar *in = image.constScanLine(y);
        // Clockwise: source (x, y) lands at (height - 1 - y, x); otherwise at (y, width - 1 - x).
        const int outX = clockwise ? height - 1 - y : y;
        const uchar mask = uchar(lsb ? 1u << (outX & 7) : 0x80u >> (outX & 7));
        const int byte = outX >> 3;
        for (int x = 0; x < width; ++x) {
            const bool bit = lsb ? (in[x >> 3] >> (x & 7)) & 1 : (in[x >> 3] >> (7 - (x & 7))) & 1;
            if (bit)
                out.scanLine(clockwise ? x : width - 1 - x)[byte] |= mask;
        }
    }
    return out;
}

} // namespace

QImage PageOperations::rotated(const QImage &image, PageRotation rotation)
{
    if (image.isNull() || rotation == PageRotation::None)
        return image;
    if (rotation == PageRotation::Rotate180)
        return image.mirrored(true, true);

    const bool clockwise = rotation == PageRotation::Clockwise90;
    QImage out;
    if (image.depth() == 1) {
        out = quarterTurnBitonal(image, clockwise);
    } else {
        out = image.transformed(QTransform().rotate(clockwise ? 90 : 270));
        if (out.format() != image.format())
            out = out.convertToFormat(image.format());
    }
    out.setDotsPerMeterX(image.dotsPerMeterY());
    out.setDotsPerMeterY(image.dotsPerMeterX());
    return out;
}

PageImage PageOperations::rotated(const PageImage &page, PageRotation rotation)
{
    PageImage result = page;
    result.image = rotated(page.image, rotation);
    return result;
}

Error PageOperations::indexError(qsizetype index, qsizetype count)
{
    return makeError(ErrorCode::InvalidInput, QCoreApplication::translate("dms", "There is no such page."),
                     QStringLiteral("page index %1 out of range 0..%2").arg(index).arg(count - 1));
}

Error PageOperations::duplicateError(qsizetype index)
{
    return makeError(ErrorCode::InvalidInput,
                     QCoreApplication::translate("dms", "A page was given more than once."),
                     QStringLiteral("page index %1 repeated").arg(index));
}

Error PageOperations::sizeError(qsizetype given, qsizetype count)
{
    return makeError(ErrorCode::InvalidInput,
                     QCoreApplication::translate("dms", "The new page order does not list every page once."),
                     QStringLiteral("order has %1 entries for %2 pages").arg(given).arg(count));
}

} // namespace dms
