// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to scanning/processing: the 8-bit gray view the analyses work on.

#include <QImage>

#include <array>

namespace dms::processing {

/** `image` as Format_Grayscale8 (shared, not copied, when it already is). Bitonal
 *  images are expanded by table (Qt's generic path is ~10× slower on A4 300 dpi). */
inline QImage toGray8(const QImage &image)
{
    if (image.format() == QImage::Format_Grayscale8 || image.isNull())
        return image;
    if (image.format() != QImage::Format_Mono && image.format() != QImage::Format_MonoLSB)
        return image.convertToFormat(QImage::Format_Grayscale8);

    const uchar zero = uchar(qGray(image.colorCount() > 0 ? image.color(0) : qRgb(0, 0, 0)));
    const uchar one = uchar(qGray(image.colorCount() > 1 ? image.color(1) : qRgb(255, 255, 255)));
    const bool lsb = image.format() == QImage::Format_MonoLSB;
    std::array<std::array<uchar, 8>, 256> expand {};
    for (int byte = 0; byte < 256; ++byte) {
        for (int bit = 0; bit < 8; ++bit) {
            const bool set = lsb ? (byte >> bit) & 1 : (byte >> (7 - bit)) & 1;
            expand[size_t(byte)][size_t(bit)] = set ? one : zero;
        }
    }
    QImage gray(image.size(), QImage::Format_Grayscale8);
    gray.setDotsPerMeterX(image.dotsPerMeterX());
    gray.setDotsPerMeterY(image.dotsPerMeterY());
    const int width = image.width();
    for (int y = 0; y < image.height(); ++y) {
        const uchar *in = image.constScanLine(y);
        uchar *out = gray.scanLine(y);
        int x = 0;
        for (; x + 8 <= width; x += 8) {
            const auto &bits = expand[in[x >> 3]];
            std::copy(bits.begin(), bits.end(), out + x);
        }
        for (; x < width; ++x)
            out[x] = expand[in[x >> 3]][size_t(x & 7)];
    }
    return gray;
}

} // namespace dms::processing
