// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/PageThumbnail.h"

#include <algorithm>
#include <vector>

namespace dms {

namespace {

/** Averages factor × factor blocks of a 1-bit image (1 = black) into gray. */
QImage boxMono(const QImage &mono, int factor)
{
    const bool oneIsBlack = mono.colorCount() < 2 || qGray(mono.color(1)) < qGray(mono.color(0));
    const int outWidth = mono.width() / factor;
    const int outHeight = mono.height() / factor;
    QImage out(outWidth, outHeight, QImage::Format_Grayscale8);
    std::vector<int> black(static_cast<std::size_t>(outWidth));
    const int area = factor * factor;
    for (int oy = 0; oy < outHeight; ++oy) {
        std::fill(black.begin(), black.end(), 0);
        for (int dy = 0; dy < factor; ++dy) {
            const uchar *line = mono.constScanLine(oy * factor + dy);
            for (int ox = 0; ox < outWidth; ++ox) {
                int count = 0;
                for (int x = ox * factor; x < (ox + 1) * factor; ++x)
                    count += (line[x >> 3] >> (7 - (x & 7))) & 1;
                black[std::size_t(ox)] += count;
            }
        }
        uchar *outLine = out.scanLine(oy);
        for (int ox = 0; ox < outWidth; ++ox) {
            const int ones = black[std::size_t(ox)];
            const int dark = oneIsBlack ? ones : area - ones;
            outLine[ox] = uchar(255 - dark * 255 / area);
        }
    }
    return out;
}

/** Averages factor × factor blocks of an 8-bit-per-channel image with `channels` channels. */
QImage boxBytes(const QImage &image, int factor, int channels, QImage::Format format)
{
    const int outWidth = image.width() / factor;
    const int outHeight = image.height() / factor;
    QImage out(outWidth, outHeight, format);
    std::vector<int> sums(std::size_t(outWidth) * std::size_t(channels));
    const int area = factor * factor;
    for (int oy = 0; oy < outHeight; ++oy) {
        std::fill(sums.begin(), sums.end(), 0);
        for (int dy = 0; dy < factor; ++dy) {
            const uchar *line = image.constScanLine(oy * factor + dy);
            for (int ox = 0; ox < outWidth; ++ox) {
                const uchar *block = line + std::size_t(ox) * std::size_t(factor) * std::size_t(channels);
                for (int dx = 0; dx < factor; ++dx) {
                    for (int c = 0; c < channels; ++c)
                        sums[std::size_t(ox * channels + c)] += block[dx * channels + c];
                }
            }
        }
        uchar *outLine = out.scanLine(oy);
        for (std::size_t i = 0; i < sums.size(); ++i)
            outLine[i] = uchar(sums[i] / area);
    }
    return out;
}

} // namespace

QImage PageThumbnail::make(const QImage &image, int maxSide)
{
    if (image.isNull() || maxSide <= 0)
        return {};
    const int longest = std::max(image.width(), image.height());
    // Box-average down to between 1× and 2× the target, then scale smoothly.
    const int factor = std::max(1, longest / (2 * maxSide));
    QImage reduced;
    if (factor == 1) {
        reduced = image;
    } else if (image.format() == QImage::Format_Mono || image.format() == QImage::Format_MonoLSB) {
        reduced = boxMono(image.convertToFormat(QImage::Format_Mono), factor);
    } else if (image.format() == QImage::Format_Grayscale8) {
        reduced = boxBytes(image, factor, 1, QImage::Format_Grayscale8);
    } else if (image.format() == QImage::Format_Grayscale16) {
        reduced = boxBytes(image.convertToFormat(QImage::Format_Grayscale8), factor, 1,
                           QImage::Format_Grayscale8);
    } else {
        const QImage rgb
            = image.format() == QImage::Format_RGB888 ? image : image.convertToFormat(QImage::Format_RGB888);
        reduced = boxBytes(rgb, factor, 3, QImage::Format_RGB888);
    }
    if (reduced.format() != QImage::Format_Grayscale8 && reduced.format() != QImage::Format_RGB888) {
        const bool gray = reduced.format() == QImage::Format_Mono
            || reduced.format() == QImage::Format_MonoLSB || reduced.format() == QImage::Format_Grayscale16;
        reduced = reduced.convertToFormat(gray ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    }
    if (std::max(reduced.width(), reduced.height()) <= maxSide)
        return reduced;
    return reduced.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

} // namespace dms
