// SPDX-License-Identifier: GPL-3.0-or-later
// The page pipeline: per-page processing off the caller's thread (thumbnail,
// blank verdict, barcodes, one encoding), separator splitting that never loses
// a page, bounded raw pages in flight, and the PDFs checked by qpdf/pdfimages.
#include "FakeScannerBackend.h"
#include "OcrTestPages.h"
#include "ProcessingTestPages.h"
#include "scanning/OcrEngine.h"
#include "scanning/ScanJob.h"
#include "scanning/ScanSession.h"
#include "scanning/import/ImportBackend.h"
#ifdef DMS_HAVE_SCANNING_OCR
#include "scanning/ocr/TesseractOcrEngine.h"
#endif
#include "scanning/processing/BarcodeReader.h"
#include "scanning/processing/Binarizer.h"
#include "scanning/processing/PageThumbnail.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <thread>
#include <zint.h>

using namespace dms;
using namespace dms::testpages;

namespace {

/** A QR code carrying `text`, drawn 40 mm wide in the middle of an A4 gray page. */
QImage qrPage(const QString &text)
{
    QImage page = paper();
    zint_symbol *symbol = ZBarcode_Create();
    symbol->symbology = BARCODE_QRCODE;
    symbol->scale = 1;
    const QByteArray data = text.toUtf8();
    const int error = ZBarcode_Encode_and_Buffer(
        symbol, reinterpret_cast<const unsigned char *>(data.constData()), int(data.size()), 0);
    if (error < 5 && symbol->bitmap) {
        QImage code(symbol->bitmap_width, symbol->bitmap_height, QImage::Format_RGB888);
        for (int y = 0; y < code.height(); ++y)
            std::memcpy(code.scanLine(y), symbol->bitmap + std::size_t(y) * std::size_t(code.width()) * 3,
                        std::size_t(code.width()) * 3);
        QPainter painter(&page);
        const QRect target(mm(85), mm(120), mm(40), mm(40));
        painter.drawImage(target, code.convertToFormat(QImage::Format_Grayscale8));
    }
    ZBarcode_Delete(symbol);
    return page;
}

QImage letterPage(int lines = 20)
{
    QImage page = paper();
    addText(page, Qt::black, lines);
    return page;
}

PageImage pageOf(const QImage &image, int index)
{
    return PageImage {image, 300,
                      image.format() == QImage::Format_Mono ? ColorMode::Lineart : ColorMode::Gray, index};
}

QString run(const QString &program, const QStringList &arguments, int *exitCode = nullptr)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        return {};
    if (exitCode)
        *exitCode = process.exitCode();
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

/** "Recognises" a page slowly as one word: the page's width. */
class WidthRecognizer : public OcrRecognizer
{
public:
    Result<OcrPageText> recognize(const PageImage &page, const std::function<bool()> &) override
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        OcrPageText text;
        text.width = page.image.width();
        text.height = page.image.height();
        text.resolution = page.resolution;
        text.text = QString::number(page.image.width());
        text.words = {OcrWord {text.text, QRect(100, 100, 300, 50), 145, 90}};
        return text;
    }
};

/** Hands out WidthRecognizers, or fails like an engine without language data. */
class FakeOcrEngine : public OcrEngine
{
public:
    explicit FakeOcrEngine(bool works = true)
        : m_works(works)
    { }
    Result<std::unique_ptr<OcrRecognizer>> createRecognizer() override
    {
        if (!m_works)
            return makeError(ErrorCode::NotFound, QStringLiteral("no language data"));
        return std::unique_ptr<OcrRecognizer>(std::make_unique<WidthRecognizer>());
    }

private:
    bool m_works;
};

void waitIdle(ScanSession &session)
{
    if (!session.isIdle()) {
        QSignalSpy idle(&session, &ScanSession::idle);
        QVERIFY(idle.wait(60000));
    }
}

} // namespace

class tst_ScanSession : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("qpdf")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("pdfimages")).isEmpty())
            QFAIL("qpdf and pdfimages (poppler-utils) are needed");
    }

    void thumbnailsComeFromTheScanBuffer()
    {
        const QImage gray = letterPage();
        QElapsedTimer timer;
        timer.start();
        const QImage thumbnail = PageThumbnail::make(gray, 256);
        const qint64 grayMs = timer.elapsed();
        QCOMPARE(thumbnail.height(), 256);
        QCOMPARE(thumbnail.width(), 181);
        QCOMPARE(thumbnail.format(), QImage::Format_Grayscale8);
        // Text lines show up as gray on white: dark rows in the band where text was drawn.
        int darkest = 255;
        for (int y = 0; y < thumbnail.height(); ++y)
            darkest = std::min(darkest, qGray(thumbnail.pixel(60, y)));
        QVERIFY2(darkest < 200, qPrintable(QString::number(darkest)));
        QCOMPARE(qGray(thumbnail.pixel(5, 5)), 255);
        const QImage mono = PageThumbnail::make(toMono(gray), 256);
        QCOMPARE(mono.size(), thumbnail.size());
        QVERIFY(qAbs(qGray(mono.pixel(90, 100)) - qGray(thumbnail.pixel(90, 100))) < 60);
        const QImage colour = PageThumbnail::make(gray.convertToFormat(QImage::Format_RGB888), 128);
        QCOMPARE(colour.format(), QImage::Format_RGB888);
        QCOMPARE(colour.height(), 128);
        // Small images are not enlarged.
        QCOMPARE(PageThumbnail::make(QImage(100, 50, QImage::Format_Grayscale8), 256).size(), QSize(100, 50));
        QVERIFY2(grayMs < 500, qPrintable(QString::number(grayMs)));
    }

    void binarizerSeparatesInkFromPaper()
    {
        QImage page = paper(230);
        addText(page, QColor(60, 60, 60), 5);
        const int threshold = Binarizer::otsuThreshold(page);
        QVERIFY2(threshold > 60 && threshold <= 230, qPrintable(QString::number(threshold)));
        const QImage mono = Binarizer::binarize(page);
        QCOMPARE(mono.format(), QImage::Format_Mono);
        QCOMPARE(QColor(mono.pixel(5, 5)), QColor(Qt::white));
        QVERIFY(Binarizer::binarize(paper()).pixel(100, 100) == qRgb(255, 255, 255));
    }

    void readsQrSeparators()
    {
        QCOMPARE(BarcodeReader::read(qrPage(QStringLiteral("DELOVOD-SEP")), 300),
                 QStringList {QStringLiteral("DELOVOD-SEP")});
        QVERIFY(BarcodeReader::read(letterPage(), 300).isEmpty());
        QVERIFY(BarcodeReader::read(QImage(), 300).isEmpty());
    }

    void splitsOnBarcodeSeparatorsWithoutLosingPages()
    {
        ScanProfile profile = separatorProfile();
        ScanSession session(profile);
        QSignalSpy processed(&session, &ScanSession::pageProcessed);
        // letter, letter, SEP, letter with another code, SEP, SEP, letter
        const QList<QImage> stack = {letterPage(),
                                     letterPage(5),
                                     qrPage(QStringLiteral("DELOVOD-SEP")),
                                     qrPage(QStringLiteral("invoice 42")),
                                     qrPage(QStringLiteral("DELOVOD-SEP")),
                                     qrPage(QStringLiteral("DELOVOD-SEP")),
                                     letterPage(3)};
        for (int i = 0; i < stack.size(); ++i)
            session.addPage(pageOf(stack.at(i), i));
        waitIdle(session);
        QCOMPARE(processed.size(), 7);
        QVERIFY(session.status().ok());
        for (const auto &arguments : processed)
            QCOMPARE(arguments.at(1).value<QImage>().height(), 256);
        const DocumentSplit split = session.split();
        QCOMPARE(split.documents, (QList<QList<int>> {{0, 1}, {3}, {6}}));
        QCOMPARE(split.separatorPages, (QList<int> {2, 4, 5}));
        QVERIFY(split.removedBlankPages.isEmpty());

        const QString output = m_dir.filePath(QStringLiteral("stack.pdf"));
        const auto written = session.writeDocuments(output);
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
        QCOMPARE(*written,
                 (QStringList {m_dir.filePath(QStringLiteral("stack-1.pdf")),
                               m_dir.filePath(QStringLiteral("stack-2.pdf")),
                               m_dir.filePath(QStringLiteral("stack-3.pdf"))}));
        int exitCode = -1;
        for (const QString &path : *written) {
            const QString check = run(QStringLiteral("qpdf"), {QStringLiteral("--check"), path}, &exitCode);
            QVERIFY2(exitCode == 0 && check.contains(QStringLiteral("No syntax or stream encoding errors")),
                     qPrintable(check));
        }
        const QString images = run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), written->at(0)});
        const QStringList rows = images.split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(2);
        QCOMPARE(rows.size(), 2);
        for (const QString &row : rows) {
            const QStringList cells = row.simplified().split(QLatin1Char(' '));
            QCOMPARE(cells.at(5), QStringLiteral("gray"));
            QCOMPARE(cells.at(8), QStringLiteral("jpeg"));
            QCOMPARE(cells.at(12), QStringLiteral("300"));
        }
    }

    void blankPagesAreReportedAndOnlyRemovedWhenAsked()
    {
        ScanProfile profile;
        profile.compression = PageCompression::Bitonal;
        profile.removeBlankPages = true;
        ScanSession session(profile);
        QImage signatureOnly = paper();
        addSignature(signatureOnly, Qt::black);
        const QList<QImage> stack = {letterPage(), paper(), signatureOnly, paper(250)};
        for (int i = 0; i < stack.size(); ++i)
            session.addPage(pageOf(stack.at(i), i));
        waitIdle(session);
        const DocumentSplit split = session.split();
        QCOMPARE(split.documents, (QList<QList<int>> {{0, 2}}));
        QCOMPARE(split.removedBlankPages, (QList<int> {1, 3}));
        // Bitonal compression: CCITT G4 at 300 dpi, small.
        const auto written = session.writeDocuments(m_dir.filePath(QStringLiteral("bitonal.pdf")));
        QVERIFY(written.ok());
        QCOMPARE(written->size(), 1);
        const QString images = run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), written->first()});
        QVERIFY2(images.contains(QStringLiteral("ccitt")), qPrintable(images));
        for (const ProcessedPage &page : session.pages())
            QVERIFY2(page.encoded.data.size() < 64 * 1024,
                     qPrintable(QString::number(page.encoded.data.size())));

        // Kept when not asked to remove them, and a blank separator rule splits instead.
        profile.removeBlankPages = false;
        profile.separator.kind = SeparatorRule::Kind::BlankSheet;
        profile.blankPageRule.enabled = false;
        ScanSession separated(profile);
        for (int i = 0; i < stack.size(); ++i)
            separated.addPage(pageOf(stack.at(i), i));
        waitIdle(separated);
        QCOMPARE(separated.split().documents, (QList<QList<int>> {{0}, {2}}));
        QCOMPARE(separated.split().separatorPages, (QList<int> {1, 3}));
    }

    void removingAPageAndEmptyBatches()
    {
        ScanSession session(ScanProfile {});
        QCOMPARE(session.writeDocuments(m_dir.filePath(QStringLiteral("none.pdf"))).error().code,
                 ErrorCode::InvalidState);
        session.addPage(pageOf(letterPage(2), 0));
        session.addPage(pageOf(letterPage(4), 1));
        waitIdle(session);
        QVERIFY(session.removePage(0).ok());
        QCOMPARE(session.removePage(0).error().code, ErrorCode::NotFound);
        QCOMPARE(session.split().documents, (QList<QList<int>> {{1}}));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none.pdf"))));
    }

    void badPagesAreReported()
    {
        ScanSession session(ScanProfile {});
        QSignalSpy failed(&session, &ScanSession::pageFailed);
        session.addPage(PageImage {QImage(), 300, ColorMode::Gray, 0});
        waitIdle(session);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(session.status().error().code, ErrorCode::InvalidInput);
        QCOMPARE(session.writeDocuments(m_dir.filePath(QStringLiteral("bad.pdf"))).error().code,
                 ErrorCode::InvalidInput);
    }

    void boundsRawPagesInFlight()
    {
        // A fast feeder of 12 A4 pages against a slower pipeline: the job must wait
        // for the session instead of piling raw pages up.
        FakeScript script;
        script.pagesInFeeder = 12;
        script.width = A4Width;
        script.lines = A4Height;
        auto backend = std::make_shared<FakeScannerBackend>(script);
        ScanSettings settings;
        settings.source = ScanSource::Feeder;
        ScanJob job(backend, QStringLiteral("fake:0"), settings);
        ScanProfile profile;
        profile.deskew = true; // slow on purpose
        ScanSession session(profile);
        session.attach(&job);
        int scanned = 0;
        int processed = 0;
        int maxInFlight = 0;
        connect(&job, &ScanJob::pageScanned, this, [&] {
            ++scanned;
            maxInFlight = std::max(maxInFlight, scanned - processed);
        });
        connect(&session, &ScanSession::pageProcessed, this, [&] { ++processed; });
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(120000));
        waitIdle(session);
        QCOMPARE(processed, 12);
        QVERIFY2(maxInFlight <= ScanSession::MaxPagesInFlight, qPrintable(QString::number(maxInFlight)));
        QCOMPARE(session.pages().size(), 12);
    }

    void cancelWhilePagesWait()
    {
        FakeScript script;
        script.pagesInFeeder = 50;
        script.width = A4Width;
        script.lines = A4Height;
        auto backend = std::make_shared<FakeScannerBackend>(script);
        ScanSettings settings;
        settings.source = ScanSource::Feeder;
        ScanJob job(backend, QStringLiteral("fake:0"), settings);
        ScanProfile profile;
        profile.deskew = true;
        ScanSession session(profile);
        session.attach(&job);
        QSignalSpy finished(&job, &ScanJob::finished);
        connect(&job, &ScanJob::pageScanned, &job, [&job](const PageImage &page) {
            if (page.index == 2)
                job.cancel();
        });
        job.start();
        QVERIFY(finished.wait(60000));
        const auto result = *static_cast<const Result<int> *>(finished.at(0).at(0).constData());
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        waitIdle(session);
        QVERIFY(session.pages().size() <= ScanSession::MaxPagesInFlight + 1);
    }

    void ocrTextFollowsItsPage()
    {
        // Pages of different widths reach OCR in whatever order their processing
        // ends; each page's text must still be its own.
        ScanProfile profile;
        profile.deskew = false;
        ScanSession session(profile);
        session.setOcrEngine(std::make_shared<FakeOcrEngine>());
        QVERIFY(session.recognizesText());
        QSignalSpy recognized(&session, &ScanSession::pageTextRecognized);
        for (int i = 0; i < 6; ++i) {
            QImage image(1000 + i * 10, 1400, QImage::Format_Grayscale8);
            image.fill(255);
            session.addPage(pageOf(image, 0));
        }
        waitIdle(session);
        QVERIFY(session.status().ok());
        QCOMPARE(recognized.size(), 6);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(session.pageText(i).text, QString::number(1000 + i * 10));
        const auto written = session.writeDocuments(m_dir.filePath(QStringLiteral("fake-ocr.pdf")));
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
        const QString text = run(QStringLiteral("pdftotext"), {written->first(), QStringLiteral("-")});
        QVERIFY2(text.contains(QStringLiteral("1000")) && text.contains(QStringLiteral("1050")),
                 qPrintable(text));

        // OCR off in the profile: the engine is not used.
        profile.ocr = false;
        ScanSession plain(profile);
        plain.setOcrEngine(std::make_shared<FakeOcrEngine>());
        QVERIFY(!plain.recognizesText());
    }

    void ocrBoundsRawPagesInFlight()
    {
        // The raw page stays in flight until its text is recognised too.
        FakeScript script;
        script.pagesInFeeder = 12;
        script.width = 1240;
        script.lines = 1754;
        auto backend = std::make_shared<FakeScannerBackend>(script);
        ScanSettings settings;
        settings.source = ScanSource::Feeder;
        ScanJob job(backend, QStringLiteral("fake:0"), settings);
        ScanProfile profile;
        profile.deskew = false;
        ScanSession session(profile);
        session.setOcrEngine(std::make_shared<FakeOcrEngine>());
        session.attach(&job);
        int scanned = 0;
        int recognized = 0;
        int maxInFlight = 0;
        connect(&job, &ScanJob::pageScanned, this, [&] {
            ++scanned;
            maxInFlight = std::max(maxInFlight, scanned - recognized);
        });
        connect(&session, &ScanSession::pageTextRecognized, this, [&] { ++recognized; });
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(60000));
        waitIdle(session);
        QCOMPARE(recognized, 12);
        QVERIFY2(maxInFlight <= ScanSession::MaxPagesInFlight, qPrintable(QString::number(maxInFlight)));
    }

    void ocrFailureIsReported()
    {
        ScanProfile profile;
        profile.deskew = false;
        ScanSession session(profile);
        session.setOcrEngine(std::make_shared<FakeOcrEngine>(false));
        QImage image(800, 1100, QImage::Format_Grayscale8);
        image.fill(255);
        for (int i = 0; i < 3; ++i)
            session.addPage(pageOf(image, i));
        waitIdle(session);
        QCOMPARE(session.status().error().code, ErrorCode::NotFound);
        QCOMPARE(session.pages().size(), 3);
        QCOMPARE(session.writeDocuments(m_dir.filePath(QStringLiteral("no-ocr.pdf"))).error().code,
                 ErrorCode::NotFound);
    }

#ifdef DMS_HAVE_SCANNING_OCR
    void importedBulgarianPageBecomesSearchable()
    {
        const QString png = m_dir.filePath(QStringLiteral("letter-bg.png"));
        QVERIFY(ocrpages::textImage(ocrpages::textLines()).save(png));
        auto backend = std::make_shared<ImportBackend>(QStringList {png});
        ScanProfile profile;
        ScanSettings settings = profile.settings();
        settings.source = ScanSource::Feeder;
        ScanJob job(backend, ImportBackend::DeviceName, settings);
        ScanSession session(profile);
        session.setOcrEngine(std::make_shared<TesseractOcrEngine>());
        session.attach(&job);
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(60000));
        waitIdle(session);
        QVERIFY2(session.status().ok(), qPrintable(session.status().error().toString()));
        const auto written = session.writeDocuments(m_dir.filePath(QStringLiteral("letter-bg.pdf")));
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
        int exitCode = -1;
        const QString text
            = run(QStringLiteral("pdftotext"), {written->first(), QStringLiteral("-")}, &exitCode);
        QCOMPARE(exitCode, 0);
        for (const QString &word :
             {QStringLiteral("ОБЩИНА"), QStringLiteral("ПЛОВДИВ"), QStringLiteral("Заявление"),
              QStringLiteral("удостоверение"), QStringLiteral("Петров")})
            QVERIFY2(text.contains(word), qPrintable(word + QStringLiteral(" not in: ") + text));
    }
#endif

private:
    static ScanProfile separatorProfile()
    {
        ScanProfile profile;
        profile.separator.kind = SeparatorRule::Kind::Barcode;
        profile.separator.barcodeText = QStringLiteral("DELOVOD-SEP");
        return profile;
    }
};

QTEST_MAIN(tst_ScanSession)
#include "tst_ScanSession.moc"
