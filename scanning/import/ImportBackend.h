// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/ScannerBackend.h"
#include "scanning/import/ImportLimits.h"

#include <QStringList>

namespace dms {

/** Existing files "scanned" as if they were paper in a feeder: the backend has
 *  one device, DeviceName, whose feeder holds the pages of `files` in order
 *  (every page of a PDF or multi-page TIFF) and then runs empty. So a ScanJob
 *  imports them with the same threading, progress, cancel and page pipeline as
 *  a scanner, one page in memory at a time.
 *
 *  The device converts each page to the batch's colour mode (lineart by an Otsu
 *  threshold) and rasterises PDF pages at the batch's resolution; images that
 *  declare no resolution are taken at the batch's resolution. A file that
 *  cannot be read ends the batch with its error (NotFound, InvalidInput for a
 *  format that is not PDF/JPEG/PNG/TIFF, a PDF without pages or a page beyond
 *  the ImportLimits, Corrupt for damaged data); the pages before it have
 *  already been delivered, as with a paper jam. */
class ImportBackend : public ScannerBackend
{
public:
    static const QString DeviceName;

    explicit ImportBackend(QStringList files, const ImportLimits &limits = {});

    Result<QList<ScannerInfo>> devices() override;
    /** NotFound for any name but DeviceName. */
    Result<std::unique_ptr<ScanDevice>> open(const QString &name) override;

private:
    QStringList m_files;
    ImportLimits m_limits;
};

} // namespace dms
