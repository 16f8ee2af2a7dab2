// SPDX-License-Identifier: GPL-3.0-or-later
// Scanning throughput and size. See README.md.
//
//   bench_scanning [--pages 20] [--big 200] [--keep DIR]
//
// (a) Pages A4 300 dpi gray from the SANE "test" backend (private SANE_CONFIG_DIR,
//     10 pages per feeder load) through ScanJob + ScanSession to PDF/A without
//     OCR: wall time and peak RSS (VmHWM, reset between runs), then a larger
//     batch to show the memory stays bounded per page; the baseline is what the
//     raw pages alone would take.
// (b) The shipped text page (tests/scanning/LetterTestPage.h, deterministic):
//     our bitonal (CCITT G4) and gray JPEG (the "Documents" profile's pipeline)
//     page sizes against img2pdf on the same images in the same run.

#include "../scanning/LetterTestPage.h"
#include "scanning/ScanJob.h"
#include "scanning/ScanProfileStore.h"
#include "scanning/ScanSession.h"
#include "scanning/pdf/ScanPdfWriter.h"
#include "scanning/processing/Binarizer.h"
#include "scanning/processing/BlankPageDetector.h"
#include "scanning/processing/PageProcessor.h"
#include "scanning/processing/PageThumbnail.h"
#include "scanning/processing/PaperBackground.h"
#include "scanning/sane/SaneBackend.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageWriter>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/resource.h>
#include <tiffio.h>

using namespace dms;

namespace {

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

void resetPeakRss()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
}

double processCpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

/** The encoder before JpegEncoder: Qt's writer, libjpeg's default 10-scan progression. */
QByteArray qtProgressiveJpeg(const QImage &image, int quality)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(quality);
    writer.setOptimizedWrite(true);
    writer.setProgressiveScanWrite(true);
    writer.write(image);
    return data;
}

struct BatchFigures
{
    int pages = 0;
    double seconds = 0;
    double cpuSeconds = 0; ///< user + system of the whole process: the wall time's floor on an idle machine
                           ///< is cpuSeconds / cores
    qint64 peakKb = 0;
    qint64 pdfBytes = 0;
};

/** Scans `pages` pages (feeder loads of 10) into one session and writes one PDF. */
BatchFigures scanBatch(int pages, const QString &output)
{
    resetPeakRss();
    ScanProfile profile;
    profile.mode = ColorMode::Gray;
    profile.resolution = 300;
    profile.ocr = false;
    ScanSession session(profile);
    QElapsedTimer timer;
    timer.start();
    const double cpuBefore = processCpuSeconds();
    auto backend = std::make_shared<SaneBackend>();
    int done = 0;
    while (done < pages) {
        ScanSettings settings = profile.settings();
        settings.areaMm = QRectF(0, 0, 210, 297);
        settings.pageLimit = std::min(10, pages - done);
        settings.deviceOptions = {{QStringLiteral("test-picture"), QStringLiteral("Grid")}};
        ScanJob job(backend, QStringLiteral("test:0"), settings);
        session.attach(&job);
        QEventLoop loop;
        std::optional<Result<int>> result;
        QObject::connect(&job, &ScanJob::finished, &loop, [&](const Result<int> &r) {
            result = r;
            loop.quit();
        });
        job.start();
        loop.exec();
        if (!result->ok()) {
            std::fprintf(stderr, "scan failed: %s\n", qPrintable(result->error().toString()));
            return {};
        }
        done += **result;
        if (!session.isIdle()) {
            QEventLoop idle;
            QObject::connect(&session, &ScanSession::idle, &idle, &QEventLoop::quit);
            idle.exec();
        }
    }
    const auto written = session.writeDocuments(output);
    BatchFigures figures;
    figures.seconds = timer.nsecsElapsed() / 1e9;
    figures.cpuSeconds = processCpuSeconds() - cpuBefore;
    if (!written) {
        std::fprintf(stderr, "write failed: %s\n", qPrintable(written.error().toString()));
        return {};
    }
    figures.pages = done;
    figures.peakKb = peakRssKb();
    figures.pdfBytes = QFileInfo(output).size();
    return figures;
}

bool writeG4Tiff(const QString &path, const QImage &mono)
{
    TIFF *tiff = TIFFOpen(path.toLocal8Bit().constData(), "w");
    if (!tiff)
        return false;
    TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, uint32_t(mono.width()));
    TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, uint32_t(mono.height()));
    TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(tiff, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
    TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, uint32_t(mono.height()));
    TIFFSetField(tiff, TIFFTAG_XRESOLUTION, 300.0f);
    TIFFSetField(tiff, TIFFTAG_YRESOLUTION, 300.0f);
    TIFFSetField(tiff, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
    for (int y = 0; y < mono.height(); ++y)
        TIFFWriteScanline(tiff, const_cast<uchar *>(mono.constScanLine(y)), uint32_t(y), 0);
    TIFFClose(tiff);
    return true;
}

// pdfa: img2pdf's own PDF/A-1b output (XMP and an sRGB output intent like
// ours), the like-for-like baseline for our PDF/A pages.
qint64 img2pdf(const QStringList &inputs, const QString &output, bool pdfa = false)
{
    QProcess process;
    QStringList arguments = inputs + QStringList {QStringLiteral("-o"), output};
    if (pdfa)
        arguments.append(QStringLiteral("--pdfa")); // last: it takes an optional value
    process.start(QStringLiteral("img2pdf"), arguments);
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        std::fprintf(stderr, "img2pdf failed: %s\n", process.readAllStandardError().constData());
        return -1;
    }
    return QFileInfo(output).size();
}

qint64 ourPdf(const EncodedPage &page, const QString &output)
{
    ScanPdfWriter writer;
    if (!writer.open(output) || !writer.addEncodedPage(page) || !writer.finish())
        return -1;
    return QFileInfo(output).size();
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    int pages = 20;
    int big = 200;
    QString keep;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--pages"))
            pages = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--big"))
            big = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--keep"))
            keep = args.at(++i);
    }
    QTemporaryDir temp;
    const QDir dir(keep.isEmpty() ? temp.path() : keep);
    QDir().mkpath(dir.path());

    QTemporaryDir config;
    QFile dll(config.filePath(QStringLiteral("dll.conf")));
    dll.open(QIODevice::WriteOnly);
    dll.write("test\n");
    dll.close();
    QFile test(config.filePath(QStringLiteral("test.conf")));
    test.open(QIODevice::WriteOnly);
    test.write("number_of_devices 1\nmode Gray\ndepth 8\nresolution_min 1.0\nresolution_max 1200.0\n"
               "resolution_quant 1.0\nresolution 300.0\ntest-picture \"Grid\"\ngeometry_min 0.0\n"
               "geometry_max 300.0\ngeometry_quant 1.0\ntl_x 0.0\ntl_y 0.0\nbr_x 210.0\nbr_y 297.0\n"
               "scan-source \"Automatic Document Feeder\"\n");
    test.close();
    qputenv("SANE_CONFIG_DIR", config.path().toLocal8Bit());
    const qint64 idleKb = peakRssKb();

    std::printf("(a) SANE test backend, A4 300 dpi gray (2480x3507, 8.7 MB raw per page) -> PDF/A, no OCR\n");
    std::printf("%-28s %6s %9s %9s %11s %13s %12s\n", "run", "pages", "seconds", "CPU s", "peak RSS",
                "raw baseline", "PDF");
    for (const int count : {pages, big}) {
        const BatchFigures figures
            = scanBatch(count, dir.filePath(QStringLiteral("batch-%1.pdf").arg(count)));
        const double rawMb = count * 2480.0 * 3507.0 / 1e6;
        std::printf("%-28s %6d %9.3f %9.3f %8.1f MB %10.0f MB %9.1f MB\n",
                    count == pages ? "scan+encode+write" : "large batch", figures.pages, figures.seconds,
                    figures.cpuSeconds, figures.peakKb / 1024.0, rawMb, figures.pdfBytes / 1e6);
    }
    std::printf("process RSS before scanning: %.1f MB\n", idleKb / 1024.0);
    {
        // Where a page's time goes (one worker; the session runs two in parallel).
        QImage grid(2480, 3507, QImage::Format_Grayscale8);
        grid.fill(255);
        for (int y = 0; y < grid.height(); y += 118)
            std::memset(grid.scanLine(y), 0, std::size_t(grid.width()));
        const PageImage page {grid, 300, ColorMode::Gray, 0};
        // Thread CPU time, so that other work on the machine does not count.
        const auto time = [](auto &&work) {
            const double start = threadCpuMs();
            for (int i = 0; i < 5; ++i)
                work();
            return (threadCpuMs() - start) / 5;
        };
        std::printf(
            "per page: JPEG %.1f ms, blank check %.1f ms, thumbnail %.1f ms, whole PageProcessor %.1f ms\n\n",
            time([&] { (void)ScanPdfWriter::encode(page, 75); }),
            time([&] { (void)BlankPageDetector::detect(page, BlankPageRule {}); }),
            time([&] { (void)PageThumbnail::make(grid, 256); }),
            time([&] { (void)PageProcessor::process(page, ScanProfile {}); }));
        const QImage flat = PaperBackground::flatten(letterpage::letterPage(false));
        const QByteArray before = qtProgressiveJpeg(flat, 50);
        const auto after = ScanPdfWriter::encode(PageImage {flat, 300, ColorMode::Gray, 0}, 50);
        std::printf("letter page q50, CPU ms and size: Qt writer (10-scan progression) %.1f ms %.1f KB, "
                    "JpegEncoder (3 scans) %.1f ms %.1f KB\n\n",
                    time([&] { (void)qtProgressiveJpeg(flat, 50); }), before.size() / 1024.0, time([&] {
                        (void)ScanPdfWriter::encode(PageImage {flat, 300, ColorMode::Gray, 0}, 50);
                    }),
                    after ? after->data.size() / 1024.0 : -1.0);
    }

    std::printf("(b) one-page Bulgarian letter, A4 300 dpi, ours vs img2pdf on the same images\n");
    // The gray page goes through the pipeline of the shipped "Documents" profile
    // (paper flattening, its JPEG quality); img2pdf gets the image we encode.
    const ScanProfile documents = ScanProfileStore::defaults().first();
    const QImage gray = letterpage::letterPage(false);
    const QImage noisy = letterpage::letterPage(true);
    const QImage mono = Binarizer::binarize(gray);
    const PageImage grayPage {gray, 300, ColorMode::Gray, 0};
    const PageImage monoPage {mono, 300, ColorMode::Lineart, 0};
    const auto g4 = ScanPdfWriter::encode(monoPage, 75);
    const auto processed = PageProcessor::process(grayPage, documents);
    const auto noisyProcessed = PageProcessor::process(PageImage {noisy, 300, ColorMode::Gray, 0}, documents);
    if (!g4 || !processed || !noisyProcessed)
        return 1;
    const EncodedPage &jpeg = processed->encoded;
    QFile jpegFile(dir.filePath(QStringLiteral("letter-documents.jpg")));
    jpegFile.open(QIODevice::WriteOnly);
    jpegFile.write(jpeg.data);
    jpegFile.close();
    PaperBackground::flatten(gray).save(dir.filePath(QStringLiteral("letter-gray.png")));
    mono.save(dir.filePath(QStringLiteral("letter-mono.png")));
    writeG4Tiff(dir.filePath(QStringLiteral("letter-g4.tif")), mono);

    const qint64 oursMono = ourPdf(*g4, dir.filePath(QStringLiteral("ours-bitonal.pdf")));
    const qint64 oursGray = ourPdf(jpeg, dir.filePath(QStringLiteral("ours-gray.pdf")));
    const qint64 theirsG4 = img2pdf({dir.filePath(QStringLiteral("letter-g4.tif"))},
                                    dir.filePath(QStringLiteral("img2pdf-g4.pdf")));
    const qint64 theirsMonoPng = img2pdf({dir.filePath(QStringLiteral("letter-mono.png"))},
                                         dir.filePath(QStringLiteral("img2pdf-mono-png.pdf")));
    const qint64 theirsJpeg = img2pdf({dir.filePath(QStringLiteral("letter-documents.jpg"))},
                                      dir.filePath(QStringLiteral("img2pdf-jpeg.pdf")));
    const qint64 theirsGrayPng = img2pdf({dir.filePath(QStringLiteral("letter-gray.png"))},
                                         dir.filePath(QStringLiteral("img2pdf-gray-png.pdf")));
    const qint64 theirsG4Pdfa = img2pdf({dir.filePath(QStringLiteral("letter-g4.tif"))},
                                        dir.filePath(QStringLiteral("img2pdf-pdfa-g4.pdf")), true);
    const qint64 theirsJpegPdfa = img2pdf({dir.filePath(QStringLiteral("letter-documents.jpg"))},
                                          dir.filePath(QStringLiteral("img2pdf-pdfa-jpeg.pdf")), true);
    std::printf("%-44s %10s %10s %8s\n", "page", "ours", "img2pdf", "ratio");
    const auto row = [](const char *name, qint64 ours, qint64 theirs) {
        std::printf("%-44s %7.1f KB %7.1f KB %8.2f\n", name, ours / 1024.0, theirs / 1024.0,
                    theirs > 0 ? double(ours) / double(theirs) : 0.0);
    };
    const auto noisyG4
        = ScanPdfWriter::encode(PageImage {Binarizer::binarize(noisy), 300, ColorMode::Lineart, 0}, 75);
    std::printf("image data: G4 %.1f KB (goal <= 36 KB), gray JPEG q%d (Documents profile) %.1f KB (goal <= "
                "300 KB)\n",
                g4->data.size() / 1024.0, documents.jpegQuality, jpeg.data.size() / 1024.0);
    std::printf("same page with +-2 sensor noise: G4 %.1f KB, gray JPEG q%d %.1f KB\n",
                noisyG4->data.size() / 1024.0, documents.jpegQuality,
                noisyProcessed->encoded.data.size() / 1024.0);
    // Where the gray JPEG's bytes go: the same page by quality, and without
    // flattening the paper (ScanPdfWriter::encode alone) on the noisy page.
    std::printf("gray JPEG of the clean page by quality:");
    for (const int quality : {75, 60, 50, 40}) {
        ScanProfile profile = documents;
        profile.jpegQuality = quality;
        const auto sized = PageProcessor::process(grayPage, profile);
        std::printf(" q%d %.1f KB", quality, sized ? sized->encoded.data.size() / 1024.0 : -1.0);
    }
    const auto noisyRaw
        = ScanPdfWriter::encode(PageImage {noisy, 300, ColorMode::Gray, 0}, documents.jpegQuality);
    std::printf("\nnoisy page q%d without flattening the paper: %.1f KB\n", documents.jpegQuality,
                noisyRaw ? noisyRaw->data.size() / 1024.0 : -1.0);
    row("bitonal PDF/A vs img2pdf of the G4 TIFF", oursMono, theirsG4);
    row("bitonal PDF/A vs img2pdf of a 1-bit PNG", oursMono, theirsMonoPng);
    row("gray JPEG PDF/A vs img2pdf of the same JPEG", oursGray, theirsJpeg);
    row("gray JPEG PDF/A vs img2pdf of the same image as PNG", oursGray, theirsGrayPng);
    std::printf("(our PDFs carry PDF/A metadata and an sRGB output intent that img2pdf's do not)\n");
    row("bitonal PDF/A vs img2pdf --pdfa of the G4 TIFF", oursMono, theirsG4Pdfa);
    row("gray JPEG PDF/A vs img2pdf --pdfa, same JPEG", oursGray, theirsJpegPdfa);
    return 0;
}
