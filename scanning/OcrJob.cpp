// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/OcrJob.h"

#include "core/Tr.h"
#include "scanning/OcrEngine.h"

#include <QMetaObject>

#include <algorithm>

namespace dms {

namespace {

Error cancelledError()
{
    return makeError(ErrorCode::Cancelled, Tr::tr("Text recognition was cancelled."));
}

int defaultThreadCount(int requested)
{
    return requested > 0 ? requested : int(std::max(1U, std::thread::hardware_concurrency()));
}

} // namespace

OcrJob::OcrJob(std::shared_ptr<OcrEngine> engine, int threadCount, QObject *parent)
    : QObject(parent)
    , m_engine(std::move(engine))
    , m_threadCount(defaultThreadCount(threadCount))
{ }

OcrJob::OcrJob(std::shared_ptr<OcrEngine> engine, const QList<PageImage> &pages, int threadCount,
               QObject *parent)
    : OcrJob(std::move(engine), threadCount, parent)
{
    m_threadCount = std::max(1, std::min(m_threadCount, int(pages.size())));
    for (const PageImage &page : pages)
        addPage(page);
    endOfPages();
}

OcrJob::~OcrJob()
{
    cancel();
    for (std::thread &worker : m_workers)
        worker.join();
}

void OcrJob::start()
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    bool nothingToDo = false;
    {
        const std::lock_guard lock(m_mutex);
        nothingToDo = m_ended && m_queue.empty();
    }
    if (m_cancel.load() || !m_engine || nothingToDo) {
        const Result<QList<OcrPageText>> result = m_cancel.load()
            ? Result<QList<OcrPageText>>(cancelledError())
            : !m_engine ? Result<QList<OcrPageText>>(
                  makeError(ErrorCode::Internal, Tr::tr("No OCR engine is available.")))
                        : Result<QList<OcrPageText>>(QList<OcrPageText>());
        // Queued so that finished() never arrives before start() has returned.
        QMetaObject::invokeMethod(
            this, [this, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    m_workersLeft = m_threadCount;
    m_workers.reserve(size_t(m_threadCount));
    for (int i = 0; i < m_threadCount; ++i)
        m_workers.emplace_back([this] { work(); });
}

void OcrJob::addPage(const PageImage &page)
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_ended)
            return;
        m_queue.emplace_back(m_added, page);
    }
    ++m_added;
    m_results.append(OcrPageText());
    m_pageWaiting.notify_one();
}

void OcrJob::endOfPages()
{
    {
        const std::lock_guard lock(m_mutex);
        m_ended = true;
    }
    m_pageWaiting.notify_all();
}

void OcrJob::cancel()
{
    {
        // Under the lock, so that a worker about to wait cannot miss it.
        const std::lock_guard lock(m_mutex);
        m_cancel.store(true);
    }
    m_pageWaiting.notify_all();
}

// Runs on a worker thread. Results travel back as queued calls on `this`, which
// outlives the workers (the destructor joins them).
void OcrJob::work()
{
    if (const Status recognized = recognizePages(); !recognized) {
        {
            const std::lock_guard lock(m_mutex);
            if (!m_error)
                m_error = recognized.error();
            m_cancel.store(true); // the other workers stop too
        }
        m_pageWaiting.notify_all();
    }
    if (--m_workersLeft > 0)
        return;
    // The last worker decides the outcome; the queued pageDone() calls run first.
    std::optional<Error> error;
    bool ended = false;
    {
        const std::lock_guard lock(m_mutex);
        error = m_error;
        ended = m_ended;
    }
    QMetaObject::invokeMethod(
        this,
        [this, error, ended] {
            if (error && !error->isCancelled())
                finish(*error);
            else if (!ended || m_done < m_added)
                finish(cancelledError());
            else
                finish(m_results);
        },
        Qt::QueuedConnection);
}

// The recognizer lives and dies on this worker thread.
Status OcrJob::recognizePages()
{
    auto recognizer = m_engine->createRecognizer();
    if (!recognizer)
        return recognizer.error();
    const auto isCancelled = [this] {
        return m_cancel.load();
    };
    while (auto next = takePage()) {
        const int position = next->first;
        Result<OcrPageText> text = (*recognizer)->recognize(next->second, isCancelled);
        next.reset(); // the page's pixels are no longer needed
        if (!text)
            return text.error();
        QMetaObject::invokeMethod(
            this, [this, position, page = std::move(text).value()] { pageDone(position, page); },
            Qt::QueuedConnection);
    }
    return {};
}

std::optional<std::pair<int, PageImage>> OcrJob::takePage()
{
    std::unique_lock lock(m_mutex);
    m_pageWaiting.wait(lock, [this] { return m_cancel.load() || m_ended || !m_queue.empty(); });
    if (m_cancel.load() || m_queue.empty())
        return std::nullopt;
    std::pair<int, PageImage> page = std::move(m_queue.front());
    m_queue.pop_front();
    return page;
}

void OcrJob::pageDone(int position, const OcrPageText &text)
{
    m_results[position] = text;
    ++m_done;
    Q_EMIT pageRecognized(position, text);
    Q_EMIT progress(m_done, m_added);
}

void OcrJob::finish(const Result<QList<OcrPageText>> &result)
{
    m_running = false;
    Q_EMIT finished(result);
}

} // namespace dms
