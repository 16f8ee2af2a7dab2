// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FakeScanDevice.h"
#include "scanning/ScannerBackend.h"

namespace dms {

/** A backend with one scanner, "fake:0", that runs `script`. Opening another
 *  name fails with NotFound; `openError` makes every open fail. */
class FakeScannerBackend : public ScannerBackend
{
public:
    explicit FakeScannerBackend(const FakeScript &script = {});

    Result<QList<ScannerInfo>> devices() override;
    Result<std::unique_ptr<ScanDevice>> open(const QString &name) override;

    FakeScript script;
    std::optional<Error> openError;
    std::shared_ptr<FakeRecord> record = std::make_shared<FakeRecord>();
};

} // namespace dms
