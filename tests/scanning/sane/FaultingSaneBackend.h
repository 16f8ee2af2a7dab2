// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/sane/SaneBackend.h"

namespace dms {

/** The real SANE backend whose devices fail after `cleanPages` pages: the
 *  device stops the batch and sets the test backend's read-return-value to
 *  `status` (e.g. "SANE_STATUS_JAMMED"). The test backend refuses option
 *  changes while a batch runs, so the fault is injected between two batches on
 *  the same feeder (its page counter carries on). */
class FaultingSaneBackend : public ScannerBackend
{
public:
    FaultingSaneBackend(int cleanPages, QString status);

    Result<QList<ScannerInfo>> devices() override;
    Result<std::unique_ptr<ScanDevice>> open(const QString &name) override;

private:
    SaneBackend m_sane;
    int m_cleanPages;
    QString m_status;
};

} // namespace dms
