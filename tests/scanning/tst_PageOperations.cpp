// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/processing/PageOperations.h"

#include <QRandomGenerator>
#include <QTest>

using namespace dms;

namespace {

/** A `width`×`height` image of random pixels in `format` (odd sizes exercise padding). */
QImage randomImage(QImage::Format format, int width, int height, quint32 seed)
{
    QImage image(width, height, format);
    if (format == QImage::Format_Mono || format == QImage::Format_MonoLSB)
        image.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});
    QRandomGenerator random(seed);
    for (int y = 0; y < height; ++y) {
        uchar *line = image.scanLine(y);
        for (qsizetype i = 0; i < image.bytesPerLine(); ++i)
            line[i] = uchar(random.bounded(256));
    }
    image.setDotsPerMeterX(11811);
    image.setDotsPerMeterY(7874);
    return image;
}

QRgba64 at(const QImage &image, int x, int y)
{
    return image.pixelColor(x, y).rgba64();
}

} // namespace

class tst_PageOperations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rotateIsLossless_data()
    {
        QTest::addColumn<QImage::Format>("format");
        QTest::newRow("mono") << QImage::Format_Mono;
        QTest::newRow("mono-lsb") << QImage::Format_MonoLSB;
        QTest::newRow("gray8") << QImage::Format_Grayscale8;
        QTest::newRow("gray16") << QImage::Format_Grayscale16;
        QTest::newRow("rgb888") << QImage::Format_RGB888;
        QTest::newRow("rgb32") << QImage::Format_RGB32;
    }

    void rotateIsLossless()
    {
        QFETCH(QImage::Format, format);
        const int width = 37;
        const int height = 23;
        const QImage image = randomImage(format, width, height, 7);

        const QImage cw = PageOperations::rotated(image, PageRotation::Clockwise90);
        const QImage half = PageOperations::rotated(image, PageRotation::Rotate180);
        const QImage ccw = PageOperations::rotated(image, PageRotation::Clockwise270);
        for (const QImage *turned : {&cw, &half, &ccw}) {
            QCOMPARE(turned->format(), format);
            QCOMPARE(turned->colorTable(), image.colorTable());
        }
        QCOMPARE(cw.size(), QSize(height, width));
        QCOMPARE(ccw.size(), QSize(height, width));
        QCOMPARE(half.size(), image.size());
        QCOMPARE(cw.dotsPerMeterX(), image.dotsPerMeterY());
        QCOMPARE(cw.dotsPerMeterY(), image.dotsPerMeterX());
        QCOMPARE(half.dotsPerMeterX(), image.dotsPerMeterX());

        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                const QRgba64 source = at(image, x, y);
                if (at(cw, height - 1 - y, x) != source)
                    QFAIL(qPrintable(QStringLiteral("90° differs at %1,%2").arg(x).arg(y)));
                if (at(half, width - 1 - x, height - 1 - y) != source)
                    QFAIL(qPrintable(QStringLiteral("180° differs at %1,%2").arg(x).arg(y)));
                if (at(ccw, y, width - 1 - x) != source)
                    QFAIL(qPrintable(QStringLiteral("270° differs at %1,%2").arg(x).arg(y)));
            }
        }

        QImage round = image;
        for (int i = 0; i < 4; ++i)
            round = PageOperations::rotated(round, PageRotation::Clockwise90);
        QCOMPARE(round, image);
        QCOMPARE(PageOperations::rotated(cw, PageRotation::Clockwise270), image);
        QCOMPARE(PageOperations::rotated(image, PageRotation::None), image);
    }

    void rotatePageKeepsMetadata()
    {
        const PageImage page {randomImage(QImage::Format_Mono, 2480, 3508, 3), 300, ColorMode::Lineart, 4};
        const PageImage turned = PageOperations::rotated(page, PageRotation::Clockwise90);
        QCOMPARE(turned.image.size(), QSize(3508, 2480));
        QCOMPARE(turned.image.format(), QImage::Format_Mono);
        QCOMPARE(turned.resolution, 300);
        QCOMPARE(turned.mode, ColorMode::Lineart);
        QCOMPARE(turned.index, 4);
        QCOMPARE(PageOperations::rotated(turned, PageRotation::Clockwise270).image, page.image);
        QVERIFY(PageOperations::rotated(QImage(), PageRotation::Clockwise90).isNull());
    }

    void moved_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("first to last") << 0 << 3 << QList<int> {1, 2, 3, 0};
        QTest::newRow("last to first") << 3 << 0 << QList<int> {3, 0, 1, 2};
        QTest::newRow("middle") << 1 << 2 << QList<int> {0, 2, 1, 3};
        QTest::newRow("same place") << 2 << 2 << QList<int> {0, 1, 2, 3};
    }

    void moved()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(QList<int>, expected);
        const auto result = PageOperations::moved(QList<int> {0, 1, 2, 3}, from, to);
        QVERIFY(result.ok());
        QCOMPARE(*result, expected);
    }

    void movedRejectsBadIndexes_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::newRow("from negative") << -1 << 0;
        QTest::newRow("from past end") << 4 << 0;
        QTest::newRow("to negative") << 0 << -1;
        QTest::newRow("to past end") << 0 << 4;
    }

    void movedRejectsBadIndexes()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        const auto result = PageOperations::moved(QList<int> {0, 1, 2, 3}, from, to);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY(!result.error().message.isEmpty());
    }

    void removed_data()
    {
        QTest::addColumn<QList<int>>("indexes");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("none") << QList<int> {} << true << QList<int> {10, 11, 12, 13};
        QTest::newRow("one") << QList<int> {1} << true << QList<int> {10, 12, 13};
        QTest::newRow("unsorted") << QList<int> {3, 0} << true << QList<int> {11, 12};
        QTest::newRow("all") << QList<int> {2, 1, 3, 0} << true << QList<int> {};
        QTest::newRow("repeated") << QList<int> {1, 1} << false << QList<int> {};
        QTest::newRow("out of range") << QList<int> {4} << false << QList<int> {};
        QTest::newRow("negative") << QList<int> {-1} << false << QList<int> {};
    }

    void removed()
    {
        QFETCH(QList<int>, indexes);
        QFETCH(bool, ok);
        QFETCH(QList<int>, expected);
        const QList<int> pages {10, 11, 12, 13};
        const auto result = PageOperations::removed(pages, indexes);
        QCOMPARE(result.ok(), ok);
        if (ok)
            QCOMPARE(*result, expected);
        else
            QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QCOMPARE(pages, (QList<int> {10, 11, 12, 13}));
    }

    void reordered_data()
    {
        QTest::addColumn<QList<int>>("order");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("identity") << QList<int> {0, 1, 2} << true << QList<int> {10, 11, 12};
        QTest::newRow("reverse") << QList<int> {2, 1, 0} << true << QList<int> {12, 11, 10};
        QTest::newRow("rotate") << QList<int> {1, 2, 0} << true << QList<int> {11, 12, 10};
        QTest::newRow("too short") << QList<int> {0, 1} << false << QList<int> {};
        QTest::newRow("too long") << QList<int> {0, 1, 2, 0} << false << QList<int> {};
        QTest::newRow("repeated") << QList<int> {0, 0, 1} << false << QList<int> {};
        QTest::newRow("out of range") << QList<int> {0, 1, 3} << false << QList<int> {};
    }

    void reordered()
    {
        QFETCH(QList<int>, order);
        QFETCH(bool, ok);
        QFETCH(QList<int>, expected);
        const auto result = PageOperations::reordered(QList<int> {10, 11, 12}, order);
        QCOMPARE(result.ok(), ok);
        if (ok)
            QCOMPARE(*result, expected);
        else
            QCOMPARE(result.error().code, ErrorCode::InvalidInput);
    }

    void pageListKeepsScanIndexes()
    {
        QList<PageImage> pages;
        for (int i = 0; i < 3; ++i)
            pages.append(PageImage {QImage(8, 8, QImage::Format_Grayscale8), 300, ColorMode::Gray, i});
        const auto result = PageOperations::reordered(pages, {2, 0, 1});
        QVERIFY(result.ok());
        QCOMPARE(result->at(0).index, 2);
        QCOMPARE(result->at(1).index, 0);
        const auto fewer = PageOperations::removed(*result, {0});
        QVERIFY(fewer.ok());
        QCOMPARE(fewer->size(), 2);
        QCOMPARE(fewer->at(0).index, 0);
        QCOMPARE(fewer->at(1).index, 1);
    }
};

QTEST_GUILESS_MAIN(tst_PageOperations)
#include "tst_PageOperations.moc"
