// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/ScanProfile.h"
#include "scanning/ScanSettings.h"
#include "scanning/ScannerInfo.h"

#include <QList>
#include <QStringList>
#include <QVariant>
#include <QWidget>

#include <functional>
#include <memory>
#include <utility>

class QComboBox;
class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;

namespace dms {

class OcrEngine;
class ScanJob;
class ScanPageModel;
class ScanSession;
class ScannerBackend;

/** Where the pages of an incoming document come from: a scanner (profile,
 *  device, Scan) or existing files (Import…, or dropped on the panel: PDF, JPEG,
 *  PNG, TIFF through scanning/import). Pages appear as thumbnails while they
 *  arrive and can be reordered (drag, Ctrl+Up/Down), turned and deleted; several
 *  scans and imports add to one batch. saveDocument() writes the batch as one
 *  PDF/A ready to register.
 *
 *  Device work runs on ScanJob's thread, page processing on ScanSession's pool,
 *  device discovery and writing on a worker: the GUI thread never waits for
 *  the scanner. A device error (jam, cover open, …) is shown in the panel and
 *  the pages read before it stay; Cancel stops the device as soon as it allows
 *  and is not shown as an error. */
class ScanPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScanPanel)

public:
    /** Makes the scanner backend when first needed (SANE in the program, a
     *  wrapped or fake backend in tests); called on the GUI thread. */
    using BackendFactory = std::function<std::shared_ptr<ScannerBackend>()>;

    /** @p settings holds the scan profiles (ScanProfileStore) and the desk's
     *  defaults chosen first (scanning/default_profile, scanning/device); it
     *  must outlive the panel. */
    ScanPanel(QSettings &settings, BackendFactory backendFactory, QWidget *parent = nullptr);
    ~ScanPanel() override;

    /** Recognises text on new batches when their profile asks for OCR. */
    void setOcrEngine(std::shared_ptr<OcrEngine> engine);
    /** Driver options set by name before every scan (the desk's configuration). */
    void setDeviceOptions(const QList<std::pair<QString, QVariant>> &options);

    ScanPageModel *pageModel() const { return m_model; }
    /** A scan, import, device search or save is running. */
    bool isBusy() const;
    /** The error shown, empty when none. */
    QString errorText() const;
    /** The profile of the next batch (of the current one while it has pages). */
    ScanProfile currentProfile() const;

public Q_SLOTS:
    /** Lists the scanners in the background; devicesFound() follows. */
    void findDevices();
    /** Scans from the chosen device with the chosen profile into the batch. */
    void scan();
    /** Imports @p files into the batch (every page of each, in order). */
    void importFiles(const QStringList &files);
    /** Asks the running scan or import to stop. */
    void cancel();
    /** Forgets every page: the next scan starts a new batch. */
    void clearPages();
    /** Writes the pages in their order as one PDF/A to @p path in the background;
     *  documentSaved() or saveFailed() follows. */
    void saveDocument(const QString &path);

Q_SIGNALS:
    void devicesFound(int count);
    /** A scan or import ended and all of its pages are processed; @p error is
     *  empty (code 0) on success or after Cancel. */
    void batchFinished(const QString &error);
    void documentSaved(const QString &path);
    void saveFailed(const QString &error);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildUi();
    void startJob(std::shared_ptr<ScannerBackend> backend, const QString &device,
                  const ScanSettings &settings);
    void jobFinished(const Result<int> &result);
    void checkBatchDone();
    void showError(const QString &text);
    void updateActions();
    void rotateSelected(bool clockwise);
    void deleteSelected();
    void shiftSelected(int delta);
    int selectedRow() const;
    void chooseFiles();

    QSettings &m_settings;
    BackendFactory m_backendFactory;
    std::shared_ptr<ScannerBackend> m_backend;
    std::shared_ptr<OcrEngine> m_ocrEngine;
    QList<std::pair<QString, QVariant>> m_deviceOptions;

    ScanPageModel *m_model = nullptr;
    std::unique_ptr<ScanSession> m_session;
    std::unique_ptr<ScanJob> m_job;
    QList<std::shared_ptr<ScannerBackend>> m_importBackends;
    int m_nextSessionIndex = 0;
    bool m_jobRunning = false;
    bool m_findingDevices = false;
    bool m_saving = false;
    QString m_jobError;

    QComboBox *m_profileBox = nullptr;
    QComboBox *m_deviceBox = nullptr;
    QSpinBox *m_pageLimit = nullptr;
    QPushButton *m_findButton = nullptr;
    QPushButton *m_scanButton = nullptr;
    QPushButton *m_importButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_rotateButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    QListView *m_pageView = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
};

} // namespace dms
