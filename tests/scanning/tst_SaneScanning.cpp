// SPDX-License-Identifier: GPL-3.0-or-later
// The SANE adapter against the real SANE "test" backend, in a private
// SANE_CONFIG_DIR written before the first sane_init.
#include "sane/FaultingSaneBackend.h"
#include "sane/SaneTestConfig.h"
#include "scanning/ScanJob.h"
#include "scanning/sane/DeferredCancellation.h"
#include "scanning/sane/SaneBackend.h"
#include "scanning/sane/SaneLibrary.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <dlfcn.h>
#include <pthread.h>
#include <thread>
#include <unistd.h>

using namespace dms;

namespace {

std::atomic_int s_cancelCalls {0};
void (*s_realCancel)(SANE_Handle) = nullptr;

void countingCancel(SANE_Handle handle)
{
    ++s_cancelCalls;
    s_realCancel(handle);
}

std::atomic_int s_sigpipes {0};
std::atomic_int s_writeErrno {0};
SANE_Status (*s_realStart)(SANE_Handle) = nullptr;

/** sane_start, then what a sanei_thread reader does when the frontend has closed
 *  its end of the pipe: a thread started inside sane_start writes into a pipe
 *  without a reader. */
SANE_Status startThenWriteToClosedPipe(SANE_Handle handle)
{
    const SANE_Status status = s_realStart(handle);
    int fds[2];
    if (pipe(fds) != 0)
        return SANE_STATUS_IO_ERROR;
    close(fds[0]);
    std::thread reader([fd = fds[1]] {
        const char byte = 0;
        s_writeErrno = write(fd, &byte, 1) < 0 ? errno : 0;
    });
    reader.join();
    close(fds[1]);
    return status;
}

SaneLibrary countingLibrary()
{
    SaneLibrary library = SaneLibrary::system();
    s_realCancel = library.cancel;
    library.cancel = &countingCancel;
    return library;
}

ScanSettings smallPages(ScanSource source = ScanSource::Flatbed)
{
    ScanSettings settings;
    settings.source = source;
    settings.mode = ColorMode::Gray;
    settings.resolution = 75;
    settings.areaMm = QRectF(0, 0, 210, 297);
    return settings;
}

struct Run
{
    explicit Run(std::shared_ptr<ScannerBackend> backend, const ScanSettings &settings,
                 const QString &device = QStringLiteral("test:0"))
        : job(std::move(backend), device, settings)
        , started(&job, &ScanJob::pageStarted)
        , progress(&job, &ScanJob::progress)
        , pages(&job, &ScanJob::pageScanned)
        , finished(&job, &ScanJob::finished)
    { }

    Result<int> wait()
    {
        job.start();
        if (!finished.wait(120000) || finished.size() != 1)
            return makeError(ErrorCode::Internal, QStringLiteral("no single finished() signal"));
        // Result<int> has no default constructor, so QVariant::value() cannot be used.
        return *static_cast<const Result<int> *>(finished.at(0).at(0).constData());
    }
    PageImage page(int i) const { return pages.at(i).at(0).value<PageImage>(); }

    ScanJob job;
    QSignalSpy started;
    QSignalSpy progress;
    QSignalSpy pages;
    QSignalSpy finished;
};

} // namespace

class tst_SaneScanning : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_config;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        const QString error = useSaneTestBackend(m_config.path(), "test-picture \"Color pattern\"");
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void backendReaderThreadsGetDeferredCancellation()
    {
        QVERIFY(DeferredCancellation::isActive());
        // Look the function up as a dlopen()ed backend does and ask for asynchronous
        // cancellation, as sanei_thread's reader threads do: it must stay deferred.
        using SetCancelType = int (*)(int, int *);
        const auto bound = reinterpret_cast<SetCancelType>(dlsym(RTLD_DEFAULT, "pthread_setcanceltype"));
        QVERIFY(bound);
        int typeAfterAsking = -1;
        std::thread reader([&] {
            int old = 0;
            bound(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
            bound(PTHREAD_CANCEL_DEFERRED, &typeAfterAsking);
        });
        reader.join();
        QCOMPARE(typeAfterAsking, int(PTHREAD_CANCEL_DEFERRED));
    }

    void manyShortPagesEndCleanly()
    {
        // Every page end pthread_cancel()s the test backend's reader just after its
        // last write, often while it frees its buffer; with asynchronous
        // cancellation this hung now and then. 40 tiny pages in four batches.
        for (int batch = 0; batch < 4; ++batch) {
            ScanSettings settings = smallPages(ScanSource::Feeder);
            settings.resolution = 25;
            settings.deviceOptions = {{QStringLiteral("test-picture"), QStringLiteral("Solid white")}};
            Run run(std::make_shared<SaneBackend>(), settings);
            const Result<int> result = run.wait();
            QVERIFY2(result.ok(), qPrintable(result.error().toString()));
            QCOMPARE(*result, 10);
        }
    }

    void listsTheTestDevices()
    {
        SaneBackend backend;
        const auto devices = backend.devices();
        QVERIFY2(devices.ok(), qPrintable(devices.error().toString()));
        QStringList names;
        for (const ScannerInfo &info : *devices)
            names.append(info.name);
        QCOMPARE(names, (QStringList {QStringLiteral("test:0"), QStringLiteral("test:1")}));
        QCOMPARE(backend.open(QStringLiteral("nothing:7")).error().code, ErrorCode::InvalidInput);
    }

    void exposesOptionsGenerically()
    {
        SaneBackend backend;
        auto device = backend.open(QStringLiteral("test:0"));
        QVERIFY2(device.ok(), qPrintable(device.error().toString()));
        const QList<ScanOption> options = (*device)->options();
        const auto find = [&options](const QString &name) {
            return *std::find_if(options.cbegin(), options.cend(),
                                 [&name](const ScanOption &option) { return option.name == name; });
        };
        const ScanOption resolution = find(QStringLiteral("resolution"));
        QCOMPARE(resolution.type, ScanOption::Type::Fixed);
        QCOMPARE(resolution.unit, ScanOption::Unit::Dpi);
        QCOMPARE(resolution.constraint, ScanOption::Constraint::Range);
        QCOMPARE(resolution.maximum, 1200.0);
        QCOMPARE(resolution.value.toDouble(), 75.0);
        const ScanOption mode = find(QStringLiteral("mode"));
        QCOMPARE(mode.type, ScanOption::Type::String);
        QVERIFY(mode.allowedValues.contains(QStringLiteral("Color")));
        QCOMPARE(mode.value.toString(), QStringLiteral("Gray"));
        QCOMPARE(find(QStringLiteral("depth")).allowedValues, (QVariantList {1, 8, 16}));
        QCOMPARE(find(QStringLiteral("br-x")).unit, ScanOption::Unit::Millimetre);
        QCOMPARE(find(QStringLiteral("hand-scanner")).type, ScanOption::Type::Bool);
        QVERIFY(!find(QStringLiteral("read-delay-duration")).active);
        QCOMPARE((*device)->sources(), (QList<ScanSource> {ScanSource::Flatbed, ScanSource::Feeder}));

        QVERIFY((*device)->setOption(QStringLiteral("test-picture"), QStringLiteral("Grid")).ok());
        QCOMPARE((*device)->setOption(QStringLiteral("no-such-option"), 1).error().code, ErrorCode::NotFound);
        QCOMPARE((*device)->setOption(QStringLiteral("read-delay-duration"), 1000).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE((*device)->setOption(QStringLiteral("mode"), QStringLiteral("Infrared")).error().code,
                 ErrorCode::InvalidInput);
    }

    void feederBatchOfTenEndsWithNoDocuments()
    {
        s_cancelCalls = 0;
        Run run(std::make_shared<SaneBackend>(countingLibrary()), smallPages(ScanSource::Feeder));
        const Result<int> result = run.wait();
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(*result, 10);
        QCOMPARE(run.pages.size(), 10);
        QCOMPARE(run.started.size(), 11);
        for (int i = 0; i < 10; ++i) {
            const PageImage page = run.page(i);
            QCOMPARE(page.index, i);
            QCOMPARE(page.resolution, 75);
            QCOMPARE(page.image.format(), QImage::Format_Grayscale8);
            QCOMPARE(page.image.width(), 620); // 210 mm at 75 dpi
            QCOMPARE(page.image.height(), 876);
        }
        // One sane_cancel ends the batch.
        QCOMPARE(s_cancelCalls.load(), 1);
    }

    void colourModes_data()
    {
        QTest::addColumn<ColorMode>("mode");
        QTest::addColumn<QImage::Format>("format");
        QTest::newRow("lineart") << ColorMode::Lineart << QImage::Format_Mono;
        QTest::newRow("gray") << ColorMode::Gray << QImage::Format_Grayscale8;
        QTest::newRow("color") << ColorMode::Color << QImage::Format_RGB888;
    }

    void colourModes()
    {
        QFETCH(ColorMode, mode);
        QFETCH(QImage::Format, format);
        ScanSettings settings = smallPages();
        settings.mode = mode;
        settings.resolution = 100;
        settings.areaMm = QRectF(10, 20, 127, 127); // whole millimetres: the test backend quantises to 1 mm
        settings.deviceOptions = {{QStringLiteral("test-picture"), QStringLiteral("Solid black")}};
        Run run(std::make_shared<SaneBackend>(), settings);
        const Result<int> result = run.wait();
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(*result, 1);
        const PageImage page = run.page(0);
        QCOMPARE(page.mode, mode);
        QCOMPARE(page.image.format(), format);
        QCOMPARE(page.image.size(), QSize(500, 500));
        QCOMPARE(page.image.dotsPerMeterX(), 3937);
        QCOMPARE(page.image.pixelColor(250, 250), QColor(Qt::black));
    }

    void injectedErrorsKeepEarlierPages_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<int>("cleanPages");
        QTest::newRow("jam after 3") << QStringLiteral("SANE_STATUS_JAMMED") << ErrorCode::PaperJam << 3;
        QTest::newRow("cover open after 2")
            << QStringLiteral("SANE_STATUS_COVER_OPEN") << ErrorCode::CoverOpen << 2;
        QTest::newRow("i/o error after 1")
            << QStringLiteral("SANE_STATUS_IO_ERROR") << ErrorCode::DeviceIo << 1;
        QTest::newRow("jam at once") << QStringLiteral("SANE_STATUS_JAMMED") << ErrorCode::PaperJam << 0;
        QTest::newRow("busy at once")
            << QStringLiteral("SANE_STATUS_DEVICE_BUSY") << ErrorCode::DeviceBusy << 0;
    }

    void injectedErrorsKeepEarlierPages()
    {
        QFETCH(QString, status);
        QFETCH(ErrorCode, code);
        QFETCH(int, cleanPages);
        Run run(std::make_shared<FaultingSaneBackend>(cleanPages, status), smallPages(ScanSource::Feeder));
        const Result<int> result = run.wait();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, code);
        QVERIFY(result.error().detail.contains(QStringLiteral("sane_read")));
        QCOMPARE(run.pages.size(), cleanPages);
        for (int i = 0; i < cleanPages; ++i)
            QCOMPARE(run.page(i).image.height(), 876);
    }

    void readerThreadsStartedBySaneStartDoNotRaiseSigpipe()
    {
        // A handler other than the default, as Qt Test installs: sanei_thread then
        // leaves SIGPIPE alone, and a reader writing into the closed pipe of a
        // cancelled page used to run it (and hang or end the process).
        struct sigaction counting
        {
        };
        counting.sa_handler = [](int) {
            ++s_sigpipes;
        };
        sigemptyset(&counting.sa_mask);
        struct sigaction previous
        {
        };
        QCOMPARE(sigaction(SIGPIPE, &counting, &previous), 0);
        SaneLibrary library = SaneLibrary::system();
        s_realStart = library.start;
        library.start = &startThenWriteToClosedPipe;
        s_sigpipes = 0;
        s_writeErrno = 0;
        {
            Run run(std::make_shared<SaneBackend>(library), smallPages());
            QVERIFY(run.wait().ok());
            QCOMPARE(run.pages.size(), 1);
        }
        sigaction(SIGPIPE, &previous, nullptr);
        QCOMPARE(s_writeErrno.load(), EPIPE);
        QCOMPARE(s_sigpipes.load(), 0);
    }

    void cancelMidPageCallsSaneCancelOnce()
    {
        s_cancelCalls = 0;
        ScanSettings settings = smallPages(ScanSource::Feeder);
        settings.deviceOptions = {{QStringLiteral("read-limit"), true},
                                  {QStringLiteral("read-limit-size"), 1024},
                                  {QStringLiteral("read-delay"), true},
                                  {QStringLiteral("read-delay-duration"), 5000}};
        Run run(std::make_shared<SaneBackend>(countingLibrary()), settings);
        connect(&run.job, &ScanJob::progress, this, [&run](int index, int percent) {
            if (index == 1 && percent >= 10)
                run.job.cancel();
        });
        const Result<int> result = run.wait();
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QCOMPARE(run.pages.size(), 1);
        QCOMPARE(s_cancelCalls.load(), 1);
        QVERIFY(run.progress.last().at(1).toInt() < 100);
    }

    void slowReadsReportProgress()
    {
        ScanSettings settings = smallPages();
        settings.resolution = 50;
        settings.deviceOptions = {{QStringLiteral("read-limit"), true},
                                  {QStringLiteral("read-limit-size"), 4096},
                                  {QStringLiteral("read-delay"), true},
                                  {QStringLiteral("read-delay-duration"), 2000}};
        Run run(std::make_shared<SaneBackend>(), settings);
        const Result<int> result = run.wait();
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QVERIFY2(run.progress.size() >= 20, qPrintable(QString::number(run.progress.size())));
        int previous = -1;
        for (const auto &arguments : run.progress) {
            QVERIFY(arguments.at(1).toInt() > previous);
            previous = arguments.at(1).toInt();
        }
        QCOMPARE(previous, 100);
    }

    void unknownPageLength()
    {
        ScanSettings settings = smallPages();
        settings.resolution = 100;
        settings.areaMm = QRectF();
        settings.deviceOptions = {{QStringLiteral("hand-scanner"), true}};
        Run run(std::make_shared<SaneBackend>(), settings);
        const Result<int> result = run.wait();
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        const PageImage page = run.page(0);
        // The test backend's hand scanner is 110 × 170 mm.
        QCOMPARE(page.image.width(), 433);
        QCOMPARE(page.image.height(), 669);
        QCOMPARE(run.progress.first().at(1).toInt(), -1);
    }
};

QTEST_GUILESS_MAIN(tst_SaneScanning)
#include "tst_SaneScanning.moc"
