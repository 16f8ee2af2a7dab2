// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/BarcodeReader.h"

#include <cstring>
#include <vector>
#include <zbar.h>

using namespace zbar;

namespace dms {

QStringList BarcodeReader::read(const QImage &image, int dpi)
{
    if (image.isNull())
        return {};
    QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    if (dpi > 200)
        gray = gray.scaled(gray.width() / 2, gray.height() / 2, Qt::IgnoreAspectRatio,
                           Qt::SmoothTransformation);
    const int width = gray.width();
    const int height = gray.height();
    // zbar wants packed rows.
    std::vector<unsigned char> pixels(std::size_t(width) * std::size_t(height));
    for (int y = 0; y < height; ++y)
        std::memcpy(pixels.data() + std::size_t(y) * std::size_t(width), gray.constScanLine(y),
                    std::size_t(width));

    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *zimage = zbar_image_create();
    zbar_image_set_format(zimage, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zimage, unsigned(width), unsigned(height));
    zbar_image_set_data(zimage, pixels.data(), pixels.size(), nullptr);
    QStringList texts;
    if (zbar_scan_image(scanner, zimage) > 0) {
        for (const zbar_symbol_t *symbol = zbar_image_first_symbol(zimage); symbol;
             symbol = zbar_symbol_next(symbol))
            texts.append(
                QString::fromUtf8(zbar_symbol_get_data(symbol), int(zbar_symbol_get_data_length(symbol))));
    }
    zbar_image_destroy(zimage);
    zbar_image_scanner_destroy(scanner);
    return texts;
}

} // namespace dms
