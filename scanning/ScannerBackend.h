// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/ScanDevice.h"
#include "scanning/ScannerInfo.h"

#include <QList>
#include <QString>

#include <memory>

namespace dms {

/** A driver stack that finds and opens scanners (SANE, or a fake in tests).
 *  Not thread-safe: use one backend from one thread at a time; ScanJob calls it
 *  on its worker thread. The backend must outlive the devices it opened. */
class ScannerBackend
{
public:
    virtual ~ScannerBackend();

    /** The scanners reachable now. May take seconds with network discovery. */
    [[nodiscard]] virtual Result<QList<ScannerInfo>> devices() = 0;

    /** Opens a scanner by ScannerInfo::name; the device is closed when destroyed,
     *  which must happen on the thread that opened it. Errors: NotFound,
     *  DeviceBusy, DeviceOffline, DeviceIo, PermissionDenied. */
    [[nodiscard]] virtual Result<std::unique_ptr<ScanDevice>> open(const QString &name) = 0;
};

} // namespace dms
