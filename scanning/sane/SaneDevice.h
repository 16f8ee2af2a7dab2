// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SaneLibrary.h"
#include "scanning/ScanDevice.h"

#include <memory>

namespace dms {

/** An open SANE device (internal to the adapter; made by SaneBackend::open).
 *  Options map generically from the option descriptors; a page is sane_start,
 *  sane_get_parameters and a sane_read loop assembled line by line into a QImage
 *  (1-bit lineart, 8/16-bit gray, 8-bit RGB; unknown page length supported).
 *  sane_cancel runs at most once per batch: on cancel, on an error or at
 *  endBatch(), whichever comes first. */
class SaneDevice : public ScanDevice
{
public:
    SaneDevice(const SaneLibrary &library, std::shared_ptr<SaneRuntime> runtime, SANE_Handle handle,
               const ScannerInfo &info);
    ~SaneDevice() override;
    SaneDevice(const SaneDevice &) = delete;
    SaneDevice &operator=(const SaneDevice &) = delete;

    ScannerInfo info() const override { return m_info; }
    QList<ScanOption> options() override;
    Status setOption(const QString &name, const QVariant &value) override;
    QList<ScanSource> sources() override;
    Status configure(const ScanSettings &settings) override;
    Result<PageImage> scanPage(int index, const ScanControl &control) override;
    void endBatch() override;

private:
    int optionCount() const;
    int findOption(const char *name) const;
    ScanOption describe(int index) const;
    QVariant readValue(int index, const SANE_Option_Descriptor &descriptor) const;
    Status setString(const char *name, const QString &value);
    Status setNumber(const char *name, double value);
    Status chooseSource(ScanSource source);
    Status chooseMode(ColorMode mode);
    void stopScan();

    SaneLibrary m_library;
    std::shared_ptr<SaneRuntime> m_runtime;
    SANE_Handle m_handle = nullptr;
    ScannerInfo m_info;
    ColorMode m_mode = ColorMode::Gray;
    int m_resolution = 0;
    bool m_scanActive = false;
};

} // namespace dms
