// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/PaperBackground.h"

#include <array>

namespace dms {

namespace {

// Only a peak in the bright half of the scale can be paper.
constexpr int DarkestPaper = 128;
// A neighbour level belongs to the peak while it holds at least 1/8 of the peak's pixels.
constexpr qint64 BandFraction = 8;

} // namespace

PaperBackground::Band PaperBackground::estimate(const QImage &gray8)
{
    if (gray8.isNull() || gray8.format() != QImage::Format_Grayscale8)
        return {};
    std::array<qint64, 256> histogram {};
    const int width = gray8.width();
    for (int y = 0; y < gray8.height(); ++y) {
        const uchar *row = gray8.constScanLine(y);
        for (int x = 0; x < width; ++x)
            ++histogram[row[x]];
    }
    int paper = DarkestPaper;
    for (int level = DarkestPaper; level < 256; ++level) {
        if (histogram[size_t(level)] > histogram[size_t(paper)])
            paper = level;
    }
    const qint64 threshold = std::max<qint64>(1, histogram[size_t(paper)] / BandFraction);
    int lowest = paper;
    while (lowest > paper - MaxNoiseLevels && histogram[size_t(lowest - 1)] >= threshold)
        --lowest;
    int highest = paper;
    while (highest < std::min(255, paper + MaxNoiseLevels) && histogram[size_t(highest + 1)] >= threshold)
        ++highest;
    const qint64 total = qint64(width) * gray8.height();
    qint64 inBand = 0;
    qint64 levelSum = 0;
    for (int level = lowest; level <= highest; ++level) {
        inBand += histogram[size_t(level)];
        levelSum += histogram[size_t(level)] * level;
    }
    if (inBand * 2 < total)
        return {};
    // The band's mean, not its peak: with flat noise any level of it may peak.
    return Band {int((levelSum + inBand / 2) / inBand), lowest, highest};
}

QImage PaperBackground::flatten(const QImage &image)
{
    const Band band = estimate(image);
    if (!band.isValid() || band.lowest == band.highest)
        return image;
    std::array<uchar, 256> map {};
    for (int level = 0; level < 256; ++level)
        map[size_t(level)] = uchar(level >= band.lowest && level <= band.highest ? band.paper : level);
    QImage flat = image.copy();
    const int width = flat.width();
    for (int y = 0; y < flat.height(); ++y) {
        uchar *row = flat.scanLine(y);
        for (int x = 0; x < width; ++x)
            row[x] = map[row[x]];
    }
    return flat;
}

} // namespace dms
