// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/ScanDevice.h"
#include "scanning/import/ImportLimits.h"
#include "scanning/import/PageFileReader.h"

#include <QStringList>

#include <memory>

namespace dms {

/** ImportBackend's device (see there): a feeder of file pages. */
class ImportDevice : public ScanDevice
{
public:
    ImportDevice(QStringList files, const ImportLimits &limits);
    ~ImportDevice() override;

    ScannerInfo info() const override;
    /** None: a file has no driver options. */
    QList<ScanOption> options() override { return {}; }
    Status setOption(const QString &name, const QVariant &value) override;
    QList<ScanSource> sources() override { return {ScanSource::Flatbed, ScanSource::Feeder}; }
    Status configure(const ScanSettings &settings) override;
    Result<PageImage> scanPage(int index, const ScanControl &control) override;
    void endBatch() override;

private:
    QStringList m_files;
    ImportLimits m_limits;
    ScanSettings m_settings;
    int m_fileIndex = 0;
    int m_pageInFile = 0;
    std::unique_ptr<PageFileReader> m_reader;
};

} // namespace dms
