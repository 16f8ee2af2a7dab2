// SPDX-License-Identifier: GPL-3.0-or-later
// Turned pages are decoded, turned and encoded again; the rest are copied.
#include "scan/ScanDocumentWriter.h"
#include "scanning/pdf/ScanPdfWriter.h"
#include "scanning/processing/PageThumbnail.h"

#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

/** A page with a black block in its top-left corner, so turns can be told apart. */
PageImage markedPage(ColorMode mode)
{
    QImage image(160, 240, QImage::Format_RGB888);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.fillRect(QRect(10, 10, 40, 60), Qt::black);
    painter.end();
    PageImage page;
    page.resolution = 100;
    page.mode = mode;
    page.image = mode == ColorMode::Lineart ? image.convertToFormat(QImage::Format_Mono, Qt::ThresholdDither)
        : mode == ColorMode::Gray           ? image.convertToFormat(QImage::Format_Grayscale8)
                                            : image;
    return page;
}

ArrangedPage arranged(const PageImage &page, PageRotation rotation)
{
    auto encoded = ScanPdfWriter::encode(page, 90);
    ArrangedPage result;
    result.page.encoded = encoded.valueOr({});
    result.rotation = rotation;
    return result;
}

bool darkAt(const QImage &image, int x, int y)
{
    return qGray(image.pixel(x, y)) < 100;
}

} // namespace

class tst_ScanDocumentWriter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void decodesAndTurnsEveryEncoding_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("bitonal G4") << int(ColorMode::Lineart);
        QTest::newRow("gray JPEG") << int(ColorMode::Gray);
        QTest::newRow("colour JPEG") << int(ColorMode::Color);
    }
    void decodesAndTurnsEveryEncoding()
    {
        QFETCH(int, mode);
        const ArrangedPage page = arranged(markedPage(ColorMode(mode)), PageRotation::Clockwise90);
        QVERIFY(!page.page.encoded.isNull());
        auto decoded = ScanDocumentWriter::decode(page.page.encoded);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().toString()));
        QCOMPARE(decoded->image.size(), QSize(160, 240));
        QCOMPARE(decoded->mode, ColorMode(mode));
        QVERIFY(darkAt(decoded->image, 30, 40));
        QVERIFY(!darkAt(decoded->image, 130, 200));

        // Written turned a quarter clockwise: the block is now top right.
        const QString pdf = m_dir.filePath(QStringLiteral("turned.pdf"));
        const Status written = ScanDocumentWriter::write({page}, pdf);
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
        QProcess render;
        render.start(QStringLiteral("pdftoppm"),
                     {QStringLiteral("-r"), QStringLiteral("100"), QStringLiteral("-gray"),
                      QStringLiteral("-png"), QStringLiteral("-singlefile"), pdf,
                      m_dir.filePath(QStringLiteral("turned"))});
        QVERIFY(render.waitForFinished(30000) && render.exitCode() == 0);
        const QImage image(m_dir.filePath(QStringLiteral("turned.png")));
        QCOMPARE(image.size(), QSize(240, 160));
        QVERIFY(darkAt(image, 240 - 40, 30));
        QVERIFY(!darkAt(image, 40, 30));
    }

    void refusesNothingAndDamagedPages()
    {
        QCOMPARE(ScanDocumentWriter::write({}, m_dir.filePath(QStringLiteral("none.pdf"))).error().code,
                 ErrorCode::InvalidInput);
        ArrangedPage damaged = arranged(markedPage(ColorMode::Gray), PageRotation::Rotate180);
        damaged.page.encoded.data = damaged.page.encoded.data.left(10);
        const QString path = m_dir.filePath(QStringLiteral("damaged.pdf"));
        QCOMPARE(ScanDocumentWriter::write({damaged}, path).error().code, ErrorCode::Corrupt);
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_MAIN(tst_ScanDocumentWriter)
#include "tst_ScanDocumentWriter.moc"
