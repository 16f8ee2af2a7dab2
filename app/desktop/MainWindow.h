// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "domain/Registration.h"
#include "domain/Registry.h"
#include "search/SearchService.h"
#include "services/DemoData.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointer>

#include <optional>

class QAction;
class QFrame;
class QLabel;
class QLineEdit;
class QProgressDialog;
class QTableView;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace dms {

class EntryDetailsView;
class RegisterModel;
struct ServiceContext;

/** The outcome of a demo data run on the worker thread. */
struct DemoRun
{
    Error error;
    bool ok = false;
    DemoSummary summary;
};

/** The registry office's main window: the registers grouped by kind on the
 *  left, the entries of the selected register in the middle (lazily paged, with
 *  a debounced search box), the selected entry's details on the right. Actions:
 *  register an incoming document, annul an entry (shown only to sessions that
 *  may), refresh. The status bar names the user, the roles and the database.
 *
 *  Everything runs on the GUI thread except demo data generation, which runs on
 *  a worker thread with a progress dialog (see generateDemoData()). The window
 *  does not own the context, which must outlive it. */
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(ServiceContext &context, QWidget *parent = nullptr);
    /** Cancels a running demo data generation and waits for its current step. */
    ~MainWindow() override;

    /** Signs `login` in: a session with the stored roles (NotFound or
     *  InvalidState from UserService otherwise, and the window stays as it was). */
    Status signIn(const QString &login);
    const Session &session() const { return m_session; }
    /** What the status bar says about the database, e.g. its URL. */
    void setDatabaseDescription(const QString &text);

    /** Fills the database with demo data on a worker thread, showing progress
     *  (cancellable); then signs `login` in and reloads. demoDataFinished()
     *  reports the outcome. Ignored while a run is going on. */
    void generateDemoData(const DemoOptions &options, const QString &login);
    bool isGeneratingDemoData() const;

    RegisterModel *registerModel() const { return m_model; }
    /** The registration selected in the list, if any. */
    std::optional<DocumentSummary> selectedEntry() const;
    /** Selects a register in the tree (empty: all registers). */
    void selectRegister(const QString &registerId);

public Q_SLOTS:
    /** Opens the registration form (window-modal). */
    void registerIncoming();
    /** Asks for the reason and annuls the selected entry (window-modal). */
    void annulSelected();
    /** Reloads registers and entries. */
    void refresh();

Q_SIGNALS:
    void registered(const dms::Registration &entry);
    void annulled(const QString &registrationId);
    /** A demo data run ended; `error` is empty (message) on success. */
    void demoDataFinished(bool ok, const QString &message);

private:
    void createActions();
    void createWidgets();
    void loadRegisters();
    void updateQuery();
    void updateActions();
    void updateStatusBar();
    void showSelectedEntry();
    void selectRegistration(const QString &registrationId);
    void showLoadError(const Error &error);
    void finishDemoData();

    ServiceContext &m_context;
    Session m_session;
    QList<Register> m_registers;
    QString m_databaseDescription;

    RegisterModel *m_model = nullptr;
    QTreeWidget *m_registerTree = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_search = nullptr;
    QTimer *m_searchTimer = nullptr;
    EntryDetailsView *m_details = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerLabel = nullptr;
    QLabel *m_userLabel = nullptr;
    QLabel *m_databaseLabel = nullptr;
    QLabel *m_countLabel = nullptr;

    QAction *m_registerAction = nullptr;
    QAction *m_annulAction = nullptr;
    QAction *m_refreshAction = nullptr;

    QFutureWatcher<DemoRun> *m_demoWatcher = nullptr;
    QPointer<QProgressDialog> m_demoProgress;
    QString m_demoLogin;
};

} // namespace dms
