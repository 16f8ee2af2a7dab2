// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/Deskew.h"

#include "scanning/processing/GrayImage.h"

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace dms {

namespace {

// The estimate runs on a copy of about this width: enough for 0.1° on A4.
constexpr int AnalysisWidth = 800;
constexpr int MinContrast = 40;
// Fewer dark cells than this is a blank page: nothing to straighten.
constexpr int MinDarkCells = 200;
constexpr double CoarseStep = 0.25;
constexpr double FineStep = 0.05;
constexpr double NoAngle = 0.01;

double radians(double degrees)
{
    return degrees * std::numbers::pi / 180.0;
}

struct Point
{
    float x;
    float y;
};

/** Dark cells of `gray` averaged over `factor`² blocks, centred on the page, the
 *  outer 2 % (edge shadows) left out. */
std::vector<Point> darkCells(const QImage &gray, int factor, int *rows)
{
    const int cellsX = gray.width() / factor;
    const int cellsY = gray.height() / factor;
    *rows = cellsY;
    std::vector<quint8> cells(size_t(cellsX) * size_t(cellsY));
    std::vector<quint32> sums;
    sums.resize(size_t(cellsX));
    const quint32 area = quint32(factor * factor);
    for (int cy = 0; cy < cellsY; ++cy) {
        std::fill(sums.begin(), sums.end(), 0);
        for (int dy = 0; dy < factor; ++dy) {
            const uchar *line = gray.constScanLine(cy * factor + dy);
            for (int cx = 0; cx < cellsX; ++cx) {
                const uchar *block = line + cx * factor;
                quint32 sum = 0;
                for (int dx = 0; dx < factor; ++dx)
                    sum += block[dx];
                sums[size_t(cx)] += sum;
            }
        }
        quint8 *row = cells.data() + size_t(cy) * size_t(cellsX);
        for (int cx = 0; cx < cellsX; ++cx)
            row[cx] = quint8(sums[size_t(cx)] / area);
    }

    const int borderX = cellsX / 50;
    const int borderY = cellsY / 50;
    std::array<qint64, 256> histogram {};
    qint64 samples = 0;
    for (int cy = borderY; cy < cellsY - borderY; ++cy) {
        for (int cx = borderX; cx < cellsX - borderX; ++cx)
            ++histogram[cells[size_t(cy) * size_t(cellsX) + size_t(cx)]];
        samples += std::max(0, cellsX - 2 * borderX);
    }
    int paper = 255;
    qint64 seen = 0;
    for (int level = 0; level < 256; ++level) {
        seen += histogram[size_t(level)];
        if (2 * seen >= samples) {
            paper = level;
            break;
        }
    }
    const int threshold = paper - std::max(MinContrast, paper / 5);

    std::vector<Point> points;
    const float centreX = float(cellsX) / 2.0f;
    const float centreY = float(cellsY) / 2.0f;
    for (int cy = borderY; cy < cellsY - borderY; ++cy) {
        const quint8 *row = cells.data() + size_t(cy) * size_t(cellsX);
        for (int cx = borderX; cx < cellsX - borderX; ++cx) {
            if (row[cx] < threshold)
                points.push_back({float(cx) - centreX, float(cy) - centreY});
        }
    }
    return points;
}

/** Energy (sum of squared bin counts) of the projection of `points` on the axis
 *  perpendicular to lines rotated by `degrees`: highest when the bins follow the lines. */
double profileEnergy(const std::vector<Point> &points, double degrees, std::vector<int> &bins)
{
    const float c = float(std::cos(radians(degrees)));
    const float s = float(std::sin(radians(degrees)));
    std::fill(bins.begin(), bins.end(), 0);
    const float offset = float(bins.size() / 2);
    for (const Point &p : points) {
        const int bin = int(p.y * c - p.x * s + offset + 0.5f);
        ++bins[size_t(bin)];
    }
    double energy = 0.0;
    for (const int count : bins)
        energy += double(count) * double(count);
    return energy;
}

/** Bilinear rotation of `src` into `dst` (same size) about the centre, for pixels of
 *  `Channels` samples of type T; outside samples are `white`. */
template<typename T, int Channels>
void rotateInto(const QImage &src, QImage &dst, double degrees, T white)
{
    const int width = src.width();
    const int height = src.height();
    const double c = std::cos(radians(degrees));
    const double s = std::sin(radians(degrees));
    const double centreX = (width - 1) / 2.0;
    const double centreY = (height - 1) / 2.0;
    // Output pixel (x, y) samples the source at R(-degrees)·(x, y); 16.16 fixed point.
    constexpr int Shift = 16;
    constexpr qint64 One = qint64(1) << Shift;
    const qint64 stepX = qint64(std::llround(c * One));
    const qint64 stepY = qint64(std::llround(-s * One));
    for (int y = 0; y < height; ++y) {
        T *out = reinterpret_cast<T *>(dst.scanLine(y));
        const double dy = y - centreY;
        qint64 sx = qint64(std::llround((-centreX * c + dy * s + centreX) * One));
        qint64 sy = qint64(std::llround((centreX * s + dy * c + centreY) * One));
        for (int x = 0; x < width; ++x, sx += stepX, sy += stepY, out += Channels) {
            const qint64 x0 = sx >> Shift;
            const qint64 y0 = sy >> Shift;
            const quint64 fx = quint64(sx & (One - 1)) >> 8;
            const quint64 fy = quint64(sy & (One - 1)) >> 8;
            if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) {
                for (int k = 0; k < Channels; ++k)
                    out[k] = white;
                continue;
            }
            if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
                const T *top = reinterpret_cast<const T *>(src.constScanLine(int(y0))) + x0 * Channels;
                const T *bottom = reinterpret_cast<const T *>(src.constScanLine(int(y0) + 1)) + x0 * Channels;
                for (int k = 0; k < Channels; ++k) {
                    const quint64 upper = top[k] * (256 - fx) + top[k + Channels] * fx;
                    const quint64 lower = bottom[k] * (256 - fx) + bottom[k + Channels] * fx;
                    out[k] = T((upper * (256 - fy) + lower * fy + 32768) >> 16);
                }
                continue;
            }
            // Along the edge: samples outside the source are white.
            const auto sample = [&](qint64 px, qint64 py, int k) -> quint64 {
                if (px < 0 || py < 0 || px >= width || py >= height)
                    return white;
                return reinterpret_cast<const T *>(src.constScanLine(int(py)))[px * Channels + k];
            };
            for (int k = 0; k < Channels; ++k) {
                const quint64 upper = sample(x0, y0, k) * (256 - fx) + sample(x0 + 1, y0, k) * fx;
                const quint64 lower = sample(x0, y0 + 1, k) * (256 - fx) + sample(x0 + 1, y0 + 1, k) * fx;
                out[k] = T((upper * (256 - fy) + lower * fy + 32768) >> 16);
            }
        }
    }
}

/** Gray8 `gray` thresholded into a bitonal image of `like`'s format and colour table. */
QImage toBitonal(const QImage &gray, const QImage &like)
{
    QImage out(gray.size(), like.format());
    out.setColorTable(like.colorTable());
    const bool blackIsOne = like.colorCount() < 2 || qGray(like.color(1)) < qGray(like.color(0));
    const bool lsb = like.format() == QImage::Format_MonoLSB;
    for (int y = 0; y < gray.height(); ++y) {
        const uchar *in = gray.constScanLine(y);
        uchar *line = out.scanLine(y);
        std::fill(line, line + out.bytesPerLine(), uchar(0));
        for (int x = 0; x < gray.width(); ++x) {
            if ((in[x] < 128) == blackIsOne)
                line[x >> 3] |= uchar(lsb ? 1u << (x & 7) : 0x80u >> (x & 7));
        }
    }
    return out;
}

} // namespace

double Deskew::estimateSkew(const QImage &image)
{
    if (image.isNull())
        return 0.0;
    const QImage gray = processing::toGray8(image);
    const int factor = std::max(1, gray.width() / AnalysisWidth);
    int rows = 0;
    const std::vector<Point> points = darkCells(gray, factor, &rows);
    if (points.size() < size_t(MinDarkCells))
        return 0.0;

    const int cellsX = gray.width() / factor;
    std::vector<int> bins(size_t(2 * (rows + cellsX) + 4));
    const int coarseSteps = int(std::lround(MaxAngle / CoarseStep));
    double best = 0.0;
    double bestEnergy = -1.0;
    double sumEnergy = 0.0;
    for (int i = -coarseSteps; i <= coarseSteps; ++i) {
        const double energy = profileEnergy(points, i * CoarseStep, bins);
        sumEnergy += energy;
        if (energy > bestEnergy) {
            bestEnergy = energy;
            best = i * CoarseStep;
        }
    }
    // No angle stands out: no text lines (a photo, noise), so do not rotate.
    if (bestEnergy < 1.05 * sumEnergy / (2 * coarseSteps + 1))
        return 0.0;

    const int fineSteps = int(std::lround(CoarseStep / FineStep));
    const double centre = best;
    std::vector<double> energies;
    for (int i = -fineSteps; i <= fineSteps; ++i)
        energies.push_back(profileEnergy(points, centre + i * FineStep, bins));
    const auto top = std::max_element(energies.begin(), energies.end());
    const int at = int(top - energies.begin());
    best = centre + (at - fineSteps) * FineStep;
    if (at > 0 && at + 1 < int(energies.size())) {
        const double left = energies[size_t(at - 1)];
        const double right = energies[size_t(at + 1)];
        const double curvature = left - 2 * *top + right;
        if (curvature < 0)
            best += FineStep * 0.5 * (left - right) / curvature;
    }
    return std::clamp(best, -MaxAngle, MaxAngle);
}

QImage Deskew::rotated(const QImage &image, double degrees)
{
    if (image.isNull() || std::abs(degrees) < NoAngle)
        return image;
    QImage out;
    switch (image.format()) {
    case QImage::Format_Mono:
    case QImage::Format_MonoLSB: {
        const QImage gray = processing::toGray8(image);
        QImage turned(gray.size(), QImage::Format_Grayscale8);
        rotateInto<quint8, 1>(gray, turned, degrees, 255);
        out = toBitonal(turned, image);
        break;
    }
    case QImage::Format_Grayscale8:
        out = QImage(image.size(), image.format());
        rotateInto<quint8, 1>(image, out, degrees, 255);
        break;
    case QImage::Format_Grayscale16:
        out = QImage(image.size(), image.format());
        rotateInto<quint16, 1>(image, out, degrees, 65535);
        break;
    case QImage::Format_RGB888:
    case QImage::Format_BGR888:
        out = QImage(image.size(), image.format());
        rotateInto<quint8, 3>(image, out, degrees, 255);
        break;
    case QImage::Format_RGB32:
    case QImage::Format_ARGB32:
        // All four bytes at 255: opaque white.
        out = QImage(image.size(), image.format());
        rotateInto<quint8, 4>(image, out, degrees, 255);
        break;
    default: {
        const QImage rgb = image.convertToFormat(QImage::Format_ARGB32);
        QImage turned(rgb.size(), QImage::Format_ARGB32);
        rotateInto<quint8, 4>(rgb, turned, degrees, 255);
        out = turned.convertToFormat(image.format());
        break;
    }
    }
    out.setDotsPerMeterX(image.dotsPerMeterX());
    out.setDotsPerMeterY(image.dotsPerMeterY());
    return out;
}

PageImage Deskew::deskew(const PageImage &page)
{
    PageImage result = page;
    result.image = rotated(page.image, -estimateSkew(page.image));
    return result;
}

} // namespace dms
