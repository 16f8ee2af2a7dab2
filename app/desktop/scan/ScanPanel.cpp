// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ScanPanel.h"

#include "scan/ScanDocumentWriter.h"
#include "scan/ScanPageModel.h"
#include "scanning/OcrEngine.h"
#include "scanning/ScanJob.h"
#include "scanning/ScanProfileStore.h"
#include "scanning/ScanSession.h"
#include "scanning/ScannerBackend.h"
#include "scanning/import/ImportBackend.h"

#include <QAction>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace dms {

ScanPanel::ScanPanel(QSettings &settings, BackendFactory backendFactory, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_backendFactory(std::move(backendFactory))
    , m_model(new ScanPageModel(this))
{
    buildUi();
    setAcceptDrops(true);
    updateActions();
}

ScanPanel::~ScanPanel()
{
    // The job first: it stops the device and waits for its thread; the session
    // then waits for the pages being processed.
    m_job.reset();
    m_session.reset();
}

void ScanPanel::buildUi()
{
    m_profileBox = new QComboBox(this);
    m_profileBox->setObjectName(QStringLiteral("scanProfile"));
    for (const ScanProfile &profile : ScanProfileStore(m_settings).profiles())
        m_profileBox->addItem(profile.name);
    // The desk's defaults from the settings dialog (DeskSettings).
    if (const int index
        = m_profileBox->findText(m_settings.value(QStringLiteral("scanning/default_profile")).toString());
        index >= 0)
        m_profileBox->setCurrentIndex(index);
    m_deviceBox = new QComboBox(this);
    m_deviceBox->setObjectName(QStringLiteral("scanDevice"));
    m_deviceBox->setMinimumContentsLength(16);
    m_findButton = new QPushButton(tr("Find scanners"), this);
    m_findButton->setObjectName(QStringLiteral("findScanners"));
    m_pageLimit = new QSpinBox(this);
    m_pageLimit->setObjectName(QStringLiteral("pageLimit"));
    m_pageLimit->setRange(0, 9999);
    m_pageLimit->setSpecialValueText(tr("all"));
    m_pageLimit->setToolTip(tr("Feeder: stop after this many pages"));

    m_scanButton = new QPushButton(tr("Scan"), this);
    m_scanButton->setObjectName(QStringLiteral("scan"));
    m_importButton = new QPushButton(tr("Import files…"), this);
    m_importButton->setObjectName(QStringLiteral("importFiles"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelScan"));

    m_pageView = new QListView(this);
    m_pageView->setObjectName(QStringLiteral("scanPages"));
    m_pageView->setModel(m_model);
    m_pageView->setViewMode(QListView::IconMode);
    m_pageView->setIconSize(QSize(128, 128));
    m_pageView->setGridSize(QSize(150, 170));
    m_pageView->setResizeMode(QListView::Adjust);
    m_pageView->setMovement(QListView::Snap);
    m_pageView->setDragDropMode(QAbstractItemView::InternalMove);
    m_pageView->setDefaultDropAction(Qt::MoveAction);
    m_pageView->setSelectionMode(QAbstractItemView::SingleSelection);

    m_rotateButton = new QPushButton(tr("Turn right"), this);
    m_rotateButton->setObjectName(QStringLiteral("rotatePage"));
    m_deleteButton = new QPushButton(tr("Delete page"), this);
    m_deleteButton->setObjectName(QStringLiteral("deletePage"));
    m_clearButton = new QPushButton(tr("New batch"), this);
    m_clearButton->setObjectName(QStringLiteral("clearPages"));

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("scanProgress"));
    m_progress->setRange(0, 100);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("scanStatus"));
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("scanError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_errorLabel->hide();

    auto *source = new QHBoxLayout;
    source->addWidget(new QLabel(tr("Profile:"), this));
    source->addWidget(m_profileBox, 1);
    source->addWidget(new QLabel(tr("Scanner:"), this));
    source->addWidget(m_deviceBox, 2);
    source->addWidget(m_findButton);
    source->addWidget(new QLabel(tr("Pages:"), this));
    source->addWidget(m_pageLimit);
    auto *run = new QHBoxLayout;
    run->addWidget(m_scanButton);
    run->addWidget(m_importButton);
    run->addWidget(m_cancelButton);
    run->addWidget(m_progress, 1);
    auto *edit = new QHBoxLayout;
    edit->addWidget(m_rotateButton);
    edit->addWidget(m_deleteButton);
    edit->addStretch(1);
    edit->addWidget(m_clearButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(source);
    layout->addLayout(run);
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_pageView, 1);
    layout->addLayout(edit);

    connect(m_findButton, &QPushButton::clicked, this, &ScanPanel::findDevices);
    connect(m_scanButton, &QPushButton::clicked, this, &ScanPanel::scan);
    connect(m_importButton, &QPushButton::clicked, this, &ScanPanel::chooseFiles);
    connect(m_cancelButton, &QPushButton::clicked, this, &ScanPanel::cancel);
    connect(m_rotateButton, &QPushButton::clicked, this, [this] { rotateSelected(true); });
    connect(m_deleteButton, &QPushButton::clicked, this, &ScanPanel::deleteSelected);
    connect(m_clearButton, &QPushButton::clicked, this, &ScanPanel::clearPages);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ScanPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ScanPanel::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ScanPanel::updateActions);

    const auto addShortcut = [this](const QKeySequence &keys, const QString &name, auto slot) {
        auto *action = new QAction(this);
        action->setObjectName(name);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_pageView->addAction(action);
    };
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up), QStringLiteral("movePageUp"),
                [this] { shiftSelected(-1); });
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down), QStringLiteral("movePageDown"),
                [this] { shiftSelected(1); });
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_R), QStringLiteral("turnPageRight"),
                [this] { rotateSelected(true); });
    addShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), QStringLiteral("turnPageLeft"),
                [this] { rotateSelected(false); });
    addShortcut(QKeySequence(QKeySequence::Delete), QStringLiteral("deletePageKey"),
                [this] { deleteSelected(); });
}

void ScanPanel::setOcrEngine(std::shared_ptr<OcrEngine> engine)
{
    m_ocrEngine = std::move(engine);
}

void ScanPanel::setDeviceOptions(const QList<std::pair<QString, QVariant>> &options)
{
    m_deviceOptions = options;
}

bool ScanPanel::isBusy() const
{
    return m_jobRunning || m_findingDevices || m_saving || (m_session && !m_session->isIdle());
}

QString ScanPanel::errorText() const
{
    return m_errorLabel->isVisible() || !m_errorLabel->isHidden() ? m_errorLabel->text() : QString();
}

ScanProfile ScanPanel::currentProfile() const
{
    if (m_session)
        return m_session->profile();
    const auto profile = ScanProfileStore(m_settings).profile(m_profileBox->currentText());
    return profile.ok() ? *profile : ScanProfileStore::defaults().constFirst();
}

void ScanPanel::findDevices()
{
    if (isBusy())
        return;
    if (!m_backend)
        m_backend = m_backendFactory();
    m_findingDevices = true;
    m_statusLabel->setText(tr("Looking for scanners…"));
    updateActions();
    auto *watcher = new QFutureWatcher<Result<QList<ScannerInfo>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_findingDevices = false;
        const Result<QList<ScannerInfo>> devices = watcher->result();
        QString previous = m_deviceBox->currentData().toString();
        if (previous.isEmpty())
            previous = m_settings.value(QStringLiteral("scanning/device")).toString();
        m_deviceBox->clear();
        if (!devices.ok()) {
            showError(devices.error().message);
        } else {
            for (const ScannerInfo &info : *devices)
                m_deviceBox->addItem(info.displayName(), info.name);
            const int index = m_deviceBox->findData(previous);
            if (index >= 0)
                m_deviceBox->setCurrentIndex(index);
        }
        const int count = devices.ok() ? int(devices->size()) : 0;
        m_statusLabel->setText(count == 0 ? tr("No scanner found.")
                                          : tr("%n scanner(s) found.", nullptr, count));
        updateActions();
        Q_EMIT devicesFound(count);
    });
    // No job runs meanwhile (isBusy()), so the backend is used from one thread at a time.
    watcher->setFuture(QtConcurrent::run([backend = m_backend] { return backend->devices(); }));
}

void ScanPanel::scan()
{
    if (isBusy())
        return;
    const QString device = m_deviceBox->currentData().toString();
    if (device.isEmpty()) {
        showError(tr("Choose a scanner first (Find scanners)."));
        return;
    }
    if (!m_backend)
        m_backend = m_backendFactory();
    ScanSettings settings = currentProfile().settings();
    settings.pageLimit = m_pageLimit->value();
    settings.deviceOptions = m_deviceOptions;
    startJob(m_backend, device, settings);
}

void ScanPanel::importFiles(const QStringList &files)
{
    if (isBusy() || files.isEmpty())
        return;
    auto backend = std::make_shared<ImportBackend>(files);
    // The job uses the backend on its thread until it ends; the batch keeps it.
    m_importBackends.append(backend);
    ScanSettings settings = currentProfile().settings();
    settings.source = ScanSource::Feeder;
    startJob(backend, ImportBackend::DeviceName, settings);
}

void ScanPanel::startJob(std::shared_ptr<ScannerBackend> backend, const QString &device,
                         const ScanSettings &settings)
{
    m_errorLabel->hide();
    m_errorLabel->clear();
    m_jobError.clear();
    if (!m_session) {
        m_session = std::make_unique<ScanSession>(currentProfile());
        m_session->setOcrEngine(m_ocrEngine);
        m_nextSessionIndex = 0;
        connect(m_session.get(), &ScanSession::pageProcessed, this,
                [this](int index, const QImage &thumbnail) { m_model->setPageProcessed(index, thumbnail); });
        connect(m_session.get(), &ScanSession::pageFailed, this, [this](int index, const Error &error) {
            m_model->setPageFailed(index);
            if (!error.isCancelled())
                showError(error.message);
        });
        connect(m_session.get(), &ScanSession::idle, this, &ScanPanel::checkBatchDone);
    }
    m_job.reset(); // the previous job has finished
    m_job = std::make_unique<ScanJob>(std::move(backend), device, settings);
    m_session->attach(m_job.get());
    connect(m_job.get(), &ScanJob::pageScanned, this, [this] { m_model->addPage(m_nextSessionIndex++); });
    connect(m_job.get(), &ScanJob::pageStarted, this, [this](int index) {
        m_statusLabel->setText(tr("Reading page %1…").arg(index + 1));
        m_progress->setValue(0);
    });
    connect(m_job.get(), &ScanJob::progress, this, [this](int, int percent) {
        if (percent < 0)
            m_progress->setRange(0, 0);
        else {
            m_progress->setRange(0, 100);
            m_progress->setValue(percent);
        }
    });
    connect(m_job.get(), &ScanJob::finished, this, &ScanPanel::jobFinished);
    m_jobRunning = true;
    updateActions();
    m_job->start();
}

void ScanPanel::jobFinished(const Result<int> &result)
{
    m_jobRunning = false;
    m_progress->setRange(0, 100);
    m_progress->setValue(result.ok() ? 100 : 0);
    if (result.ok()) {
        m_statusLabel->setText(tr("%n page(s) read.", nullptr, *result));
    } else if (result.error().isCancelled()) {
        m_statusLabel->setText(tr("Stopped. The pages read so far are kept."));
    } else {
        m_jobError = result.error().message;
        m_statusLabel->setText(tr("The pages read before the error are kept."));
        showError(result.error().message);
    }
    updateActions();
    checkBatchDone();
}

void ScanPanel::checkBatchDone()
{
    if (m_jobRunning || !m_session || !m_session->isIdle() || !m_job)
        return;
    updateActions();
    // Once per job: the job is kept until the next one starts (pages may refer to it).
    if (m_job->property("reported").toBool())
        return;
    m_job->setProperty("reported", true);
    Q_EMIT batchFinished(m_jobError);
}

void ScanPanel::cancel()
{
    if (m_job)
        m_job->cancel();
}

void ScanPanel::clearPages()
{
    if (isBusy())
        return;
    m_job.reset();
    m_session.reset();
    m_importBackends.clear();
    m_model->clear();
    m_errorLabel->hide();
    m_statusLabel->clear();
    m_progress->setValue(0);
    updateActions();
}

void ScanPanel::saveDocument(const QString &path)
{
    if (isBusy() || !m_session) {
        Q_EMIT saveFailed(tr("There are no finished pages to save."));
        return;
    }
    QMap<int, ProcessedPage> processed;
    for (const ProcessedPage &page : m_session->pages())
        processed.insert(page.index, page);
    QList<ArrangedPage> pages;
    for (const ScanPageModel::Page &page : m_model->pages()) {
        if (page.state != ScanPageModel::PageState::Ready || !processed.contains(page.sessionIndex))
            continue;
        pages.append(ArrangedPage {processed.value(page.sessionIndex), m_session->pageText(page.sessionIndex),
                                   page.rotation});
    }
    ScanPdfOptions options;
    options.jpegQuality = m_session->profile().jpegQuality;
    m_saving = true;
    updateActions();
    m_statusLabel->setText(tr("Saving the document…"));
    auto *watcher = new QFutureWatcher<Status>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        m_saving = false;
        updateActions();
        const Status status = watcher->result();
        if (status.ok()) {
            m_statusLabel->setText(tr("Saved."));
            Q_EMIT documentSaved(path);
        } else {
            showError(status.error().message);
            Q_EMIT saveFailed(status.error().message);
        }
    });
    watcher->setFuture(QtConcurrent::run(
        [pages, path, options] { return ScanDocumentWriter::write(pages, path, options); }));
}

void ScanPanel::showError(const QString &text)
{
    m_errorLabel->setText(text);
    m_errorLabel->show();
}

void ScanPanel::updateActions()
{
    const bool busy = isBusy();
    const bool hasPage = m_model->rowCount() > 0;
    m_profileBox->setEnabled(!busy && !hasPage); // one profile per batch
    m_deviceBox->setEnabled(!busy);
    m_findButton->setEnabled(!busy);
    m_scanButton->setEnabled(!busy && m_deviceBox->count() > 0);
    m_importButton->setEnabled(!busy);
    m_cancelButton->setEnabled(m_jobRunning);
    m_rotateButton->setEnabled(!m_saving && hasPage);
    m_deleteButton->setEnabled(!m_saving && hasPage);
    m_clearButton->setEnabled(!busy && hasPage);
}

int ScanPanel::selectedRow() const
{
    const QModelIndex current = m_pageView->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void ScanPanel::rotateSelected(bool clockwise)
{
    if (!m_saving)
        m_model->rotate(selectedRow(), clockwise);
}

void ScanPanel::deleteSelected()
{
    const int row = selectedRow();
    if (m_saving || row < 0)
        return;
    const int sessionIndex = m_model->pages().at(row).sessionIndex;
    m_model->removeRows(row, 1);
    // A page still being processed is left in the session and skipped on saving.
    if (m_session)
        (void)m_session->removePage(sessionIndex);
}

void ScanPanel::shiftSelected(int delta)
{
    const int row = selectedRow();
    if (m_saving || !m_model->shift(row, delta))
        return;
    m_pageView->setCurrentIndex(m_model->index(row + delta));
}

void ScanPanel::chooseFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import files"), QString(),
        tr("Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"));
    importFiles(files);
}

void ScanPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (!isBusy() && event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ScanPanel::dropEvent(QDropEvent *event)
{
    QStringList files;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            files.append(url.toLocalFile());
    }
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    importFiles(files);
}

} // namespace dms
