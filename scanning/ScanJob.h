// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/PageImage.h"
#include "scanning/ScanSettings.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QSemaphore;
class QThread;

namespace dms {

class ScannerBackend;

/** Scans one batch from one device on a worker thread of its own: the device is
 *  opened, configured, read and closed on that thread, so every driver call
 *  happens there. Signals arrive on the thread the job lives on, in order:
 *  per page pageStarted(i), progress(i, %)…, pageScanned(page), and at the end
 *  exactly one finished().
 *
 *  finished() carries the number of pages scanned, or an error. A feeder batch
 *  ends normally when the feeder runs empty after at least one page (an empty
 *  feeder at the start is FeederEmpty). On a jam or any other device error the
 *  pages read before it have already been delivered by pageScanned(). After
 *  cancel() the result is Cancelled unless the batch had already ended.
 *
 *  The backend is used from the worker thread while the job runs: do not use it
 *  elsewhere meanwhile. Destroying a running job cancels it and waits for the
 *  device to stop. */
class ScanJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScanJob)

public:
    ScanJob(std::shared_ptr<ScannerBackend> backend, const QString &deviceName, const ScanSettings &settings,
            QObject *parent = nullptr);
    ~ScanJob() override;

    /** Starts the batch; a job runs once, later calls do nothing. */
    void start();

    /** Asks the batch to stop as soon as the device allows. Thread-safe; may be
     *  called at any moment, also before start() or after the end. */
    void cancel();

    /** Bounds the raw pages alive at once: before reading a page the worker waits
     *  until fewer than `pages` delivered pages are unreleased, so a consumer that
     *  encodes slower than the scanner reads holds at most `pages` raw pages, not
     *  the whole batch. Call releasePage() once per pageScanned() when done with
     *  it. 0 (the default) means no bound. Call before start(). */
    void setMaxPagesInFlight(int pages);
    /** Thread-safe; see setMaxPagesInFlight(). */
    void releasePage();

    bool isRunning() const { return m_running; }
    bool isCancelRequested() const { return m_cancel->load(); }

Q_SIGNALS:
    /** Page `index` (0-based) is being fed. */
    void pageStarted(int index);
    /** Percent of page `index` read, or -1 when the page length is not known. */
    void progress(int index, int percent);
    void pageScanned(const dms::PageImage &page);
    void finished(const dms::Result<int> &pagesScanned);

private:
    void run();
    void finish(const Result<int> &result);

    std::shared_ptr<ScannerBackend> m_backend;
    QString m_deviceName;
    ScanSettings m_settings;
    std::shared_ptr<std::atomic_bool> m_cancel;
    std::unique_ptr<QThread> m_thread;
    std::shared_ptr<QSemaphore> m_pagesInFlight;
    bool m_started = false;
    bool m_running = false;
    bool m_finished = false;
};

} // namespace dms
