// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/ScanDevice.h"

#include <QList>
#include <QMutex>
#include <QThread>

#include <chrono>
#include <memory>

namespace dms {

/** What a FakeScanDevice does: its pages, faults and timing. */
struct FakeScript
{
    QList<ScanSource> sources {ScanSource::Flatbed, ScanSource::Feeder};
    /** Pages in the feeder; scanPage() beyond them fails with FeederEmpty. */
    int pagesInFeeder = 3;
    int width = 64;
    int lines = 40;
    /** Page index that fails half-way with `failure`, or -1. */
    int failAtPage = -1;
    ErrorCode failure = ErrorCode::PaperJam;
    /** Page index whose reading stops half-way until cancelled, or -1. */
    int hangAtPage = -1;
    std::chrono::microseconds lineDelay {0};
    /** Error from configure(), if set. */
    std::optional<Error> configureError;
};

/** What the test reads back after the job: every call the device saw. Shared
 *  between the backend, the device (owned by the job) and the test. */
struct FakeRecord
{
    mutable QMutex mutex;
    QList<QThread *> callThreads;
    QList<ScanSettings> configured;
    QList<std::pair<QString, QVariant>> options;
    int opened = 0;
    int closed = 0;
    int pagesStarted = 0;
    int cancelsSeen = 0;
    int endBatches = 0;

    void noteCall()
    {
        const QMutexLocker lock(&mutex);
        if (!callThreads.contains(QThread::currentThread()))
            callThreads.append(QThread::currentThread());
    }
};

/** A scanner that produces gray pages numbered by their first pixel, with faults
 *  and delays from a FakeScript; honours cancel between lines. */
class FakeScanDevice : public ScanDevice
{
public:
    FakeScanDevice(const FakeScript &script, std::shared_ptr<FakeRecord> record);
    ~FakeScanDevice() override;

    ScannerInfo info() const override;
    QList<ScanOption> options() override;
    Status setOption(const QString &name, const QVariant &value) override;
    QList<ScanSource> sources() override;
    Status configure(const ScanSettings &settings) override;
    Result<PageImage> scanPage(int index, const ScanControl &control) override;
    void endBatch() override;

private:
    FakeScript m_script;
    std::shared_ptr<FakeRecord> m_record;
    ScanSettings m_settings;
    int m_fed = 0;
};

} // namespace dms
