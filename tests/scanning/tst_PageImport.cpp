// SPDX-License-Identifier: GPL-3.0-or-later
// Import of existing files "as if scanned": ImportBackend through a ScanJob,
// with real PNG/JPEG/TIFF/PDF files made by the test, and damaged ones.
#include "ProcessingTestPages.h"
#include "scanning/ScanJob.h"
#include "scanning/import/ImportBackend.h"
#include "scanning/pdf/ScanPdfWriter.h"

#include <QEventLoop>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <tiffio.h>

using namespace dms;

namespace {

struct Imported
{
    QList<PageImage> pages;
    std::optional<Result<int>> result;
};

Imported importFiles(const QStringList &files, ColorMode mode = ColorMode::Gray, int resolution = 150,
                     const ImportLimits &limits = {})
{
    ScanSettings settings;
    settings.source = ScanSource::Feeder;
    settings.mode = mode;
    settings.resolution = resolution;
    ScanJob job(std::make_shared<ImportBackend>(files, limits), ImportBackend::DeviceName, settings);
    Imported imported;
    QObject::connect(&job, &ScanJob::pageScanned,
                     [&](const PageImage &page) { imported.pages.append(page); });
    QObject::connect(&job, &ScanJob::finished, [&](const Result<int> &result) { imported.result = result; });
    QEventLoop loop;
    QObject::connect(&job, &ScanJob::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
    job.start();
    loop.exec();
    return imported;
}

/** An A5 page at 150 dpi with a few lines of Bulgarian text. */
QImage textPage()
{
    QImage page(874, 1240, QImage::Format_Grayscale8);
    page.fill(255);
    QPainter painter(&page);
    QFont font(QStringLiteral("DejaVu Serif"));
    font.setPixelSize(28);
    painter.setFont(font);
    for (int i = 0; i < 8; ++i)
        painter.drawText(QPointF(80, 200 + i * 60),
                         QStringLiteral("Уважаеми господин кмете, ред %1").arg(i + 1));
    painter.end();
    page.setDotsPerMeterX(5906); // 150 dpi
    page.setDotsPerMeterY(5906);
    return page;
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray bigEndian(quint32 value)
{
    QByteArray bytes(4, '\0');
    for (int i = 0; i < 4; ++i)
        bytes[i] = char((value >> (24 - 8 * i)) & 0xFF);
    return bytes;
}

/** A PNG of a few dozen bytes whose header claims width × height gray pixels. */
QByteArray pngBomb(quint32 width, quint32 height)
{
    const auto chunk = [](const QByteArray &type, const QByteArray &data) -> QByteArray {
        const QByteArray typed = type + data;
        QByteArray out = bigEndian(quint32(data.size()));
        out.append(typed);
        out.append(bigEndian(crc32(typed)));
        return out;
    };
    QByteArray header = bigEndian(width);
    header.append(bigEndian(height));
    header.append(QByteArray("\x08\x00\x00\x00\x00", 5));
    QByteArray png("\x89PNG\r\n\x1a\n");
    png.append(chunk("IHDR", header));
    png.append(chunk("IDAT", qCompress(QByteArray(64, 0)).mid(4)));
    png.append(chunk("IEND", {}));
    return png;
}

bool writeTiff(const QString &path, const QList<QImage> &pages)
{
    TIFF *tiff = TIFFOpen(path.toLocal8Bit().constData(), "w");
    if (!tiff)
        return false;
    for (const QImage &page : pages) {
        const bool mono = page.format() == QImage::Format_Mono;
        const bool gray = page.format() == QImage::Format_Grayscale8;
        TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, uint32_t(page.width()));
        TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, uint32_t(page.height()));
        TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, mono ? 1 : 8);
        TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, mono || gray ? 1 : 3);
        TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC,
                     mono ? PHOTOMETRIC_MINISWHITE : (gray ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB));
        TIFFSetField(tiff, TIFFTAG_COMPRESSION, mono ? COMPRESSION_CCITTFAX4 : COMPRESSION_LZW);
        TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, uint32_t(page.height()));
        TIFFSetField(tiff, TIFFTAG_XRESOLUTION, 200.0f);
        TIFFSetField(tiff, TIFFTAG_YRESOLUTION, 200.0f);
        TIFFSetField(tiff, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
        for (int y = 0; y < page.height(); ++y) {
            if (TIFFWriteScanline(tiff, const_cast<uchar *>(page.constScanLine(y)), uint32_t(y), 0) != 1)
                return false;
        }
        TIFFWriteDirectory(tiff);
    }
    TIFFClose(tiff);
    return true;
}

} // namespace

class tst_PageImport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString write(const QString &name, const QByteArray &bytes) const
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return file.fileName();
    }

    QByteArray bytesOf(const QString &name) const
    {
        QFile file(path(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QImage page = textPage();
        QVERIFY(page.save(path(QStringLiteral("letter.png"))));
        QVERIFY(page.save(path(QStringLiteral("letter.jpg")), "jpeg", 80));
        QImage colour = page.convertToFormat(QImage::Format_RGB888);
        colour.fill(QColor(30, 90, 200));
        QVERIFY(writeTiff(path(QStringLiteral("three.tif")), {testpages::toMono(page), page, colour}));
        // A two-page PDF of our own: A5 at 150 dpi.
        ScanPdfWriter writer;
        QVERIFY(writer.open(path(QStringLiteral("two.pdf"))).ok());
        PageImage pdfPage {page, 150, ColorMode::Gray, 0};
        QVERIFY(writer.addPage(pdfPage).ok());
        QVERIFY(writer.addPage(pdfPage).ok());
        QVERIFY(writer.finish().ok());
    }

    void importsEachFormatAsPages()
    {
        const Imported imported
            = importFiles({path(QStringLiteral("letter.png")), path(QStringLiteral("letter.jpg")),
                           path(QStringLiteral("three.tif")), path(QStringLiteral("two.pdf"))});
        QVERIFY2(imported.result->ok(), qPrintable(imported.result->error().toString()));
        QCOMPARE(**imported.result, 7);
        QCOMPARE(imported.pages.size(), 7);
        for (int i = 0; i < 7; ++i) {
            const PageImage &page = imported.pages.at(i);
            QCOMPARE(page.index, i);
            QCOMPARE(page.image.format(), QImage::Format_Grayscale8);
            QCOMPARE(page.mode, ColorMode::Gray);
        }
        // The PNG keeps its 150 dpi; the TIFF declares 200; PDF pages are rendered at the batch's 150.
        QCOMPARE(imported.pages.at(0).resolution, 150);
        QCOMPARE(imported.pages.at(0).image.size(), QSize(874, 1240));
        QCOMPARE(imported.pages.at(2).resolution, 200);
        QCOMPARE(imported.pages.at(5).resolution, 150);
        QCOMPARE(imported.pages.at(5).image.size(), QSize(874, 1240));
        // The text is where it was drawn: dark pixels on row ~200, paper elsewhere.
        for (const int i : {0, 1, 2, 3, 5}) {
            const QImage &image = imported.pages.at(i).image;
            QVERIFY2(image.pixelColor(image.width() / 2, 20).lightness() > 200,
                     qPrintable(QString::number(i)));
            int dark = 0;
            for (int y = 170; y < 210; ++y) {
                for (int x = 80; x < 500; ++x)
                    dark += qGray(image.pixel(x, y)) < 100;
            }
            QVERIFY2(dark > 200, qPrintable(QStringLiteral("page %1: %2 dark").arg(i).arg(dark)));
        }
        // The colour TIFF page became gray of its blue's brightness.
        QVERIFY(qAbs(qGray(imported.pages.at(4).image.pixel(10, 10)) - qGray(qRgb(30, 90, 200))) < 4);
    }

    void convertsToTheBatchMode()
    {
        const Imported lineart = importFiles({path(QStringLiteral("three.tif"))}, ColorMode::Lineart);
        QVERIFY(lineart.result->ok());
        QCOMPARE(lineart.pages.size(), 3);
        for (const PageImage &page : lineart.pages)
            QCOMPARE(page.image.format(), QImage::Format_Mono);
        const Imported colour = importFiles({path(QStringLiteral("three.tif"))}, ColorMode::Color);
        QCOMPARE(colour.pages.at(2).image.format(), QImage::Format_RGB888);
        QCOMPARE(colour.pages.at(2).image.pixelColor(5, 5), QColor(30, 90, 200));
    }

    void recognisesFormatByContentNotExtension()
    {
        const QString disguised = write(QStringLiteral("scan.pdf"), bytesOf(QStringLiteral("letter.png")));
        const Imported imported = importFiles({disguised});
        QVERIFY(imported.result->ok());
        QCOMPARE(imported.pages.size(), 1);

        const QString text = write(QStringLiteral("notes.pdf"), "Това не е PDF, а текст.\n");
        const Imported refused = importFiles({text});
        QCOMPARE(refused.result->error().code, ErrorCode::InvalidInput);
        QVERIFY(refused.result->error().message.contains(QStringLiteral("notes.pdf")));
    }

    void damagedFilesFailClearlyAndKeepEarlierPages_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<ErrorCode>("code");
        const QByteArray png = bytesOf(QStringLiteral("letter.png"));
        const QByteArray jpeg = bytesOf(QStringLiteral("letter.jpg"));
        const QByteArray tiff = bytesOf(QStringLiteral("three.tif"));
        const QByteArray pdf = bytesOf(QStringLiteral("two.pdf"));
        QTest::newRow("truncated png") << "t.png" << png.left(png.size() / 2) << ErrorCode::Corrupt;
        QTest::newRow("truncated jpeg") << "t.jpg" << jpeg.left(jpeg.size() / 2) << ErrorCode::Corrupt;
        QTest::newRow("truncated tiff") << "t.tif" << tiff.left(300) << ErrorCode::Corrupt;
        QTest::newRow("truncated pdf") << "t.pdf" << pdf.left(400) << ErrorCode::Corrupt;
        QTest::newRow("empty file") << "e.png" << QByteArray() << ErrorCode::InvalidInput;
        QTest::newRow("zero-page pdf")
            << "z.pdf"
            << QByteArray("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n")
            << ErrorCode::InvalidInput;
        QTest::newRow("png bomb, huge sides")
            << "b1.png" << pngBomb(100000, 100000) << ErrorCode::InvalidInput;
        QTest::newRow("png bomb, huge area") << "b2.png" << pngBomb(50000, 50000) << ErrorCode::InvalidInput;
        QTest::newRow("pdf page of 200 inches")
            << "big.pdf"
            << QByteArray("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                          "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n")
            << ErrorCode::InvalidInput;
    }

    void damagedFilesFailClearlyAndKeepEarlierPages()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(ErrorCode, code);
        const QString bad = write(name, bytes);
        const Imported imported
            = importFiles({path(QStringLiteral("letter.png")), bad, path(QStringLiteral("letter.jpg"))});
        QVERIFY(!imported.result->ok());
        QCOMPARE(imported.result->error().code, code);
        QVERIFY2(imported.result->error().message.contains(name),
                 qPrintable(imported.result->error().message));
        // The page before the damaged file was delivered, as pages before a paper jam are.
        QCOMPARE(imported.pages.size(), 1);
        QCOMPARE(imported.pages.first().image.size(), QSize(874, 1240));
    }

    void limitsAreConfigurable()
    {
        ImportLimits limits;
        limits.maxPixels = 1000;
        const Imported imported
            = importFiles({path(QStringLiteral("three.tif"))}, ColorMode::Gray, 150, limits);
        QCOMPARE(imported.result->error().code, ErrorCode::InvalidInput);
        QVERIFY(imported.pages.isEmpty());
    }

    void missingFileAndNoFiles()
    {
        QCOMPARE(importFiles({path(QStringLiteral("absent.png"))}).result->error().code, ErrorCode::NotFound);
        QCOMPARE(importFiles({}).result->error().code, ErrorCode::FeederEmpty);
    }

    void cancelStopsBetweenPages()
    {
        ScanSettings settings;
        settings.source = ScanSource::Feeder;
        const QString pdf = path(QStringLiteral("two.pdf"));
        ScanJob job(std::make_shared<ImportBackend>(QStringList {pdf, pdf, pdf, pdf, pdf}),
                    ImportBackend::DeviceName, settings);
        QSignalSpy pages(&job, &ScanJob::pageScanned);
        QSignalSpy finished(&job, &ScanJob::finished);
        connect(&job, &ScanJob::pageScanned, &job, &ScanJob::cancel);
        job.start();
        QVERIFY(finished.wait(30000));
        const auto result = *static_cast<const Result<int> *>(finished.at(0).at(0).constData());
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QVERIFY(pages.size() < 10);
    }
};

QTEST_MAIN(tst_PageImport)
#include "tst_PageImport.moc"
