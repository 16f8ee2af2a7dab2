// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/Binarizer.h"

#include <array>

namespace dms {

int Binarizer::otsuThreshold(const QImage &gray8)
{
    std::array<qint64, 256> histogram {};
    for (int y = 0; y < gray8.height(); ++y) {
        const uchar *line = gray8.constScanLine(y);
        for (int x = 0; x < gray8.width(); ++x)
            ++histogram[line[x]];
    }
    const double total = double(gray8.width()) * gray8.height();
    double sumAll = 0;
    for (int i = 0; i < 256; ++i)
        sumAll += double(i) * double(histogram[i]);
    double sumBelow = 0;
    double weightBelow = 0;
    double bestVariance = -1;
    int best = 128;
    for (int t = 0; t < 255; ++t) {
        weightBelow += double(histogram[t]);
        if (weightBelow == 0)
            continue;
        const double weightAbove = total - weightBelow;
        if (weightAbove == 0)
            break;
        sumBelow += double(t) * double(histogram[t]);
        const double meanBelow = sumBelow / weightBelow;
        const double meanAbove = (sumAll - sumBelow) / weightAbove;
        const double variance = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove);
        if (variance > bestVariance) {
            bestVariance = variance;
            best = t + 1;
        }
    }
    // A page with one gray level (blank) has no split: keep it white.
    return bestVariance <= 0 ? 1 : best;
}

QImage Binarizer::binarize(const QImage &image)
{
    if (image.isNull() || image.format() == QImage::Format_Mono)
        return image;
    const QImage gray = image.format() == QImage::Format_Grayscale8
        ? image
        : image.convertToFormat(QImage::Format_Grayscale8);
    const int threshold = otsuThreshold(gray);
    QImage mono(gray.size(), QImage::Format_Mono);
    mono.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});
    mono.setDotsPerMeterX(image.dotsPerMeterX());
    mono.setDotsPerMeterY(image.dotsPerMeterY());
    for (int y = 0; y < gray.height(); ++y) {
        const uchar *in = gray.constScanLine(y);
        uchar *out = mono.scanLine(y);
        const int bytes = (gray.width() + 7) / 8;
        for (int b = 0; b < bytes; ++b) {
            uchar bits = 0;
            const int start = b * 8;
            const int end = std::min(start + 8, gray.width());
            for (int x = start; x < end; ++x) {
                if (in[x] < threshold)
                    bits |= uchar(0x80 >> (x - start));
            }
            out[b] = bits;
        }
    }
    return mono;
}

} // namespace dms
