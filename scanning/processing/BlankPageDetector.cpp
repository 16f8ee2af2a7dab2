// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/BlankPageDetector.h"

#include "scanning/processing/GrayImage.h"

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace dms {

namespace {

constexpr int DefaultDpi = 300;
// Dark components smaller than this in both directions are dust or sensor noise;
// a letter of 8 pt type is larger.
constexpr double SpeckMm = 0.8;
// Ink must be this much darker than the paper (at least; more on bright paper), so
// that noise and soft shadows are not ink but light-gray print still is.
constexpr int MinContrast = 40;

/** One horizontal run of dark pixels, [x0, x1], and its component label. */
struct Run
{
    int x0;
    int x1;
    int label;
};

/** Connected dark components (8-connectivity) built from runs with union-find. */
class Components
{
public:
    int add(int x0, int x1, int y)
    {
        const int label = int(m_parent.size());
        m_parent.push_back(label);
        m_stats.push_back({x0, x1, y, y, qint64(x1 - x0 + 1)});
        return label;
    }

    void unite(int a, int b)
    {
        a = find(a);
        b = find(b);
        if (a == b)
            return;
        if (a > b)
            std::swap(a, b);
        m_parent[b] = a;
        Stats &into = m_stats[a];
        const Stats &from = m_stats[b];
        into.minX = std::min(into.minX, from.minX);
        into.maxX = std::max(into.maxX, from.maxX);
        into.minY = std::min(into.minY, from.minY);
        into.maxY = std::max(into.maxY, from.maxY);
        into.pixels += from.pixels;
    }

    int find(int label)
    {
        while (m_parent[label] != label) {
            m_parent[label] = m_parent[m_parent[label]];
            label = m_parent[label];
        }
        return label;
    }

    /** Pixels in components at least `minSize` wide or tall. */
    qint64 pixelsInComponents(int minSize) const
    {
        qint64 total = 0;
        for (size_t i = 0; i < m_parent.size(); ++i) {
            if (m_parent[i] != int(i))
                continue;
            const Stats &s = m_stats[i];
            if (s.maxX - s.minX + 1 >= minSize || s.maxY - s.minY + 1 >= minSize)
                total += s.pixels;
        }
        return total;
    }

private:
    struct Stats
    {
        int minX;
        int maxX;
        int minY;
        int maxY;
        qint64 pixels;
    };
    std::vector<int> m_parent;
    std::vector<Stats> m_stats;
};

/** Median brightness of the rectangle, from every 4th row: the paper's level on any
 *  page that is mostly paper, which is every page that could be blank. */
int paperLevel(const QImage &gray, const QRect &area)
{
    std::array<qint64, 256> histogram {};
    qint64 samples = 0;
    for (int y = area.top(); y <= area.bottom(); y += 4) {
        const uchar *line = gray.constScanLine(y);
        for (int x = area.left(); x <= area.right(); ++x)
            ++histogram[line[x]];
        samples += area.width();
    }
    qint64 seen = 0;
    for (int level = 0; level < 256; ++level) {
        seen += histogram[size_t(level)];
        if (2 * seen >= samples)
            return level;
    }
    return 255;
}

} // namespace

BlankPageVerdict BlankPageDetector::detect(const PageImage &page, const BlankPageRule &rule)
{
    BlankPageVerdict verdict;
    verdict.inkCoverage = inkCoverage(page.image, page.resolution, rule.marginMm);
    verdict.blank = rule.enabled && verdict.inkCoverage <= rule.maxInkCoverage;
    return verdict;
}

double BlankPageDetector::inkCoverage(const QImage &image, int dpi, int marginMm)
{
    if (image.isNull())
        return 0.0;
    if (dpi <= 0)
        dpi = DefaultDpi;
    const QImage gray = processing::toGray8(image);
    const int width = gray.width();
    const int height = gray.height();
    int margin = int(std::lround(std::max(0, marginMm) * dpi / 25.4));
    margin = std::min({margin, (width - 1) / 2, (height - 1) / 2});
    const QRect area(margin, margin, width - 2 * margin, height - 2 * margin);

    const int paper = paperLevel(gray, area);
    const int threshold = paper - std::max(MinContrast, paper / 5);
    const int speckPixels = std::max(2, int(std::ceil(SpeckMm * dpi / 25.4)));

    Components components;
    std::vector<Run> previous;
    std::vector<Run> current;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        const uchar *line = gray.constScanLine(y);
        current.clear();
        size_t p = 0;
        int x = area.left();
        while (x <= area.right()) {
            if (line[x] >= threshold) {
                ++x;
                continue;
            }
            const int x0 = x;
            while (x <= area.right() && line[x] < threshold)
                ++x;
            const int x1 = x - 1;
            int label = -1;
            // Runs of the previous row touching [x0 - 1, x1 + 1] (8-connectivity).
            while (p < previous.size() && previous[p].x1 < x0 - 1)
                ++p;
            for (size_t q = p; q < previous.size() && previous[q].x0 <= x1 + 1; ++q) {
                if (label < 0)
                    label = components.find(previous[q].label);
                else
                    components.unite(label, previous[q].label);
            }
            if (label < 0) {
                label = components.add(x0, x1, y);
            } else {
                const int run = components.add(x0, x1, y);
                components.unite(label, run);
            }
            current.push_back({x0, x1, label});
        }
        std::swap(previous, current);
    }
    const qint64 ink = components.pixelsInComponents(speckPixels);
    return double(ink) / (double(area.width()) * double(area.height()));
}

} // namespace dms
