// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Synthetic A4 pages for the page-processing tests. Drawing text needs a
// QGuiApplication (QTEST_MAIN).

#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QRandomGenerator>

#include <algorithm>

namespace dms::testpages {

// A4 at 300 dpi.
constexpr int A4Width = 2480;
constexpr int A4Height = 3508;
constexpr int Dpi = 300;

inline int mm(double millimetres)
{
    return int(millimetres * Dpi / 25.4 + 0.5);
}

/** A blank sheet of paper of brightness `paper`, Grayscale8. */
inline QImage paper(int paper = 255)
{
    QImage image(A4Width, A4Height, QImage::Format_Grayscale8);
    image.fill(QColor(paper, paper, paper));
    image.setDotsPerMeterX(11811);
    image.setDotsPerMeterY(11811);
    return image;
}

/** Scanner noise: every pixel ±`amplitude`, plus `specks` black dots of 1–3 px. */
inline void addNoise(QImage &gray, int amplitude, int specks, quint32 seed)
{
    QRandomGenerator random(seed);
    for (int y = 0; y < gray.height(); ++y) {
        uchar *line = gray.scanLine(y);
        for (int x = 0; x < gray.width(); ++x) {
            const int value = line[x] + int(random.bounded(2 * amplitude + 1)) - amplitude;
            line[x] = uchar(std::clamp(value, 0, 255));
        }
    }
    for (int i = 0; i < specks; ++i) {
        const int size = 1 + int(random.bounded(3));
        const int x = int(random.bounded(gray.width() - size));
        const int y = int(random.bounded(gray.height() - size));
        for (int dy = 0; dy < size; ++dy)
            std::fill_n(gray.scanLine(y + dy) + x, size, uchar(20));
    }
}

/** The dark band a feeder leaves along the left and top edges (within 6 mm). */
inline void addEdgeShadow(QImage &gray)
{
    for (int y = 0; y < gray.height(); ++y) {
        uchar *line = gray.scanLine(y);
        for (int x = 0; x < mm(6); ++x)
            line[x] = uchar(std::min<int>(line[x], 30 + 200 * x / mm(6)));
    }
    for (int y = 0; y < mm(4); ++y) {
        uchar *line = gray.scanLine(y);
        for (int x = 0; x < gray.width(); ++x)
            line[x] = uchar(std::min<int>(line[x], 40 + 190 * y / mm(4)));
    }
}

/** A handwritten-like signature, about 45 × 15 mm, 0.5 mm pen, in the lower right. */
inline void addSignature(QImage &image, const QColor &ink)
{
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(ink, mm(0.5), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    const QPointF origin(mm(130), mm(240));
    QPainterPath path(origin);
    path.cubicTo(origin + QPointF(mm(5), -mm(15)), origin + QPointF(mm(10), mm(5)),
                 origin + QPointF(mm(14), -mm(3)));
    path.cubicTo(origin + QPointF(mm(18), -mm(12)), origin + QPointF(mm(22), mm(6)),
                 origin + QPointF(mm(27), 0));
    path.cubicTo(origin + QPointF(mm(31), -mm(8)), origin + QPointF(mm(36), mm(4)),
                 origin + QPointF(mm(45), -mm(2)));
    painter.drawPath(path);
}

/** `lines` lines of 12 pt text in `ink` (antialiased), starting 40 mm from the top. */
inline void addText(QImage &image, const QColor &ink, int lines)
{
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(ink);
    QFont font(QStringLiteral("DejaVu Serif"));
    font.setPixelSize(50);
    painter.setFont(font);
    const QString text
        = QStringLiteral("Заявителят е представил всички изискуеми документи, таксата е платена %1.");
    for (int i = 0; i < lines; ++i)
        painter.drawText(QPointF(mm(25), mm(40) + i * 75), text.arg(i + 1));
}

/** `image` (Grayscale8) as a scanner in Lineart mode would deliver it. */
inline QImage toMono(const QImage &gray)
{
    return gray.convertToFormat(QImage::Format_Mono, Qt::ThresholdDither | Qt::MonoOnly);
}

} // namespace dms::testpages
