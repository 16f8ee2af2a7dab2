// SPDX-License-Identifier: GPL-3.0-or-later
// libtesseract through TesseractOcrEngine on rendered Bulgarian + English pages.
#include "OcrTestPages.h"
#include "scanning/OcrJob.h"
#include "scanning/ocr/TesseractOcrEngine.h"
#include "scanning/pdf/ScanPdfWriter.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace dms;

namespace {

QStringList wordsOf(const OcrPageText &text)
{
    QStringList words;
    for (const OcrWord &word : text.words)
        words.append(word.text);
    return words;
}

} // namespace

class tst_TesseractOcrEngine : public QObject
{
    Q_OBJECT

private:
    /** One recognizer for the tests: loading the languages takes a while. */
    OcrRecognizer *recognizer()
    {
        if (!m_recognizer) {
            auto created = m_engine.createRecognizer();
            if (!created)
                qFatal("%s", qPrintable(created.error().toString()));
            m_recognizer = std::move(created).value();
        }
        return m_recognizer.get();
    }

    /** Rows [top, top + height) of the rendered page. */
    PageImage strip(int top, int height) const
    {
        PageImage part = m_page;
        part.image = m_page.image.copy(0, top, ocrpages::A4Width, height);
        return part;
    }

    std::unique_ptr<OcrRecognizer> m_recognizer;

    TesseractOcrEngine m_engine;
    PageImage m_page; // rendered once: drawing 300 dpi text takes a while
    OcrPageText m_text; // m_page recognised

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_engine.check().ok(), qPrintable(m_engine.check().error().toString()));
        m_page = ocrpages::textPage(0);
        const Result<OcrPageText> text = recognizer()->recognize(m_page, [] { return false; });
        QVERIFY2(text.ok(), qPrintable(text.error().toString()));
        m_text = *text;
    }

    void recognisesBulgarianAndEnglishWordsWithBoxes()
    {
        const OcrPageText *text = &m_text; // recognised in initTestCase()
        const QStringList words = wordsOf(*text);
        for (const char *expected :
             {"ОБЩИНА", "ПЛОВДИВ", "Заявление", "издаване", "удостоверение", "постоянен", "собственост.",
              "applicant", "certificate", "residence", "Петров"}) {
            QVERIFY2(words.contains(QString::fromUtf8(expected)),
                     qPrintable(QStringLiteral("%1 not in: %2")
                                    .arg(QString::fromUtf8(expected), words.join(QLatin1Char(' ')))));
        }
        QVERIFY(text->text.contains(QStringLiteral("Заявление за издаване на удостоверение")));
        QCOMPARE(text->width, ocrpages::A4Width);
        QCOMPARE(text->height, ocrpages::A4Height);
        QCOMPARE(text->resolution, 300);

        // "ОБЩИНА" is drawn at x = 240 with its baseline at y = 300, 50 px high letters.
        const OcrWord first = text->words.first();
        QCOMPARE(first.text, QStringLiteral("ОБЩИНА"));
        QVERIFY2(qAbs(first.box.left() - 240) <= 8, qPrintable(QString::number(first.box.left())));
        QVERIFY2(qAbs(first.box.bottom() - 300) <= 8, qPrintable(QString::number(first.box.bottom())));
        QVERIFY(first.box.height() > 25 && first.box.height() < 60);
        QVERIFY(qAbs(first.baseline - 300) <= 8);
        QVERIFY(first.confidence > 80 && first.confidence <= 100);
        for (const OcrWord &word : text->words)
            QVERIFY(QRect(0, 0, ocrpages::A4Width, ocrpages::A4Height).contains(word.box));
    }

    void recognisedPageBecomesASearchablePdf()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("scan.pdf"));
        ScanPdfWriter writer;
        QVERIFY(writer.open(path).ok());
        QVERIFY(writer.addPage(m_page, m_text).ok());
        QVERIFY(writer.finish().ok());
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
        QVERIFY(pdftotext.waitForFinished(30000));
        QCOMPARE(pdftotext.exitCode(), 0);
        const QString text = QString::fromUtf8(pdftotext.readAllStandardOutput()).simplified();
        for (const QString &expected :
             {QStringLiteral("ОБЩИНА ПЛОВДИВ"), QStringLiteral("Заявление за издаване на удостоверение"),
              QStringLiteral("applicant requests"), QStringLiteral("certificate of residence"),
              QStringLiteral("Подпис: Иван Петров")})
            QVERIFY2(text.contains(expected), qPrintable(text));
    }

    void recognitionStartsNoOpenMpThreads()
    {
        // libtesseract is built with OpenMP; left alone it would start a team of
        // threads per core inside each recognizer, on top of OcrJob's workers.
        const auto threadCount = [] {
            return int(
                QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
        };
        // A fresh recognizer: OpenMP must be off on every thread that creates one.
        auto created = m_engine.createRecognizer();
        QVERIFY(created.ok());
        const PageImage lines = strip(200, 300);
        const int before = threadCount();
        std::atomic_int most {0};
        std::atomic_bool done {false};
        std::thread monitor([&] {
            while (!done) {
                most = std::max(most.load(), threadCount());
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
        const Result<OcrPageText> text = (*created)->recognize(lines, [] { return false; });
        done = true;
        monitor.join();
        QVERIFY(text.ok());
        QVERIFY2(most.load() <= before + 1,
                 qPrintable(QStringLiteral("%1 threads, %2 before").arg(most.load()).arg(before)));
    }

    void blankPageHasNoWords()
    {
        QImage blank(ocrpages::A4Width / 4, ocrpages::A4Height / 4, QImage::Format_Grayscale8);
        blank.fill(255);
        const Result<OcrPageText> text
            = recognizer()->recognize({blank, 150, ColorMode::Gray, 0}, [] { return false; });
        QVERIFY2(text.ok(), qPrintable(text.error().toString()));
        QVERIFY(text->isEmpty());
        QVERIFY(text->text.isEmpty());
    }

    void otherImageFormatsAreRecognised()
    {
        // Bitonal, as a lineart scan arrives.
        PageImage mono = strip(200, 200);
        mono.image = mono.image.convertToFormat(QImage::Format_Mono);
        const Result<OcrPageText> text = recognizer()->recognize(mono, [] { return false; });
        QVERIFY2(text.ok(), qPrintable(text.error().toString()));
        QVERIFY(wordsOf(*text).contains(QStringLiteral("Заявление")));
    }

    void garbageInputIsRefusedOrYieldsNoCrash()
    {
        OcrRecognizer *ocr = recognizer();
        const auto never = [] {
            return false;
        };
        QCOMPARE(ocr->recognize({QImage(), 300, ColorMode::Gray, 0}, never).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(ocr->recognize({m_page.image, 0, ColorMode::Gray, 0}, never).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(ocr->recognize({m_page.image, -300, ColorMode::Gray, 0}, never).error().code,
                 ErrorCode::InvalidInput);

        // One pixel, and random noise: no crash, no words worth the name.
        QImage pixel(1, 1, QImage::Format_Grayscale8);
        pixel.fill(0);
        const Result<OcrPageText> tiny = ocr->recognize({pixel, 300, ColorMode::Gray, 0}, never);
        QVERIFY(tiny.ok() || tiny.error().code == ErrorCode::Internal);
        if (tiny.ok())
            QVERIFY(tiny->words.size() <= 1);
        QImage noise(600, 400, QImage::Format_Grayscale8);
        QRandomGenerator random(42);
        for (int y = 0; y < noise.height(); ++y) {
            uchar *line = noise.scanLine(y);
            for (int x = 0; x < noise.width(); ++x)
                line[x] = uchar(random.bounded(256));
        }
        const Result<OcrPageText> noisy = ocr->recognize({noise, 300, ColorMode::Gray, 0}, never);
        QVERIFY(noisy.ok() || noisy.error().code == ErrorCode::Internal);

        // The recognizer still works afterwards.
        const Result<OcrPageText> after = ocr->recognize(strip(200, 200), never);
        QVERIFY2(after.ok(), qPrintable(after.error().toString()));
        QVERIFY(wordsOf(*after).contains(QStringLiteral("ПЛОВДИВ")));
    }

    void cancelStopsRecognition()
    {
        std::atomic_int polls {0};
        const Result<OcrPageText> text
            = recognizer()->recognize(strip(200, 600), [&polls] { return ++polls > 3; });
        QVERIFY(text.error().isCancelled());
        QVERIFY(polls.load() > 3);
    }

    void missingLanguageDataIsAClearError()
    {
        QTemporaryDir empty;
        TesseractOcrEngine engine({QStringLiteral("bul+eng"), empty.path()});
        QCOMPARE(engine.dataPath(), empty.path());
        const auto created = engine.createRecognizer();
        QCOMPARE(created.error().code, ErrorCode::NotFound);
        QVERIFY(created.error().message.contains(QStringLiteral("\"bul\"")));
        QVERIFY(created.error().message.contains(QStringLiteral("tesseract-ocr-bul")));
        QVERIFY(created.error().detail.contains(empty.path()));

        QVERIFY(QFile::copy(m_engine.dataPath() + QStringLiteral("/bul.traineddata"),
                            empty.filePath(QStringLiteral("bul.traineddata"))));
        QCOMPARE(engine.createRecognizer().error().code, ErrorCode::NotFound); // eng still missing
        QVERIFY(engine.createRecognizer().error().message.contains(QStringLiteral("tesseract-ocr-eng")));

        TesseractOcrEngine none({QString(), empty.path()});
        QCOMPARE(none.createRecognizer().error().code, ErrorCode::InvalidInput);
    }

    void damagedLanguageDataIsAnError()
    {
        QTemporaryDir dir;
        QFile garbage(dir.filePath(QStringLiteral("bul.traineddata")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
        garbage.close();
        TesseractOcrEngine engine({QStringLiteral("bul"), dir.path()});
        QVERIFY(engine.check().ok());
        const auto created = engine.createRecognizer();
        QCOMPARE(created.error().code, ErrorCode::Internal);
        QVERIFY(!created.error().message.isEmpty());
    }

    void dataPathComesFromTheEnvironment()
    {
        qputenv("DMS_TESSDATA", "/opt/tessdata");
        QCOMPARE(TesseractOcrEngine::defaultDataPath(), QStringLiteral("/opt/tessdata"));
        qunsetenv("DMS_TESSDATA");
        const QByteArray previous = qgetenv("TESSDATA_PREFIX");
        qunsetenv("TESSDATA_PREFIX");
        QCOMPARE(TesseractOcrEngine::defaultDataPath(),
                 QStringLiteral("/usr/share/tesseract-ocr/5/tessdata"));
        if (!previous.isEmpty())
            qputenv("TESSDATA_PREFIX", previous);
    }

    void jobRecognisesPagesOnTwoThreadsWithoutOpenMpThreads()
    {
        // Two half pages: every worker runs tesseract at once.
        QList<PageImage> pages;
        for (int i = 0; i < 2; ++i) {
            PageImage page = ocrpages::textPage(i);
            page.image = page.image.copy(0, 200, ocrpages::A4Width, 300);
            pages.append(page);
        }
        OcrJob job(std::make_shared<TesseractOcrEngine>(), pages, 2);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QVERIFY(finished.wait(30000));
        const auto result
            = *static_cast<const Result<QList<OcrPageText>> *>(finished.at(0).at(0).constData());
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(result->size(), 2);
        QVERIFY(wordsOf(result->at(0)).contains(QStringLiteral("1000")));
        QVERIFY(wordsOf(result->at(1)).contains(QStringLiteral("1037")));
        QCOMPARE(qgetenv("OMP_THREAD_LIMIT"), QByteArray("1"));
    }
};

QTEST_MAIN(tst_TesseractOcrEngine)
#include "tst_TesseractOcrEngine.moc"
