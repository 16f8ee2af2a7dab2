// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProcessingTestPages.h"
#include "scanning/processing/BlankPageDetector.h"

#include <QElapsedTimer>
#include <QTest>

using namespace dms;
using namespace dms::testpages;

namespace {

enum class Scenario { Blank, SpecklesAndShadow, Signature, ShortLine, FaintText };

/** An A4 300 dpi page of `scenario` delivered in `mode`. */
PageImage page(Scenario scenario, ColorMode mode)
{
    const int paperLevel = scenario == Scenario::Blank ? 255 : 238;
    QImage gray = paper(paperLevel);
    if (scenario != Scenario::Blank) {
        addNoise(gray, 10, 4000, 42);
        addEdgeShadow(gray);
    }
    if (scenario == Scenario::FaintText)
        addText(gray, QColor(175, 175, 175), 3);
    QImage image = gray;
    if (mode == ColorMode::Color)
        image = gray.convertToFormat(QImage::Format_RGB888);
    const QColor ink = mode == ColorMode::Color ? QColor(20, 40, 140) : QColor(30, 30, 30);
    if (scenario == Scenario::Signature) {
        addSignature(image, ink);
    } else if (scenario == Scenario::ShortLine) {
        // One short handwritten-like stroke: a 40 mm wavy underline.
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(ink, mm(0.4)));
        QPainterPath path(QPointF(mm(60), mm(150)));
        for (int i = 1; i <= 8; ++i)
            path.lineTo(mm(60) + i * mm(5), mm(150) + (i % 2 ? mm(1.5) : 0));
        painter.drawPath(path);
    }
    if (mode == ColorMode::Lineart)
        image = toMono(image);
    return PageImage {image, Dpi, mode, 0};
}

} // namespace

class tst_BlankPageDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pages_data()
    {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<ColorMode>("mode");
        QTest::addColumn<QImage::Format>("format");
        QTest::addColumn<bool>("blank");
        const struct
        {
            const char *name;
            ColorMode mode;
            QImage::Format format;
        } modes[] = {{"mono", ColorMode::Lineart, QImage::Format_Mono},
                     {"gray", ColorMode::Gray, QImage::Format_Grayscale8},
                     {"rgb", ColorMode::Color, QImage::Format_RGB888}};
        const struct
        {
            const char *name;
            Scenario scenario;
            bool blank;
        } scenarios[] = {{"blank", Scenario::Blank, true},
                         {"speckles and edge shadow", Scenario::SpecklesAndShadow, true},
                         {"signature", Scenario::Signature, false},
                         {"short handwritten line", Scenario::ShortLine, false}};
        for (const auto &m : modes) {
            for (const auto &s : scenarios) {
                QTest::addRow("%s, %s", m.name, s.name) << int(s.scenario) << m.mode << m.format << s.blank;
            }
        }
        // Light-gray print disappears in a bitonal scan, so only gray and colour.
        QTest::newRow("gray, faint text")
            << int(Scenario::FaintText) << ColorMode::Gray << QImage::Format_Grayscale8 << false;
        QTest::newRow("rgb, faint text")
            << int(Scenario::FaintText) << ColorMode::Color << QImage::Format_RGB888 << false;
    }

    void pages()
    {
        QFETCH(int, scenario);
        QFETCH(ColorMode, mode);
        QFETCH(QImage::Format, format);
        QFETCH(bool, blank);
        const PageImage scanned = page(Scenario(scenario), mode);
        QCOMPARE(scanned.image.format(), format);
        QCOMPARE(scanned.image.size(), QSize(A4Width, A4Height));

        QElapsedTimer timer;
        timer.start();
        const BlankPageVerdict verdict = BlankPageDetector::detect(scanned, BlankPageRule {});
        const qint64 elapsed = timer.elapsed();
        qInfo("ink coverage %.5f %%, %lld ms", verdict.inkCoverage * 100, elapsed);
        QCOMPARE(verdict.blank, blank);
        if (blank)
            QVERIFY(verdict.inkCoverage <= BlankPageRule {}.maxInkCoverage);
        else
            QVERIFY(verdict.inkCoverage > 2 * BlankPageRule {}.maxInkCoverage);
        if (Scenario(scenario) == Scenario::Blank)
            QCOMPARE(verdict.inkCoverage, 0.0);

        // A disabled rule still measures but never calls a page blank.
        BlankPageRule off;
        off.enabled = false;
        const BlankPageVerdict measured = BlankPageDetector::detect(scanned, off);
        QVERIFY(!measured.blank);
        QCOMPARE(measured.inkCoverage, verdict.inkCoverage);
    }

    void threshold_data()
    {
        QTest::addColumn<double>("maxInkCoverage");
        QTest::addColumn<bool>("blank");
        // The page below has exactly 0.2 % ink.
        QTest::newRow("limit above") << 0.00201 << true;
        QTest::newRow("limit equal") << 0.002 << true;
        QTest::newRow("limit below") << 0.00199 << false;
        QTest::newRow("limit zero") << 0.0 << false;
    }

    void threshold()
    {
        QFETCH(double, maxInkCoverage);
        QFETCH(bool, blank);
        QImage image(1000, 1000, QImage::Format_Grayscale8);
        image.fill(Qt::white);
        QPainter(&image).fillRect(QRect(400, 400, 20, 100), Qt::black);
        BlankPageRule rule;
        rule.marginMm = 0;
        rule.maxInkCoverage = maxInkCoverage;
        const BlankPageVerdict verdict
            = BlankPageDetector::detect(PageImage {image, Dpi, ColorMode::Gray, 0}, rule);
        QCOMPARE(verdict.inkCoverage, 0.002);
        QCOMPARE(verdict.blank, blank);
    }

    void specksAndMargin_data()
    {
        QTest::addColumn<QRect>("mark");
        QTest::addColumn<int>("marginMm");
        QTest::addColumn<bool>("counts");
        // 0.8 mm at 300 dpi is 10 px: smaller marks are specks.
        QTest::newRow("9 px speck ignored") << QRect(500, 500, 9, 9) << 0 << false;
        QTest::newRow("10 px stroke counts") << QRect(500, 500, 10, 2) << 0 << true;
        QTest::newRow("mark inside margin ignored") << QRect(10, 500, 50, 50) << 10 << false;
        QTest::newRow("same mark inside the page") << QRect(500, 500, 50, 50) << 10 << true;
    }

    void specksAndMargin()
    {
        QFETCH(QRect, mark);
        QFETCH(int, marginMm);
        QFETCH(bool, counts);
        QImage image(1000, 1000, QImage::Format_Grayscale8);
        image.fill(Qt::white);
        QPainter(&image).fillRect(mark, Qt::black);
        const double measured = BlankPageDetector::inkCoverage(image, Dpi, marginMm);
        // 10 mm at 300 dpi is 118 px on each side.
        const int margin = int(marginMm * Dpi / 25.4 + 0.5);
        const double inner = double(1000 - 2 * margin) * double(1000 - 2 * margin);
        const double expected = counts ? mark.width() * mark.height() / inner : 0.0;
        QVERIFY2(qFuzzyCompare(1.0 + measured, 1.0 + expected),
                 qPrintable(QStringLiteral("%1 instead of %2").arg(measured).arg(expected)));
    }

    void edgeCases()
    {
        QCOMPARE(BlankPageDetector::inkCoverage(QImage(), Dpi, 10), 0.0);
        QVERIFY(BlankPageDetector::detect(PageImage {}, BlankPageRule {}).blank);
        // A margin larger than the image leaves a one-pixel core, not a crash.
        QImage tiny(20, 20, QImage::Format_Grayscale8);
        tiny.fill(Qt::black);
        QVERIFY(BlankPageDetector::inkCoverage(tiny, Dpi, 50) >= 0.0);
        // No resolution: taken as 300 dpi.
        QImage image(1000, 1000, QImage::Format_Grayscale8);
        image.fill(Qt::white);
        QPainter(&image).fillRect(QRect(400, 400, 20, 100), Qt::black);
        QCOMPARE(BlankPageDetector::inkCoverage(image, 0, 0), 0.002);
        // Grayscale16 input is measured too.
        QCOMPARE(BlankPageDetector::inkCoverage(image.convertToFormat(QImage::Format_Grayscale16), Dpi, 0),
                 0.002);
    }
};

// QTEST_MAIN (a QGuiApplication): the test pages are drawn with fonts.
QTEST_MAIN(tst_BlankPageDetector)
#include "tst_BlankPageDetector.moc"
