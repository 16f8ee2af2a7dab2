// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IncomingFlowOptions.h"
#include "access/Session.h"
#include "desk/DeskConnection.h"
#include "domain/Registration.h"
#include "domain/Registry.h"
#include "search/SearchService.h"
#include "searches/SavedSearch.h"
#include "services/DemoData.h"

#include <QFutureWatcher>
#include <QJsonObject>
#include <QMainWindow>
#include <QPointer>

#include <optional>

class QAction;
class QFrame;
class QLabel;
class QLineEdit;
class QProgressBar;
class QProgressDialog;
class QPushButton;
class QTableView;
class QTimer;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace dms {

class CasesDock;
class EntryDetailsView;
class EntryFilesView;
class OutgoingActions;
class SigningRoutesDock;
class RegisterModel;
class RegistrationActions;
class SavedSearchesPanel;

/** The outcome of a demo data run on the worker thread. */
struct DemoRun
{
    Error error;
    bool ok = false;
    DemoSummary summary;
};

/** The registry office's main window: the registers grouped by kind on the
 *  left, the entries of the selected register in the middle (lazily paged, with
 *  a debounced search box), the selected entry's details below. Actions:
 *  register an incoming document, annul an entry (shown only to sessions that
 *  may), refresh, the commands the server refused (conflicts).
 *
 *  Everything is read from the desk's replica and written through its
 *  SyncEngine (DeskConnection), embedded or against delovod-server alike: a new
 *  registration shows at once with its provisional number and gets the
 *  official one when the server has decided (registered() then). The status bar
 *  names the user, the roles, the office and the sync state (online, offline,
 *  conflicts) with the progress of a catch-up.
 *
 *  Everything runs on the GUI thread except demo data generation (embedded
 *  office only), which runs on a worker thread with a progress dialog (see
 *  generateDemoData()). The window does not own the desk, which must outlive it. */
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(DeskConnection &desk, QWidget *parent = nullptr);
    /** Cancels a running demo data generation and waits for its current step. */
    ~MainWindow() override;

    /** Signs `login` in on the desk (DeskConnection::signIn): its errors leave
     *  the window as it was. */
    Status signIn(const QString &login);
    const Session &session() const { return m_session; }
    /** What the status bar says about the database, e.g. its URL. */
    void setDatabaseDescription(const QString &text);

    /** Fills the embedded office with demo data on a worker thread, showing
     *  progress (cancellable), and publishes it into the feed; then signs
     *  `login` in: the entries arrive through the desk's sync. demoDataFinished()
     *  reports the outcome. Ignored while a run is going on or for a server desk. */
    void generateDemoData(const DemoOptions &options, const QString &login);
    bool isGeneratingDemoData() const;

    RegisterModel *registerModel() const { return m_model; }
    /** The registration selected in the list, if any. */
    std::optional<DocumentSummary> selectedEntry() const;
    /** Selects a register in the tree (empty: all registers). */
    void selectRegister(const QString &registerId);
    /** Case files, My tasks and Overdue (menu "Cases", F8). */
    CasesDock *casesDock() const { return m_casesDock; }

    /** Gives the registration form its scan step and offers printing and
     *  certification once a registration made here is numbered (banner buttons). */
    void setIncomingFlow(const IncomingFlowOptions &flow);
    /** Print and certify for the last registration made here; null before setIncomingFlow(). */
    RegistrationActions *registrationActions() const { return m_actions; }
    /** The user's saved searches (the list under the register tree). */
    SavedSearchesPanel *savedSearches() const { return m_savedSearches; }
    /** The filter shown now (register tree node and search text), unnamed. */
    SavedSearch currentSearch() const;
    /** Shows a saved search: selects its register node and search text. */
    void applySearch(const dms::SavedSearch &search);
    /** Saves the filter shown now under `name` (replacing one of that name); its row, or -1. */
    int saveCurrentSearchAs(const QString &name);

    /** The selected entry's files (a dock); null without a verifier in the flow. */
    EntryFilesView *entryFiles() const { return m_files; }
    /** The menu "Outgoing" (after setIncomingFlow() with signing); null before. */
    OutgoingActions *outgoingActions() const { return m_outgoing; }
    /** For signature and My routed documents (menu "Outgoing", F9; after setIncomingFlow() with signing). */
    SigningRoutesDock *signingRoutesDock() const { return m_signingRoutes; }

public Q_SLOTS:
    /** Opens the registration form (window-modal). */
    void registerIncoming();
    /** Asks for the reason and annuls the selected entry (window-modal). */
    void annulSelected();
    /** Reloads registers and entries. */
    void refresh();
    /** Lists the commands the server refused (window-modal). */
    void showConflicts();
    /** Asks for a register, a period, a format and a file and exports (window-modal). */
    void exportRegister();
    /** Asks for a name and saves the filter shown now (window-modal). */
    void saveCurrentSearch();
    /** This desk's settings (window-modal), in the flow's QSettings or the application's. */
    void showSettings();

Q_SIGNALS:
    /** A registration made here got its official number from the server. */
    void registered(const dms::Registration &entry);
    /** A registration made here was refused by the server (it is a conflict now). */
    void registrationRefused(const QString &provisionalNumber, const QString &message);
    void annulled(const QString &registrationId);
    /** A demo data run ended; `error` is empty (message) on success. */
    void demoDataFinished(bool ok, const QString &message);

protected:
    /** On the first show, gives the register list most of the width (see the .cpp). */
    void showEvent(QShowEvent *event) override;

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
    void adoptSession();
    void updateSyncStatus();
    void showSyncProgress(int done, int total, const QString &stage);
    void changesArrived();
    void commandDecided(const QString &opId, bool applied, const QJsonObject &answer);
    void showBanner(const QString &text, const QString &index, bool failure);
    void offerActions(const QJsonObject &result);

    void createCasesDock();

    DeskConnection &m_desk;
    Session m_session;
    CasesDock *m_casesDock = nullptr;
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
    QLabel *m_syncLabel = nullptr;
    QProgressBar *m_syncProgress = nullptr;
    QToolButton *m_conflictsButton = nullptr;
    QTimer *m_changesTimer = nullptr; ///< coalesces reloads while changes arrive
    QString m_awaitingOpId; ///< the registration made here whose number is awaited
    QJsonObject m_awaitingPayload; ///< its command's payload (subject, pages for the receipt)
    QString m_awaitingScan; ///< the desk's copy of its scan, if any
    IncomingFlowOptions m_flow;
    RegistrationActions *m_actions = nullptr;
    SavedSearchesPanel *m_savedSearches = nullptr;
    EntryFilesView *m_files = nullptr;
    OutgoingActions *m_outgoing = nullptr;
    SigningRoutesDock *m_signingRoutes = nullptr;
    QList<QPushButton *> m_actionButtons; ///< receipt, label, certify (in the banner)
    QStringList m_registerIds; ///< what the tree shows, to rebuild it only on change

    QAction *m_registerAction = nullptr;
    QAction *m_annulAction = nullptr;
    QAction *m_refreshAction = nullptr;

    QFutureWatcher<DemoRun> *m_demoWatcher = nullptr;
    QPointer<QProgressDialog> m_demoProgress;
    QString m_demoLogin;
    bool m_arranged = false; ///< the first show's layout is done
};

} // namespace dms
