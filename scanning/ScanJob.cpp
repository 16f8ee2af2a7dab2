// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/ScanJob.h"

#include "core/Tr.h"
#include "scanning/ScannerBackend.h"
#include "scanning/ScanningLog.h"

#include <QMetaObject>
#include <QSemaphore>
#include <QThread>

namespace dms {

namespace {

Error cancelledError()
{
    return makeError(ErrorCode::Cancelled, Tr::tr("Scanning was cancelled."));
}

} // namespace

ScanJob::ScanJob(std::shared_ptr<ScannerBackend> backend, const QString &deviceName,
                 const ScanSettings &settings, QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
    , m_deviceName(deviceName)
    , m_settings(settings)
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{ }

ScanJob::~ScanJob()
{
    cancel();
    if (m_thread)
        m_thread->wait();
}

void ScanJob::start()
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    if (m_cancel->load() || !m_backend) {
        const Result<int> result = m_backend
            ? Result<int>(cancelledError())
            : Result<int>(makeError(ErrorCode::Internal, Tr::tr("No scanner driver is available.")));
        // Queued so that finished() never arrives before start() has returned.
        QMetaObject::invokeMethod(
            this, [this, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("ScanJob ") + m_deviceName);
    m_thread->start();
}

void ScanJob::setMaxPagesInFlight(int pages)
{
    if (!m_started)
        m_pagesInFlight = pages > 0 ? std::make_shared<QSemaphore>(pages) : nullptr;
}

void ScanJob::releasePage()
{
    if (m_pagesInFlight)
        m_pagesInFlight->release();
}

void ScanJob::cancel()
{
    m_cancel->store(true);
}

// Runs on the worker thread: the device lives and dies here. Results travel back
// as queued calls on `this`, which outlives the thread (the destructor waits).
void ScanJob::run()
{
    const auto cancelFlag = m_cancel;
    const auto post = [this](auto &&function) {
        QMetaObject::invokeMethod(this, std::forward<decltype(function)>(function), Qt::QueuedConnection);
    };
    const auto done = [&](const Result<int> &result) {
        post([this, result] { finish(result); });
    };

    auto opened = m_backend->open(m_deviceName);
    if (!opened.ok())
        return done(opened.error());
    std::unique_ptr<ScanDevice> device = std::move(opened).value();

    Result<int> result = 0;
    const QList<ScanSource> sources = device->sources();
    if (!sources.contains(m_settings.source)) {
        result = makeError(ErrorCode::InvalidInput,
                           m_settings.source == ScanSource::Flatbed
                               ? Tr::tr("The scanner has no flatbed.")
                               : (m_settings.source == ScanSource::Feeder
                                      ? Tr::tr("The scanner has no document feeder.")
                                      : Tr::tr("The scanner cannot scan both sides.")),
                           m_deviceName);
    } else if (const Status configured = device->configure(m_settings); !configured.ok()) {
        result = configured.error();
    } else {
        ScanControl control;
        control.isCancelled = [cancelFlag] {
            return cancelFlag->load();
        };
        int pages = 0;
        for (;;) {
            if (cancelFlag->load()) {
                result = cancelledError();
                break;
            }
            if (const auto budget = m_pagesInFlight) {
                // Wait for the consumer, but stay responsive to cancel.
                while (!budget->tryAcquire(1, 20) && !cancelFlag->load()) { }
                if (cancelFlag->load()) {
                    result = cancelledError();
                    break;
                }
            }
            const int index = pages;
            post([this, index] { Q_EMIT pageStarted(index); });
            int lastPercent = -2;
            control.progress = [&post, this, index, &lastPercent](int percent) {
                if (percent == lastPercent)
                    return;
                lastPercent = percent;
                post([this, index, percent] { Q_EMIT progress(index, percent); });
            };
            Result<PageImage> page = device->scanPage(index, control);
            if (!page.ok()) {
                const bool feederDone
                    = page.error().code == ErrorCode::FeederEmpty && pages > 0 && m_settings.isFeederBatch();
                result = feederDone ? Result<int>(pages) : Result<int>(page.error());
                break;
            }
            PageImage scanned = std::move(page).value();
            scanned.index = index;
            post([this, scanned] { Q_EMIT pageScanned(scanned); });
            ++pages;
            if (!m_settings.isFeederBatch() || (m_settings.pageLimit > 0 && pages >= m_settings.pageLimit)) {
                result = pages;
                break;
            }
        }
        // A cancel wins over whatever the interrupted device call reported.
        if (cancelFlag->load())
            result = cancelledError();
    }
    device->endBatch();
    device.reset();
    if (!result.ok() && !result.error().isCancelled())
        qCWarning(dmsScanning) << "scan batch on" << m_deviceName << "failed:" << result.error().toString();
    done(result);
}

void ScanJob::finish(const Result<int> &result)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_thread)
        m_thread->wait();
    m_running = false;
    Q_EMIT finished(result);
}

} // namespace dms
