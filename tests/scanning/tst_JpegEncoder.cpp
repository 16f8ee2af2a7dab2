// SPDX-License-Identifier: GPL-3.0-or-later
// JpegEncoder: progressive JPEG with our 3-scan (gray) / 5-scan (colour)
// script, read back by Qt's decoder (libjpeg) as an independent check.
#include "scanning/pdf/JpegEncoder.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QImageReader>
#include <QPainter>
#include <QTest>

#include <cmath>

using namespace dms;

namespace {

/** Marker counts and the SOF type of a JPEG stream, walked segment by segment. */
struct Markers
{
    int startOfFrame = -1; ///< 0xC0 baseline, 0xC2 progressive
    int scans = 0;
    int jfifUnits = -1;
    int jfifXDensity = -1;
};

Markers markersOf(const QByteArray &jpeg)
{
    Markers found;
    const auto *bytes = reinterpret_cast<const uchar *>(jpeg.constData());
    qsizetype at = 2; // after SOI
    while (at + 4 <= jpeg.size()) {
        if (bytes[at] != 0xFF)
            return found;
        const int marker = bytes[at + 1];
        if (marker == 0xD9)
            break;
        const int length = (bytes[at + 2] << 8) | bytes[at + 3];
        if (marker == 0xC0 || marker == 0xC2)
            found.startOfFrame = marker;
        if (marker == 0xE0 && length >= 14 && jpeg.mid(at + 4, 5) == QByteArrayLiteral("JFIF\0")) {
            found.jfifUnits = bytes[at + 11];
            found.jfifXDensity = (bytes[at + 12] << 8) | bytes[at + 13];
        }
        at += 2 + length;
        if (marker == 0xDA) {
            ++found.scans;
            // Skip the entropy-coded data: 0xFF is followed by 0x00 or a restart marker there.
            while (at + 1 < jpeg.size()
                   && !(bytes[at] == 0xFF && bytes[at + 1] != 0x00
                        && (bytes[at + 1] < 0xD0 || bytes[at + 1] > 0xD7)))
                ++at;
        }
    }
    return found;
}

QImage decode(const QByteArray &jpeg)
{
    QBuffer buffer;
    buffer.setData(jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "jpeg");
    return reader.read();
}

QImage textPage(QImage::Format format)
{
    QImage page(1240, 1754, format); // A4 at 150 dpi
    page.fill(QColor(236, 232, 220));
    QPainter painter(&page);
    painter.setPen(QColor(20, 30, 120));
    QFont font = painter.font();
    font.setPixelSize(28);
    painter.setFont(font);
    for (int line = 0; line < 40; ++line)
        painter.drawText(100, 120 + line * 38,
                         QStringLiteral("Заявление за издаване на удостоверение %1").arg(line));
    return page;
}

double psnr(const QImage &a, const QImage &b)
{
    const QImage x = a.convertToFormat(QImage::Format_Grayscale8);
    const QImage y = b.convertToFormat(QImage::Format_Grayscale8);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        const uchar *p = x.constScanLine(row);
        const uchar *q = y.constScanLine(row);
        for (int col = 0; col < x.width(); ++col)
            sum += double(p[col] - q[col]) * double(p[col] - q[col]);
    }
    const double mse = sum / double(x.width() * x.height());
    return mse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 / mse);
}

} // namespace

class tst_JpegEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void grayIsProgressiveWithThreeScans()
    {
        const QImage page = textPage(QImage::Format_Grayscale8);
        const auto jpeg = JpegEncoder::encode(page, 50, 150);
        QVERIFY2(jpeg.ok(), qPrintable(jpeg.ok() ? QString() : jpeg.error().message));
        const Markers markers = markersOf(*jpeg);
        QCOMPARE(markers.startOfFrame, 0xC2);
        QCOMPARE(markers.scans, 3);
        QCOMPARE(markers.jfifUnits, 1);
        QCOMPARE(markers.jfifXDensity, 150);
        const QImage decoded = decode(*jpeg);
        QCOMPARE(decoded.size(), page.size());
        QVERIFY(decoded.isGrayscale());
        QVERIFY2(psnr(page, decoded) > 30, qPrintable(QString::number(psnr(page, decoded))));
    }

    void colourHasFiveScansAndKeepsTheColour()
    {
        const QImage page = textPage(QImage::Format_RGB888);
        const auto jpeg = JpegEncoder::encode(page, 75, 300);
        QVERIFY(jpeg.ok());
        const Markers markers = markersOf(*jpeg);
        QCOMPARE(markers.startOfFrame, 0xC2);
        QCOMPARE(markers.scans, 5);
        QCOMPARE(markers.jfifXDensity, 300);
        const QImage decoded = decode(*jpeg);
        QCOMPARE(decoded.size(), page.size());
        QVERIFY(!decoded.isGrayscale());
        const QColor paper = decoded.pixelColor(10, 10);
        QVERIFY2(std::abs(paper.red() - 236) <= 3 && std::abs(paper.blue() - 220) <= 3,
                 qPrintable(paper.name()));
    }

    void higherQualityIsLargerAndCloser()
    {
        const QImage page = textPage(QImage::Format_Grayscale8);
        const auto low = JpegEncoder::encode(page, 30, 150);
        const auto high = JpegEncoder::encode(page, 90, 150);
        QVERIFY(low.ok() && high.ok());
        QVERIFY(high->size() > low->size());
        QVERIFY(psnr(page, decode(*high)) > psnr(page, decode(*low)));
    }

    void refusesWhatItCannotEncode_data()
    {
        QTest::addColumn<QImage>("image");
        QTest::addColumn<int>("quality");
        QTest::newRow("null image") << QImage() << 50;
        QTest::newRow("alpha channel") << textPage(QImage::Format_ARGB32) << 50;
        QTest::newRow("bitonal") << textPage(QImage::Format_Grayscale8).convertToFormat(QImage::Format_Mono)
                                 << 50;
        QTest::newRow("quality 0") << textPage(QImage::Format_Grayscale8) << 0;
        QTest::newRow("quality 101") << textPage(QImage::Format_Grayscale8) << 101;
    }
    void refusesWhatItCannotEncode()
    {
        QFETCH(QImage, image);
        QFETCH(int, quality);
        const auto jpeg = JpegEncoder::encode(image, quality, 300);
        QVERIFY(!jpeg.ok());
        QCOMPARE(jpeg.error().code, ErrorCode::Internal);
        QVERIFY(!jpeg.error().message.isEmpty());
    }

    void tinyAndOddSizedPages()
    {
        // Sizes not a multiple of the 8×8 block, down to one pixel.
        for (const QSize size : {QSize(1, 1), QSize(7, 9), QSize(17, 1)}) {
            QImage page(size, QImage::Format_Grayscale8);
            page.fill(128);
            const auto jpeg = JpegEncoder::encode(page, 50, 300);
            QVERIFY(jpeg.ok());
            QCOMPARE(decode(*jpeg).size(), size);
        }
    }
};

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    tst_JpegEncoder test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_JpegEncoder.moc"
