// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/PageImage.h"
#include "scanning/ScanOption.h"
#include "scanning/ScanSettings.h"
#include "scanning/ScannerInfo.h"

#include <QList>

#include <functional>

namespace dms {

/** What a page read may consult while it runs: the cancel flag (checked between
 *  reads) and a sink for progress (percent 0..100 of the page, or -1 when the
 *  page length is unknown). Either may be empty. */
struct ScanControl
{
    std::function<bool()> isCancelled;
    std::function<void(int percent)> progress;

    bool cancelled() const { return isCancelled && isCancelled(); }
    void report(int percent) const
    {
        if (progress)
            progress(percent);
    }
};

/** An open scanner. Not thread-safe: every call, including the destructor (which
 *  closes the device), must come from the one thread that opened it, the device's
 *  worker thread. Cancel reaches a running scanPage() through ScanControl.
 *
 *  A batch is configure(), then scanPage() for page 0, 1, … until it fails or the
 *  caller stops, then endBatch(). */
class ScanDevice
{
public:
    virtual ~ScanDevice();

    virtual ScannerInfo info() const = 0;

    /** Every option the driver exposes, with its current value. */
    virtual QList<ScanOption> options() = 0;

    /** Sets one driver option by name. Errors: NotFound (no such option),
     *  InvalidInput (inactive, read-only, wrong type or refused value), device errors. */
    [[nodiscard]] virtual Status setOption(const QString &name, const QVariant &value) = 0;

    /** The paper sources the device has, recognised by capability. */
    virtual QList<ScanSource> sources() = 0;

    /** Applies source, mode, resolution, area and then the extra device options.
     *  Errors: InvalidInput when the device cannot do what is asked (no feeder,
     *  no such mode), device errors. */
    [[nodiscard]] virtual Status configure(const ScanSettings &settings) = 0;

    /** Reads one page. Errors: FeederEmpty when there is no more paper (the normal
     *  end of a feeder batch), Cancelled when control says so (the device has then
     *  stopped the scan), PaperJam, CoverOpen, DeviceBusy, DeviceIo and others. */
    [[nodiscard]] virtual Result<PageImage> scanPage(int index, const ScanControl &control) = 0;

    /** Ends the batch (the device releases the paper path); harmless when no
     *  batch is running or it was already stopped by a cancel. */
    virtual void endBatch() = 0;
};

} // namespace dms
