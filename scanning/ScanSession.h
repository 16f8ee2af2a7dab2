// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/OcrPageText.h"
#include "scanning/PageImage.h"
#include "scanning/ProcessedPage.h"
#include "scanning/ScanProfile.h"
#include "scanning/pdf/ScanPdfOptions.h"
#include "scanning/processing/DocumentSplit.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace dms {

class OcrEngine;
class OcrJob;
class ScanJob;

/** The page pipeline of one batch (scanned or imported): every page that
 *  arrives is processed once on a worker pool (PageProcessor: deskew,
 *  thumbnail, blank verdict, barcodes, one encoding) and only the result is
 *  kept, so the memory of a batch is its encoded bytes plus a few raw pages in
 *  flight (attach() bounds those at the ScanJob). Pages may then be rotated,
 *  moved or removed, and the batch is split into documents and written as
 *  PDF/A files, the encoded bytes copied unchanged.
 *
 *  With an OCR engine (setOcrEngine()) and the profile's OCR on, each page's
 *  processed (deskewed) image then goes to an OcrJob, pages in parallel; the
 *  raw page counts as in flight until its text is recognised, so the bound of
 *  attach() holds for OCR too, and the text becomes the page's invisible text
 *  layer in writeDocuments().
 *
 *  Lives on the thread that owns it (the GUI thread); signals arrive there.
 *  Destroying the session cancels and waits for the pages being processed. */
class ScanSession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScanSession)

public:
    /** Raw pages a scan may have delivered but not yet processed. */
    static constexpr int MaxPagesInFlight = 4;

    explicit ScanSession(const ScanProfile &profile, QObject *parent = nullptr);
    ~ScanSession() override;

    const ScanProfile &profile() const { return m_profile; }

    /** Recognises the text of every page when the profile's OCR is on (without
     *  an engine, pages get no text layer). Call before the first page. */
    void setOcrEngine(std::shared_ptr<OcrEngine> engine);
    /** True when pages are sent to OCR. */
    bool recognizesText() const { return m_ocrJob != nullptr; }

    /** Feeds the job's pages into the session and bounds the raw pages in flight;
     *  call before job->start(). The job must outlive its pages' processing or be
     *  destroyed after the session. */
    void attach(ScanJob *job);
    /** Queues one page for processing (what attach() does per pageScanned). Pages
     *  are numbered in the order they arrive, whatever their index in their job,
     *  so several jobs (feeder loads) can feed one session. */
    void addPage(const PageImage &page);

    /** Stops processing pages not started yet; idle() follows. Thread-safe. */
    void cancel();

    /** Pages queued and not processed (and, with OCR, recognised) yet. */
    int pendingPages() const { return m_pending; }
    bool isIdle() const { return m_pending == 0; }
    /** The processed pages in batch order (without those removed by removePage()). */
    QList<ProcessedPage> pages() const;
    /** The recognised text of page `index` (empty without OCR). */
    OcrPageText pageText(int index) const { return m_texts.value(index); }
    /** The first processing or OCR error, if any (every later page is still
     *  processed; after an OCR error no further page is recognised). */
    const Status &status() const { return m_status; }

    /** Removes a page from the batch. NotFound for an unknown index. */
    [[nodiscard]] Status removePage(int index);

    /** The documents of the batch under the profile's separator rule. */
    DocumentSplit split() const;

    /** Writes one PDF/A per document: `output` itself for a single document,
     *  else `output` with "-1", "-2" … before the suffix. Returns the paths
     *  written. InvalidState while pages are pending or when there is no page;
     *  the processing error if a page failed; Storage when a file cannot be
     *  written (files written before stay). Fast: encoded bytes are copied. */
    [[nodiscard]] Result<QStringList> writeDocuments(const QString &output,
                                                     const ScanPdfOptions &options = {}) const;

    /** `output` with "-number" before the suffix when `count` > 1. */
    static QString documentPath(const QString &output, int number, int count);

Q_SIGNALS:
    /** Page `index` was processed; its result is in pages(). */
    void pageProcessed(int index, const QImage &thumbnail);
    /** Processing page `index` failed. */
    void pageFailed(int index, const dms::Error &error);
    /** The text of page `index` was recognised (see pageText()). */
    void pageTextRecognized(int index);
    /** No page is pending any more. */
    void idle();

private:
    void finishPage(int index, const Result<ProcessedPage> &result, const PageImage &straightened);
    void recognizePage(int index, const PageImage &straightened);
    void textRecognized(int position, const OcrPageText &text);
    void ocrFinished(const Result<QList<OcrPageText>> &result);
    /** One stage (processing or OCR) of page `index` is done; the page stops
     *  being pending (and its raw image in flight) after its last stage. */
    void stageDone(int index);
    void recordError(const Error &error);

    ScanProfile m_profile;
    QThreadPool m_pool;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QMap<int, ProcessedPage> m_pages;
    /** Pages whose job waits for their release (see ScanJob::setMaxPagesInFlight). */
    QMap<int, QPointer<ScanJob>> m_release;
    /** Stages (processing, OCR) still to run per pending page. */
    QMap<int, int> m_stagesLeft;
    std::shared_ptr<OcrEngine> m_ocrEngine;
    std::unique_ptr<OcrJob> m_ocrJob;
    /** Session index of each OcrJob position (pages reach OCR as processed). */
    QList<int> m_ocrIndexOfPosition;
    /** Pages given to OCR whose text has not arrived. */
    QSet<int> m_ocrOutstanding;
    bool m_ocrStopped = false;
    QMap<int, OcrPageText> m_texts;
    Status m_status;
    int m_pending = 0;
    int m_nextIndex = 0;
};

} // namespace dms
