// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/ScanSession.h"

#include "core/Tr.h"
#include "scanning/OcrEngine.h"
#include "scanning/OcrJob.h"
#include "scanning/ScanJob.h"
#include "scanning/pdf/ScanPdfWriter.h"
#include "scanning/processing/PageProcessor.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>

#include <utility>

namespace dms {

ScanSession::ScanSession(const ScanProfile &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
    // Two workers: encoding is CPU-bound and the machines have few cores.
    m_pool.setMaxThreadCount(std::max(1, std::min(2, QThread::idealThreadCount())));
}

ScanSession::~ScanSession()
{
    cancel();
    m_pool.waitForDone();
    m_ocrJob.reset(); // joins the OCR workers before the members they report to go
}

void ScanSession::setOcrEngine(std::shared_ptr<OcrEngine> engine)
{
    if (!m_profile.ocr || !engine || m_ocrJob || m_nextIndex > 0)
        return;
    m_ocrEngine = std::move(engine);
    // One page per core; the page processing pool shares the cores, but OCR is
    // the slower stage by far.
    m_ocrJob = std::make_unique<OcrJob>(m_ocrEngine);
    connect(m_ocrJob.get(), &OcrJob::pageRecognized, this, &ScanSession::textRecognized);
    connect(m_ocrJob.get(), &OcrJob::finished, this, &ScanSession::ocrFinished);
}

void ScanSession::attach(ScanJob *job)
{
    job->setMaxPagesInFlight(MaxPagesInFlight);
    const QPointer<ScanJob> guarded(job);
    connect(job, &ScanJob::pageScanned, this, [this, guarded](const PageImage &page) {
        // The job may read another page once this one's processing has released
        // the raw image (see finishPage()).
        m_release.insert(m_nextIndex, guarded);
        addPage(page);
    });
}

void ScanSession::addPage(const PageImage &scanned)
{
    // Numbered by the session: several loads of the feeder (jobs) make one batch.
    PageImage page = scanned;
    page.index = m_nextIndex++;
    ++m_pending;
    const bool ocr = m_ocrJob != nullptr;
    m_stagesLeft.insert(page.index, ocr ? 2 : 1);
    const auto cancelFlag = m_cancel;
    const ScanProfile profile = m_profile;
    m_pool.start([this, page, profile, cancelFlag, ocr] {
        PageImage straightened;
        Result<ProcessedPage> result = cancelFlag->load()
            ? Result<ProcessedPage>(makeError(ErrorCode::Cancelled, Tr::tr("Scanning was cancelled.")))
            : PageProcessor::process(page, profile, ocr ? &straightened : nullptr);
        // The destructor waits for the pool, so `this` is alive here.
        QMetaObject::invokeMethod(
            this,
            [this, index = page.index, result, straightened = std::move(straightened)] {
                finishPage(index, result, straightened);
            },
            Qt::QueuedConnection);
    });
}

void ScanSession::cancel()
{
    m_cancel->store(true);
    // m_ocrJob is set before the first page and then never changes.
    if (m_ocrJob)
        m_ocrJob->cancel();
}

void ScanSession::finishPage(int index, const Result<ProcessedPage> &result, const PageImage &straightened)
{
    if (result.ok()) {
        m_pages.insert(index, *result);
        Q_EMIT pageProcessed(index, result->thumbnail);
    } else {
        if (!result.error().isCancelled())
            recordError(result.error());
        Q_EMIT pageFailed(index, result.error());
    }
    if (m_ocrJob) {
        if (result.ok() && !m_ocrStopped && !m_cancel->load())
            recognizePage(index, straightened);
        else
            stageDone(index); // no OCR for this page
    }
    stageDone(index);
}

void ScanSession::recognizePage(int index, const PageImage &straightened)
{
    m_ocrIndexOfPosition.append(index);
    m_ocrOutstanding.insert(index);
    m_ocrJob->addPage(straightened);
    m_ocrJob->start(); // once; the workers then wait for pages
}

void ScanSession::textRecognized(int position, const OcrPageText &text)
{
    const int index = m_ocrIndexOfPosition.value(position, -1);
    if (!m_ocrOutstanding.remove(index))
        return;
    m_texts.insert(index, text);
    Q_EMIT pageTextRecognized(index);
    stageDone(index);
}

void ScanSession::ocrFinished(const Result<QList<OcrPageText>> &result)
{
    // The job only finishes early: on an error or after cancel(). Pages still
    // waiting for their text get none.
    m_ocrStopped = true;
    if (!result && !result.error().isCancelled())
        recordError(result.error());
    const QSet<int> outstanding = std::exchange(m_ocrOutstanding, {});
    for (const int index : outstanding) {
        if (!result)
            Q_EMIT pageFailed(index, result.error());
        stageDone(index);
    }
}

void ScanSession::stageDone(int index)
{
    const auto stages = m_stagesLeft.find(index);
    if (stages == m_stagesLeft.end() || --stages.value() > 0)
        return;
    m_stagesLeft.erase(stages);
    --m_pending;
    if (const QPointer<ScanJob> job = m_release.take(index))
        job->releasePage();
    if (m_pending == 0)
        Q_EMIT idle();
}

void ScanSession::recordError(const Error &error)
{
    if (m_status.ok())
        m_status = error;
}

QList<ProcessedPage> ScanSession::pages() const
{
    return m_pages.values();
}

Status ScanSession::removePage(int index)
{
    if (m_pages.remove(index) == 0)
        return makeError(ErrorCode::NotFound, Tr::tr("There is no page %1 in the batch.").arg(index + 1));
    return {};
}

DocumentSplit ScanSession::split() const
{
    return DocumentSplit::split(pages(), m_profile);
}

QString ScanSession::documentPath(const QString &output, int number, int count)
{
    if (count <= 1)
        return output;
    const QFileInfo info(output);
    const QString suffix = info.suffix();
    const QString base = suffix.isEmpty() ? output : output.left(output.size() - suffix.size() - 1);
    return base + QLatin1Char('-') + QString::number(number)
        + (suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix);
}

Result<QStringList> ScanSession::writeDocuments(const QString &output, const ScanPdfOptions &options) const
{
    if (m_pending > 0)
        return makeError(ErrorCode::InvalidState, Tr::tr("Pages are still being processed."),
                         QStringLiteral("%1 pending").arg(m_pending));
    if (!m_status.ok())
        return m_status.error();
    const DocumentSplit documents = split();
    if (documents.documents.isEmpty())
        return makeError(ErrorCode::InvalidState, Tr::tr("The batch has no pages to save."));
    QStringList written;
    const int count = int(documents.documents.size());
    for (int d = 0; d < count; ++d) {
        const QString path = documentPath(output, d + 1, count);
        ScanPdfWriter writer(options);
        DMS_TRY(writer.open(path));
        for (const int index : documents.documents.at(d))
            DMS_TRY(writer.addEncodedPage(m_pages.value(index).encoded, m_texts.value(index)));
        DMS_TRY(writer.finish());
        written.append(path);
    }
    return written;
}

} // namespace dms
