// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/OcrPageText.h"
#include "scanning/PageImage.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace dms {

class OcrEngine;

/** Recognises the text of pages in the background, pages in parallel: each of
 *  `threadCount` worker threads (default: the number of cores) takes its own
 *  recognizer from the engine and then the next page waiting.
 *
 *  Pages come either as a list (the constructor with pages; never more workers
 *  than pages) or one by one while the job runs: addPage() as each page is
 *  scanned, then endOfPages(). The job drops its reference to each page once
 *  recognised, so a batch holds only the pages still waiting.
 *
 *  Signals arrive on the thread the job lives on: pageRecognized() and
 *  progress() once per page, in the order pages finish, then exactly one
 *  finished() with the text of every page in page order, or the first error
 *  (the other workers stop then). After cancel() the result is Cancelled unless
 *  every page was already done. Destroying a running job cancels it and waits
 *  for the workers, each within a fraction of a second (recognition checks for
 *  cancel between words; layout analysis of one page is not interrupted). */
class OcrJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OcrJob)

public:
    /** A job for pages given later with addPage() and endOfPages(). */
    explicit OcrJob(std::shared_ptr<OcrEngine> engine, int threadCount = 0, QObject *parent = nullptr);
    /** A job for `pages`, all known now. */
    OcrJob(std::shared_ptr<OcrEngine> engine, const QList<PageImage> &pages, int threadCount = 0,
           QObject *parent = nullptr);
    ~OcrJob() override;

    /** Starts the job; a job runs once, later calls do nothing. */
    void start();
    /** Queues a page; its position is the number of pages added before it.
     *  Ignored after endOfPages(). Call addPage() and endOfPages() on the
     *  job's thread, before or after start(). */
    void addPage(const PageImage &page);
    /** No more pages: the job finishes once the queued ones are done. */
    void endOfPages();
    /** Asks the workers to stop. Thread-safe; may be called at any moment. */
    void cancel();

    bool isRunning() const { return m_running; }
    int threadCount() const { return m_threadCount; }

Q_SIGNALS:
    /** The text of page `position` (0-based, in the order pages were given). */
    void pageRecognized(int position, const dms::OcrPageText &text);
    /** `done` pages recognised of `total` given so far. */
    void progress(int done, int total);
    void finished(const dms::Result<QList<dms::OcrPageText>> &pages);

private:
    void work();
    Status recognizePages();
    /** The next page to recognise and its position, waiting for one; none when
     *  the pages have ended or the job is cancelled. */
    std::optional<std::pair<int, PageImage>> takePage();
    void pageDone(int position, const OcrPageText &text);
    void finish(const Result<QList<OcrPageText>> &result);

    std::shared_ptr<OcrEngine> m_engine;
    int m_threadCount = 1;
    std::vector<std::thread> m_workers;
    std::atomic_bool m_cancel {false};
    std::atomic_int m_workersLeft {0};

    std::mutex m_mutex; // guards the queue, the end flag and the error
    std::condition_variable m_pageWaiting;
    std::deque<std::pair<int, PageImage>> m_queue;
    bool m_ended = false;
    std::optional<Error> m_error;

    // On the job's thread only.
    int m_added = 0;
    int m_done = 0;
    QList<OcrPageText> m_results;
    bool m_started = false;
    bool m_running = false;
};

} // namespace dms
