// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeScannerBackend.h"
#include "scanning/ScanJob.h"

#include <QSignalSpy>
#include <QTest>

#include <thread>

using namespace dms;

namespace {

ScanSettings feeder()
{
    ScanSettings settings;
    settings.source = ScanSource::Feeder;
    return settings;
}

Result<int> resultOf(const QSignalSpy &spy)
{
    // Result<int> has no default constructor, so QVariant::value() cannot be used.
    return *static_cast<const Result<int> *>(spy.at(0).at(0).constData());
}

} // namespace

class tst_ScanJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void feederBatchRunsUntilEmptyOnOneWorkerThread()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        backend->script.pagesInFeeder = 4;
        ScanSettings settings = feeder();
        settings.deviceOptions = {{QStringLiteral("test-picture"), QStringLiteral("Grid")}};
        ScanJob job(backend, QStringLiteral("fake:0"), settings);
        QSignalSpy started(&job, &ScanJob::pageStarted);
        QSignalSpy progress(&job, &ScanJob::progress);
        QSignalSpy pages(&job, &ScanJob::pageScanned);
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(job.isRunning());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        const Result<int> result = resultOf(finished);
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(*result, 4);
        QCOMPARE(pages.size(), 4);
        // pageStarted for the fifth feed, answered by "no more documents".
        QCOMPARE(started.size(), 5);
        for (int i = 0; i < 4; ++i) {
            const auto page = pages.at(i).at(0).value<PageImage>();
            QCOMPARE(page.index, i);
            QCOMPARE(page.image.pixelColor(0, 0).red(), i);
            QCOMPARE(page.resolution, 300);
        }
        QVERIFY(progress.size() >= 4);
        QCOMPARE(progress.last().at(1).toInt(), 100);
        QVERIFY(!job.isRunning());

        const QMutexLocker lock(&backend->record->mutex);
        QCOMPARE(backend->record->callThreads.size(), 1);
        QVERIFY(backend->record->callThreads.first() != QThread::currentThread());
        QCOMPARE(backend->record->opened, 1);
        QCOMPARE(backend->record->closed, 1);
        QCOMPARE(backend->record->endBatches, 1);
        QCOMPARE(backend->record->options.size(), 1);
        QCOMPARE(backend->record->options.first().first, QStringLiteral("test-picture"));
        QCOMPARE(backend->record->configured.first().source, ScanSource::Feeder);
    }

    void flatbedScansOnePage()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        ScanJob job(backend, QStringLiteral("fake:0"), ScanSettings {});
        QSignalSpy pages(&job, &ScanJob::pageScanned);
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(*resultOf(finished), 1);
        QCOMPARE(pages.size(), 1);
    }

    void pageLimitStopsTheFeeder()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        backend->script.pagesInFeeder = 10;
        ScanSettings settings = feeder();
        settings.pageLimit = 2;
        ScanJob job(backend, QStringLiteral("fake:0"), settings);
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(*resultOf(finished), 2);
    }

    void emptyFeederAtStartIsAnError()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        backend->script.pagesInFeeder = 0;
        ScanJob job(backend, QStringLiteral("fake:0"), feeder());
        QSignalSpy pages(&job, &ScanJob::pageScanned);
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(resultOf(finished).error().code, ErrorCode::FeederEmpty);
        QCOMPARE(pages.size(), 0);
    }

    void deviceErrorKeepsEarlierPages_data()
    {
        QTest::addColumn<ErrorCode>("failure");
        QTest::addColumn<int>("failAt");
        QTest::newRow("jam on page 3") << ErrorCode::PaperJam << 2;
        QTest::newRow("cover open on page 1") << ErrorCode::CoverOpen << 0;
        QTest::newRow("i/o error on page 2") << ErrorCode::DeviceIo << 1;
        QTest::newRow("busy on page 4") << ErrorCode::DeviceBusy << 3;
    }

    void deviceErrorKeepsEarlierPages()
    {
        QFETCH(ErrorCode, failure);
        QFETCH(int, failAt);
        auto backend = std::make_shared<FakeScannerBackend>();
        backend->script.pagesInFeeder = 5;
        backend->script.failAtPage = failAt;
        backend->script.failure = failure;
        ScanJob job(backend, QStringLiteral("fake:0"), feeder());
        QSignalSpy pages(&job, &ScanJob::pageScanned);
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(resultOf(finished).error().code, failure);
        QCOMPARE(pages.size(), failAt);
        const QMutexLocker lock(&backend->record->mutex);
        QCOMPARE(backend->record->endBatches, 1);
        QCOMPARE(backend->record->closed, 1);
    }

    void openAndConfigureErrorsFinishTheJob()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        ScanJob unknown(backend, QStringLiteral("fake:9"), feeder());
        QSignalSpy unknownFinished(&unknown, &ScanJob::finished);
        unknown.start();
        QVERIFY(unknownFinished.wait(10000));
        QCOMPARE(resultOf(unknownFinished).error().code, ErrorCode::NotFound);

        backend->script.sources = {ScanSource::Flatbed};
        ScanJob noFeeder(backend, QStringLiteral("fake:0"), feeder());
        QSignalSpy noFeederFinished(&noFeeder, &ScanJob::finished);
        noFeeder.start();
        QVERIFY(noFeederFinished.wait(10000));
        QCOMPARE(resultOf(noFeederFinished).error().code, ErrorCode::InvalidInput);

        backend->script.sources = {ScanSource::Flatbed, ScanSource::Feeder};
        backend->script.configureError = makeError(ErrorCode::DeviceBusy, QStringLiteral("busy"));
        ScanJob busy(backend, QStringLiteral("fake:0"), feeder());
        QSignalSpy busyFinished(&busy, &ScanJob::finished);
        busy.start();
        QVERIFY(busyFinished.wait(10000));
        QCOMPARE(resultOf(busyFinished).error().code, ErrorCode::DeviceBusy);
        const QMutexLocker lock(&backend->record->mutex);
        QCOMPARE(backend->record->pagesStarted, 0);
        QCOMPARE(backend->record->opened, backend->record->closed);
    }

    void cancelMidPageFromAnotherThread()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        backend->script.pagesInFeeder = 5;
        backend->script.hangAtPage = 1;
        ScanJob job(backend, QStringLiteral("fake:0"), feeder());
        QSignalSpy pages(&job, &ScanJob::pageScanned);
        QSignalSpy finished(&job, &ScanJob::finished);
        std::unique_ptr<std::thread> canceller;
        connect(&job, &ScanJob::pageStarted, this, [&](int index) {
            if (index == 1)
                canceller = std::make_unique<std::thread>([&job] { job.cancel(); });
        });
        job.start();
        QVERIFY(finished.wait(10000));
        canceller->join();
        QCOMPARE(finished.size(), 1);
        const Result<int> result = resultOf(finished);
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QVERIFY(result.error().isCancelled());
        QCOMPARE(pages.size(), 1);
        QVERIFY(job.isCancelRequested());
        job.cancel();
        QTest::qWait(0);
        QCOMPARE(finished.size(), 1);
        const QMutexLocker lock(&backend->record->mutex);
        QCOMPARE(backend->record->cancelsSeen, 1);
        QCOMPARE(backend->record->pagesStarted, 2);
        QCOMPARE(backend->record->closed, 1);
    }

    void cancelBeforeStartNeverOpensTheDevice()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        ScanJob job(backend, QStringLiteral("fake:0"), feeder());
        QSignalSpy finished(&job, &ScanJob::finished);
        job.cancel();
        job.start();
        QCOMPARE(finished.size(), 0); // never inside start()
        QVERIFY(finished.wait(10000));
        QCOMPARE(resultOf(finished).error().code, ErrorCode::Cancelled);
        job.start();
        QTest::qWait(0);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(backend->record->opened, 0);
    }

    void destroyingARunningJobStopsTheDevice()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        backend->script.hangAtPage = 0;
        {
            ScanJob job(backend, QStringLiteral("fake:0"), feeder());
            QSignalSpy started(&job, &ScanJob::pageStarted);
            job.start();
            QVERIFY(started.wait(10000));
        }
        const QMutexLocker lock(&backend->record->mutex);
        QCOMPARE(backend->record->cancelsSeen, 1);
        QCOMPARE(backend->record->closed, 1);
    }

    void slowPagesReportProgress()
    {
        auto backend = std::make_shared<FakeScannerBackend>();
        backend->script.pagesInFeeder = 2;
        backend->script.lineDelay = std::chrono::microseconds(500);
        ScanJob job(backend, QStringLiteral("fake:0"), feeder());
        QSignalSpy progress(&job, &ScanJob::progress);
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(*resultOf(finished), 2);
        // One signal per distinct percent and page: 40 lines give 40 steps each.
        QCOMPARE(progress.size(), 80);
        int previous = -1;
        for (const auto &arguments : progress) {
            if (arguments.at(0).toInt() == 0) {
                QVERIFY(arguments.at(1).toInt() > previous);
                previous = arguments.at(1).toInt();
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_ScanJob)
#include "tst_ScanJob.moc"
