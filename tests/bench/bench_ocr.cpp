// SPDX-License-Identifier: GPL-3.0-or-later
// OCR throughput to a searchable PDF/A on 2 cores: scanned pages (rendered A4
// Bulgarian + English text pages, 300 dpi gray) → OcrJob (libtesseract in
// process, one page per core) → ScanPdfWriter with the invisible text layer,
// against ocrmypdf on the same pages given as an image PDF, in the same run.
//
//   bench_ocr [--pages N] [--jobs J] [--dir DIR] [--no-ocrmypdf]
//
// Both outputs are checked: pdftotext must return the expected words.

#include "../scanning/OcrTestPages.h"
#include "scanning/OcrJob.h"
#include "scanning/ocr/TesseractOcrEngine.h"
#include "scanning/pdf/ScanPdfWriter.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace dms;

namespace {

struct Options
{
    int pages = 10;
    int jobs = 2;
    QString dir;
    bool ocrmypdf = true;
};

Options parse(const QStringList &arguments)
{
    Options options;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const QString next = i + 1 < arguments.size() ? arguments.at(i + 1) : QString();
        if (argument == QLatin1String("--pages"))
            options.pages = std::max(1, next.toInt()), ++i;
        else if (argument == QLatin1String("--jobs"))
            options.jobs = std::max(1, next.toInt()), ++i;
        else if (argument == QLatin1String("--dir"))
            options.dir = next, ++i;
        else if (argument == QLatin1String("--no-ocrmypdf"))
            options.ocrmypdf = false;
    }
    return options;
}

/** Words every page's text layer must yield. */
int checkText(const QString &pdf, int pages)
{
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    if (!pdftotext.waitForFinished(120000) || pdftotext.exitCode() != 0)
        return -1;
    const QString text = QString::fromUtf8(pdftotext.readAllStandardOutput()).simplified();
    int missing = 0;
    for (const QString &word : {QStringLiteral("Заявление"), QStringLiteral("удостоверение"),
                                QStringLiteral("certificate"), QStringLiteral("Петров")})
        missing += text.count(word) < pages ? 1 : 0;
    return missing;
}

Status writeImagePdf(const QList<PageImage> &pages, const QString &path)
{
    ScanPdfWriter writer;
    DMS_TRY(writer.open(path));
    for (const PageImage &page : pages)
        DMS_TRY(writer.addPage(page));
    return writer.finish();
}

/** Ours: OCR on `jobs` threads, then the PDF/A with text layer (pages encoded once). */
Status ocrToPdf(const QList<PageImage> &pages, int jobs, const QString &path)
{
    OcrJob job(std::make_shared<TesseractOcrEngine>(), pages, jobs);
    std::optional<Result<QList<OcrPageText>>> texts;
    QEventLoop loop;
    QObject::connect(&job, &OcrJob::finished, &loop, [&](const Result<QList<OcrPageText>> &result) {
        texts = result;
        loop.quit();
    });
    job.start();
    loop.exec();
    if (!texts->ok())
        return texts->error();
    ScanPdfWriter writer;
    DMS_TRY(writer.open(path));
    for (qsizetype i = 0; i < pages.size(); ++i)
        DMS_TRY(writer.addPage(pages.at(i), texts->value().at(i)));
    return writer.finish();
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const Options options = parse(app.arguments());
    QTemporaryDir temporary;
    const QString dir = options.dir.isEmpty() ? temporary.path() : options.dir;

    QList<PageImage> pages;
    for (int i = 0; i < options.pages; ++i)
        pages.append(ocrpages::textPage(i));
    const QString input = dir + QStringLiteral("/pages.pdf");
    if (const Status written = writeImagePdf(pages, input); !written) {
        std::fprintf(stderr, "image PDF: %s\n", qPrintable(written.error().toString()));
        return 1;
    }
    std::printf("%d pages A4 300 dpi gray, %d jobs; image PDF %lld KB\n", options.pages, options.jobs,
                QFileInfo(input).size() / 1024);

    const QString ours = dir + QStringLiteral("/ours.pdf");
    QElapsedTimer timer;
    timer.start();
    if (const Status done = ocrToPdf(pages, options.jobs, ours); !done) {
        std::fprintf(stderr, "ours: %s\n", qPrintable(done.error().toString()));
        return 1;
    }
    const double oursSeconds = timer.elapsed() / 1000.0;
    std::printf("ours      %7.2f s  %5.2f s/page  %6lld KB  missing words: %d\n", oursSeconds,
                oursSeconds / options.pages, QFileInfo(ours).size() / 1024, checkText(ours, options.pages));
    if (!options.ocrmypdf)
        return 0;

    const QString theirs = dir + QStringLiteral("/ocrmypdf.pdf");
    const QStringList arguments {QStringLiteral("--output-type"),
                                 QStringLiteral("pdfa"),
                                 QStringLiteral("-l"),
                                 QStringLiteral("bul+eng"),
                                 QStringLiteral("--jobs"),
                                 QString::number(options.jobs),
                                 input,
                                 theirs};
    std::printf("ocrmypdf %s\n", qPrintable(arguments.join(QLatin1Char(' '))));
    QProcess ocrmypdf;
    ocrmypdf.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    timer.restart();
    ocrmypdf.start(QStringLiteral("ocrmypdf"), arguments);
    if (!ocrmypdf.waitForFinished(3600000) || ocrmypdf.exitCode() != 0) {
        std::fprintf(stderr, "ocrmypdf failed (exit %d)\n", ocrmypdf.exitCode());
        return 1;
    }
    const double theirSeconds = timer.elapsed() / 1000.0;
    std::printf("ocrmypdf  %7.2f s  %5.2f s/page  %6lld KB  missing words: %d\n", theirSeconds,
                theirSeconds / options.pages, QFileInfo(theirs).size() / 1024,
                checkText(theirs, options.pages));
    std::printf("speed-up  %.2fx\n", theirSeconds / oursSeconds);
    return 0;
}
