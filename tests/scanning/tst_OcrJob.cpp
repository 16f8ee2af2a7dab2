// SPDX-License-Identifier: GPL-3.0-or-later
// OcrJob's threading, cancel and error paths against a fake OCR engine.
#include "scanning/OcrEngine.h"
#include "scanning/OcrJob.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace dms;
using namespace std::chrono_literals;

namespace {

/** Recognises "page <index>" on every page; can fail, block until cancelled
 *  or be slow, and records which thread each recognizer ran on. */
class FakeOcrEngine : public OcrEngine
{
public:
    std::atomic_int recognizersCreated {0};
    std::atomic_int pagesStarted {0};
    std::atomic_int maxConcurrent {0};
    std::atomic_int concurrent {0};
    int failCreateAfter = -1; // fail the creation of recognizers beyond this count
    int failOnPage = -1;
    bool blockUntilCancelled = false;
    std::chrono::milliseconds delay {0};
    std::mutex mutex;
    QSet<std::thread::id> threads;

    Result<std::unique_ptr<OcrRecognizer>> createRecognizer() override;
};

class FakeOcrRecognizer : public OcrRecognizer
{
public:
    explicit FakeOcrRecognizer(FakeOcrEngine &engine)
        : m_engine(engine)
        , m_thread(std::this_thread::get_id())
    { }

    Result<OcrPageText> recognize(const PageImage &page, const std::function<bool()> &isCancelled) override
    {
        if (std::this_thread::get_id() != m_thread)
            return makeError(ErrorCode::Internal, QStringLiteral("recognizer used on another thread"));
        ++m_engine.pagesStarted;
        const int now = ++m_engine.concurrent;
        for (int seen = m_engine.maxConcurrent;
             now > seen && !m_engine.maxConcurrent.compare_exchange_weak(seen, now);) { }
        const auto leave = qScopeGuard([this] { --m_engine.concurrent; });
        {
            const std::lock_guard lock(m_engine.mutex);
            m_engine.threads.insert(m_thread);
        }
        if (page.index == m_engine.failOnPage)
            return makeError(ErrorCode::InvalidInput, QStringLiteral("unreadable page"));
        const auto deadline
            = std::chrono::steady_clock::now() + (m_engine.blockUntilCancelled ? 20s : m_engine.delay);
        while (std::chrono::steady_clock::now() < deadline) {
            if (isCancelled())
                return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
            std::this_thread::sleep_for(1ms);
        }
        OcrPageText text;
        text.text = QStringLiteral("page %1").arg(page.index);
        text.words = {OcrWord {QStringLiteral("page"), QRect(10, 10, 40, 12), 20, 90},
                      OcrWord {QString::number(page.index), QRect(60, 10, 12, 12), 20, 80}};
        text.width = page.image.width();
        text.height = page.image.height();
        text.resolution = page.resolution;
        return text;
    }

private:
    FakeOcrEngine &m_engine;
    std::thread::id m_thread;
};

Result<std::unique_ptr<OcrRecognizer>> FakeOcrEngine::createRecognizer()
{
    const int number = ++recognizersCreated;
    if (failCreateAfter >= 0 && number > failCreateAfter)
        return makeError(ErrorCode::NotFound, QStringLiteral("no language data"));
    return std::unique_ptr<OcrRecognizer>(std::make_unique<FakeOcrRecognizer>(*this));
}

QList<PageImage> pages(int count)
{
    QList<PageImage> list;
    for (int i = 0; i < count; ++i) {
        QImage image(20, 30, QImage::Format_Grayscale8);
        image.fill(255);
        list.append(PageImage {image, 300, ColorMode::Gray, i});
    }
    return list;
}

using PagesResult = Result<QList<OcrPageText>>;

PagesResult resultOf(const QSignalSpy &spy)
{
    return *static_cast<const PagesResult *>(spy.at(0).at(0).constData());
}

} // namespace

class tst_OcrJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pagesRunInParallelOneRecognizerPerThread()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        engine->delay = 30ms;
        OcrJob job(engine, pages(8), 2);
        QCOMPARE(job.threadCount(), 2);
        QSignalSpy recognized(&job, &OcrJob::pageRecognized);
        QSignalSpy progress(&job, &OcrJob::progress);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QVERIFY(job.isRunning());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        QVERIFY(!job.isRunning());
        const PagesResult result = resultOf(finished);
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(result->size(), 8);
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(result->at(i).text, QStringLiteral("page %1").arg(i));
            QCOMPARE(result->at(i).words.at(1).text, QString::number(i));
        }
        QCOMPARE(engine->recognizersCreated.load(), 2);
        QCOMPARE(engine->threads.size(), 2);
        QVERIFY(!engine->threads.contains(std::this_thread::get_id()));
        QCOMPARE(engine->maxConcurrent.load(), 2);
        QCOMPARE(recognized.size(), 8);
        QSet<int> positions;
        for (const auto &arguments : recognized)
            positions.insert(arguments.at(0).toInt());
        QCOMPARE(positions.size(), 8);
        QCOMPARE(progress.size(), 8);
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(progress.at(i).at(0).toInt(), i + 1);
            QCOMPARE(progress.at(i).at(1).toInt(), 8);
        }
    }

    void pagesAddedWhileRunning()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        OcrJob job(engine, 2);
        QSignalSpy recognized(&job, &OcrJob::pageRecognized);
        QSignalSpy progress(&job, &OcrJob::progress);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        const QList<PageImage> all = pages(5);
        for (int i = 0; i < 3; ++i)
            job.addPage(all.at(i));
        QTRY_COMPARE_WITH_TIMEOUT(recognized.size(), 3, 5000);
        QTest::qWait(50);
        QCOMPARE(finished.size(), 0); // more pages may come
        QCOMPARE(progress.last().at(0).toInt(), 3);
        QCOMPARE(progress.last().at(1).toInt(), 3);
        job.addPage(all.at(3));
        job.addPage(all.at(4));
        job.endOfPages();
        job.addPage(all.at(0)); // ignored: the pages have ended
        QVERIFY(finished.wait(5000));
        const PagesResult result = resultOf(finished);
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(result->size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(result->at(i).text, QStringLiteral("page %1").arg(i));
        QCOMPARE(progress.last().at(1).toInt(), 5);
    }

    void recognisedPagesAreReleased()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        OcrJob job(engine, 1);
        QSignalSpy recognized(&job, &OcrJob::pageRecognized);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        static std::atomic_int freed;
        freed = 0;
        {
            auto *pixels = new uchar[100 * 100];
            std::fill(pixels, pixels + 100 * 100, uchar(255));
            const QImage image(
                pixels, 100, 100, 100, QImage::Format_Grayscale8,
                [](void *data) {
                    delete[] static_cast<uchar *>(data);
                    ++freed;
                },
                pixels);
            job.addPage({image, 300, ColorMode::Gray, 0});
        }
        QVERIFY(recognized.wait(5000));
        QCOMPARE(freed.load(), 1); // released once recognised, while the job still runs
        QVERIFY(job.isRunning());
        job.endOfPages();
        QVERIFY(finished.wait(5000));
        QVERIFY(resultOf(finished).ok());
    }

    void cancelWhileWaitingForPages()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        OcrJob job(engine, 2);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        job.addPage(pages(1).first());
        QTRY_COMPARE_WITH_TIMEOUT(engine->pagesStarted.load(), 1, 5000);
        QTest::qWait(20);
        job.cancel();
        QVERIFY(finished.wait(5000));
        // Cancelled before the pages ended, even though every page given was done.
        QVERIFY(resultOf(finished).error().isCancelled());
        QCOMPARE(finished.size(), 1);
    }

    void endWithoutPages()
    {
        OcrJob job(std::make_shared<FakeOcrEngine>(), 2);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        job.endOfPages();
        QVERIFY(finished.wait(5000));
        QVERIFY(resultOf(finished).ok());
        QVERIFY(resultOf(finished)->isEmpty());
    }

    void threadCountDefaultsToCoresAndNeverExceedsPages()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        const int cores = int(std::max(1U, std::thread::hardware_concurrency()));
        QCOMPARE(OcrJob(engine, pages(100)).threadCount(), cores);
        QCOMPARE(OcrJob(engine, pages(1), 8).threadCount(), 1);
        QCOMPARE(OcrJob(engine, pages(5), -3).threadCount(), std::min(cores, 5));
    }

    void noPagesFinishesWithNoText()
    {
        OcrJob job(std::make_shared<FakeOcrEngine>(), QList<PageImage>());
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QCOMPARE(finished.size(), 0); // never before start() returns
        QVERIFY(finished.wait(5000));
        const PagesResult result = resultOf(finished);
        QVERIFY(result.ok());
        QVERIFY(result->isEmpty());
    }

    void missingEngineIsAnError()
    {
        OcrJob job(nullptr, pages(2));
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QVERIFY(finished.wait(5000));
        QCOMPARE(resultOf(finished).error().code, ErrorCode::Internal);
    }

    void recognizerCreationErrorEndsTheJob()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        engine->failCreateAfter = 0;
        OcrJob job(engine, pages(4), 2);
        QSignalSpy recognized(&job, &OcrJob::pageRecognized);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(resultOf(finished).error().code, ErrorCode::NotFound);
        QCOMPARE(recognized.size(), 0);
    }

    void oneFailingWorkerStillLetsTheOtherFinishWithTheError()
    {
        // One recognizer can be created, the second not: the first error wins.
        auto engine = std::make_shared<FakeOcrEngine>();
        engine->failCreateAfter = 1;
        engine->delay = 20ms;
        OcrJob job(engine, pages(4), 2);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QVERIFY(finished.wait(5000));
        QCOMPARE(resultOf(finished).error().code, ErrorCode::NotFound);
    }

    void pageErrorStopsTheOtherWorkersAndIsReported()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        engine->failOnPage = 2;
        engine->delay = 20ms;
        OcrJob job(engine, pages(20), 2);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        const PagesResult result = resultOf(finished);
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY(engine->pagesStarted.load() < 20);
    }

    void cancelMidPageStopsPromptly()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        engine->blockUntilCancelled = true;
        OcrJob job(engine, pages(6), 2);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(engine->pagesStarted.load(), 2, 5000);
        QElapsedTimer timer;
        timer.start();
        job.cancel();
        QVERIFY(finished.wait(5000));
        QVERIFY(timer.elapsed() < 2000);
        QCOMPARE(finished.size(), 1);
        QVERIFY(resultOf(finished).error().isCancelled());
        QCOMPARE(engine->pagesStarted.load(), 2);
    }

    void cancelBeforeStartRecognisesNothing()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        OcrJob job(engine, pages(3));
        job.cancel();
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        job.start(); // runs once
        QVERIFY(finished.wait(5000));
        QVERIFY(resultOf(finished).error().isCancelled());
        QCOMPARE(engine->recognizersCreated.load(), 0);
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
    }

    void cancelAfterTheEndKeepsTheResult()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        OcrJob job(engine, pages(2), 2);
        QSignalSpy finished(&job, &OcrJob::finished);
        job.start();
        QVERIFY(finished.wait(5000));
        job.cancel();
        QVERIFY(resultOf(finished).ok());
    }

    void destroyingARunningJobStopsTheWorkers()
    {
        auto engine = std::make_shared<FakeOcrEngine>();
        engine->blockUntilCancelled = true;
        QElapsedTimer timer;
        timer.start();
        {
            OcrJob job(engine, pages(4), 2);
            job.start();
            QTRY_COMPARE_WITH_TIMEOUT(engine->pagesStarted.load(), 2, 5000);
        }
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(engine->concurrent.load(), 0);
        QCoreApplication::processEvents(); // queued calls to the deleted job are dropped
    }
};

QTEST_GUILESS_MAIN(tst_OcrJob)
#include "tst_OcrJob.moc"
