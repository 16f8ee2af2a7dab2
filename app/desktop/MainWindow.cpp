// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "AnnulDialog.h"
#include "EntryDetailsView.h"
#include "RegisterIncomingDialog.h"
#include "RegisterModel.h"
#include "RegistrationActions.h"
#if defined(DMS_HAVE_GUI_DOCUMENT)
#include "EntryFilesView.h"
#endif
#include "SyncConflictsDialog.h"
#include "cases/CasesDock.h"
#include "cases/CasesPanel.h"
#include "desk/DeskExchange.h"
#include "export/RegisterExportDialog.h"
#include "searches/SavedSearchModel.h"
#include "searches/SavedSearchesPanel.h"
#include "services/ServiceContext.h"
#include "settings/SettingsDialog.h"
#if defined(DMS_HAVE_GUI_SIGNING)
#include "outgoing/OutgoingActions.h"
#include "routing/SigningRoutesDock.h"
#endif

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPromise>
#include <QPushButton>
#include <QSettings>
#include <QShowEvent>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace dms {

namespace {

enum class NodeType { All, Kind, Register };
constexpr int kNodeTypeRole = Qt::UserRole;
constexpr int kNodeValueRole = Qt::UserRole + 1;

} // namespace

MainWindow::MainWindow(DeskConnection &desk, QWidget *parent)
    : QMainWindow(parent)
    , m_desk(desk)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Delovod"));
    m_model = new RegisterModel(desk.reader(), desk.timeZone(), this);
    m_demoWatcher = new QFutureWatcher<DemoRun>(this);
    connect(m_demoWatcher, &QFutureWatcherBase::finished, this, &MainWindow::finishDemoData);
    m_changesTimer = new QTimer(this);
    m_changesTimer->setSingleShot(true);
    m_changesTimer->setInterval(150);
    connect(m_changesTimer, &QTimer::timeout, this, &MainWindow::changesArrived);
    createActions();
    createWidgets();
    createCasesDock();
    connect(&m_desk, &DeskConnection::sessionChanged, this, &MainWindow::adoptSession);
    connect(&m_desk, &DeskConnection::stateChanged, this, &MainWindow::updateSyncStatus);
    connect(&m_desk, &DeskConnection::progress, this, &MainWindow::showSyncProgress);
    connect(&m_desk, &DeskConnection::changesApplied, m_changesTimer, qOverload<>(&QTimer::start));
    connect(&m_desk, &DeskConnection::commandDecided, this, &MainWindow::commandDecided);
    updateActions();
    updateStatusBar();
    updateSyncStatus();
    resize(1280, 800);
}

MainWindow::~MainWindow()
{
    if (m_demoWatcher->isRunning()) {
        m_demoWatcher->disconnect(this);
        m_demoWatcher->cancel();
        m_demoWatcher->waitForFinished();
    }
}

void MainWindow::createActions()
{
    m_registerAction = new QAction(tr("&Register incoming…"), this);
    m_registerAction->setObjectName(QStringLiteral("registerAction"));
    m_registerAction->setShortcut(QKeySequence::New);
    m_registerAction->setToolTip(tr("Register an incoming document (%1)")
                                     .arg(m_registerAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_registerAction, &QAction::triggered, this, &MainWindow::registerIncoming);

    m_annulAction = new QAction(tr("&Annul…"), this);
    m_annulAction->setObjectName(QStringLiteral("annulAction"));
    m_annulAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete));
    m_annulAction->setToolTip(tr("Annul the selected entry"));
    connect(m_annulAction, &QAction::triggered, this, &MainWindow::annulSelected);

    m_refreshAction = new QAction(tr("Re&fresh"), this);
    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refresh);

    auto *quit = new QAction(tr("&Quit"), this);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto *findAction = new QAction(tr("&Find…"), this);
    findAction->setObjectName(QStringLiteral("findAction"));
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });

    auto *exportAction = new QAction(tr("E&xport register…"), this);
    exportAction->setObjectName(QStringLiteral("exportRegisterAction"));
    connect(exportAction, &QAction::triggered, this, &MainWindow::exportRegister);

    auto *settingsAction = new QAction(tr("Se&ttings…"), this);
    settingsAction->setObjectName(QStringLiteral("settingsAction"));
    settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_registerAction);
    file->addAction(exportAction);
    file->addSeparator();
    file->addAction(settingsAction);
    file->addSeparator();
    file->addAction(quit);
    QMenu *entry = menuBar()->addMenu(tr("&Entry"));
    entry->addAction(m_annulAction);
    auto *saveSearchAction = new QAction(tr("&Save search…"), this);
    saveSearchAction->setObjectName(QStringLiteral("saveSearchAction"));
    saveSearchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(saveSearchAction, &QAction::triggered, this, &MainWindow::saveCurrentSearch);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(findAction);
    view->addAction(saveSearchAction);
    view->addAction(m_refreshAction);

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(m_registerAction);
    tools->addAction(m_annulAction);
    tools->addAction(m_refreshAction);
}

void MainWindow::createWidgets()
{
    m_registerTree = new QTreeWidget(this);
    m_registerTree->setObjectName(QStringLiteral("registerTree"));
    m_registerTree->setHeaderHidden(true);
    m_registerTree->setRootIsDecorated(true);
    connect(m_registerTree, &QTreeWidget::currentItemChanged, this, [this] { updateQuery(); });

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(tr("Search by index, subject, correspondent or text (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(SearchService::kMaxTextLength);
    m_searchTimer = new QTimer(this);
    m_searchTimer->setObjectName(QStringLiteral("searchTimer"));
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(300);
    connect(m_searchTimer, &QTimer::timeout, this, &MainWindow::updateQuery);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchTimer->stop();
        updateQuery();
    });

    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("registeredBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setStyleSheet(
        QStringLiteral("#registeredBanner { background: #e6f4ea; border: 1px solid #34a853; }"));
    m_bannerLabel = new QLabel(m_banner);
    m_bannerLabel->setObjectName(QStringLiteral("registeredIndexLabel"));
    m_bannerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont big = m_bannerLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_bannerLabel->setFont(big);
    auto *copy = new QToolButton(m_banner);
    copy->setObjectName(QStringLiteral("copyIndexButton"));
    copy->setText(tr("&Copy"));
    connect(copy, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_bannerLabel->property("index").toString()); });
    auto *close = new QToolButton(m_banner);
    close->setText(tr("×"));
    close->setToolTip(tr("Hide"));
    connect(close, &QToolButton::clicked, m_banner, &QWidget::hide);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerLabel, 1);
    // What follows a registration (setIncomingFlow()); shown when available.
    const std::pair<const char *, QString> actions[] = {{"printReceiptButton", tr("Print &receipt")},
                                                        {"printLabelButton", tr("Print &label")},
                                                        {"certifyButton", tr("Cer&tify the scan")}};
    for (const auto &[name, text] : actions) {
        auto *button = new QPushButton(text, m_banner);
        button->setObjectName(QLatin1String(name));
        button->hide();
        bannerLayout->addWidget(button);
        m_actionButtons.append(button);
    }
    bannerLayout->addWidget(copy);
    bannerLayout->addWidget(close);
    m_banner->hide();

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("registerView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addAction(m_annulAction);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(RegisterModel::SubjectColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_view->fontMetrics();
    const int pad = 2 * metrics.averageCharWidth() + 8;
    header->resizeSection(RegisterModel::IndexColumn,
                          metrics.horizontalAdvance(QStringLiteral("СОА26-ВК66-12345/12/31.12.2026")) + pad);
    header->resizeSection(RegisterModel::DateColumn,
                          metrics.horizontalAdvance(QStringLiteral("31.12.2026 23:59")) + pad);
    header->resizeSection(RegisterModel::KindColumn,
                          metrics.horizontalAdvance(QStringLiteral("Докладна записка")) + pad);
    header->resizeSection(RegisterModel::CorrespondentColumn, 32 * metrics.averageCharWidth());
    header->resizeSection(RegisterModel::StatusColumn,
                          metrics.horizontalAdvance(displayName(RegistrationStatus::Annulled)) + pad);
    // Room for "Sent" or "Rejected"; the longer answers are elided, whole in the tooltip.
    header->resizeSection(RegisterModel::ExchangeColumn, 18 * metrics.averageCharWidth());
    // Selecting a row moves the current index first and selects after: follow both.
    const auto selectionMoved = [this] {
        showSelectedEntry();
        updateActions();
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, selectionMoved);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, selectionMoved);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        showSelectedEntry();
        updateActions();
        updateStatusBar();
    });
    connect(m_model, &RegisterModel::loadFailed, this, &MainWindow::showLoadError);

    m_details = new EntryDetailsView(m_desk.reader(), m_desk.timeZone(), this);
    m_details->setExchange(std::make_shared<DeskExchange>(m_desk.local())); // СЕОС statuses
    m_details->setObjectName(QStringLiteral("detailView"));

    auto *center = new QWidget(this);
    auto *centerLayout = new QVBoxLayout(center);
    centerLayout->setContentsMargins(0, 0, 0, 0);
    centerLayout->addWidget(m_search);
    centerLayout->addWidget(m_banner);
    centerLayout->addWidget(m_view, 1);

    // The list takes the full width (subjects are long); the details sit under it.
    auto *listAndDetails = new QSplitter(Qt::Vertical, this);
    listAndDetails->setObjectName(QStringLiteral("listSplitter"));
    listAndDetails->addWidget(center);
    listAndDetails->addWidget(m_details);
    listAndDetails->setStretchFactor(0, 1);
    listAndDetails->setSizes({520, 260});

    // The user's saved searches under the register tree.
    m_savedSearches = new SavedSearchesPanel(this);
    connect(m_savedSearches, &SavedSearchesPanel::runRequested, this, &MainWindow::applySearch);
    connect(m_savedSearches, &SavedSearchesPanel::saveRequested, this, &MainWindow::saveCurrentSearch);
    auto *left = new QSplitter(Qt::Vertical, this);
    left->setObjectName(QStringLiteral("leftSplitter"));
    left->addWidget(m_registerTree);
    left->addWidget(m_savedSearches);
    left->setStretchFactor(0, 1);
    left->setSizes({560, 200});

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(listAndDetails);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({260, 1020});
    setCentralWidget(splitter);

    m_userLabel = new QLabel(this);
    m_userLabel->setObjectName(QStringLiteral("userLabel"));
    m_databaseLabel = new QLabel(this);
    m_databaseLabel->setObjectName(QStringLiteral("databaseLabel"));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_syncProgress = new QProgressBar(this);
    m_syncProgress->setObjectName(QStringLiteral("syncProgress"));
    m_syncProgress->setMaximumWidth(160);
    m_syncProgress->setTextVisible(true);
    m_syncProgress->hide();
    m_syncLabel = new QLabel(this);
    m_syncLabel->setObjectName(QStringLiteral("syncLabel"));
    m_conflictsButton = new QToolButton(this);
    m_conflictsButton->setObjectName(QStringLiteral("conflictsButton"));
    m_conflictsButton->setAutoRaise(true);
    m_conflictsButton->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold;"));
    m_conflictsButton->hide();
    connect(m_conflictsButton, &QToolButton::clicked, this, &MainWindow::showConflicts);
    statusBar()->addPermanentWidget(m_syncProgress);
    statusBar()->addPermanentWidget(m_syncLabel);
    statusBar()->addPermanentWidget(m_conflictsButton);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_userLabel);
    statusBar()->addPermanentWidget(m_databaseLabel);

    setTabOrder(m_registerTree, m_search);
    setTabOrder(m_search, m_view);
    setTabOrder(m_view, m_details);
}

Status MainWindow::signIn(const QString &login)
{
    DMS_TRY(m_desk.signIn(login));
    m_awaitingOpId.clear();
    m_banner->hide();
    adoptSession();
    updateSyncStatus();
    return {};
}

void MainWindow::adoptSession()
{
    m_session = m_desk.session();
    m_details->clearCache();
    m_registerIds.clear();
    m_model->setSession(m_session);
    m_savedSearches->model()->setLogin(m_session.isValid() ? m_session.login : QString());
    loadRegisters();
    updateActions();
    updateStatusBar();
}

void MainWindow::setDatabaseDescription(const QString &text)
{
    m_databaseDescription = text;
    updateStatusBar();
}

void MainWindow::loadRegisters()
{
    QString currentValue;
    NodeType currentType = NodeType::All;
    if (QTreeWidgetItem *current = m_registerTree->currentItem()) {
        currentType = NodeType(current->data(0, kNodeTypeRole).toInt());
        currentValue = current->data(0, kNodeValueRole).toString();
    }

    auto all = m_desk.reader().registers();
    auto codes = m_desk.reader().registryCodes();
    m_registers = all ? *all : QList<Register> {};
    if (!all)
        showLoadError(all.error());
    const QHash<QString, QString> registryCodes = codes ? *codes : QHash<QString, QString> {};
    const bool manyRegistries = registryCodes.size() > 1;
    m_registerIds.clear();
    for (const Register &reg : std::as_const(m_registers))
        m_registerIds << reg.id + (reg.active ? QStringLiteral("+") : QStringLiteral("-"));
    std::stable_sort(m_registers.begin(), m_registers.end(), [](const Register &a, const Register &b) {
        return int(a.kind) != int(b.kind) ? int(a.kind) < int(b.kind) : a.code < b.code;
    });

    const QSignalBlocker blocker(m_registerTree);
    m_registerTree->clear();
    auto *allItem = new QTreeWidgetItem(m_registerTree, {tr("All registers")});
    allItem->setData(0, kNodeTypeRole, int(NodeType::All));
    QTreeWidgetItem *toSelect = allItem;
    for (RegisterKind kind : allRegisterKinds()) {
        QTreeWidgetItem *group = nullptr;
        for (const Register &reg : std::as_const(m_registers)) {
            if (reg.kind != kind)
                continue;
            if (!group) {
                group = new QTreeWidgetItem(m_registerTree, {displayName(kind)});
                group->setData(0, kNodeTypeRole, int(NodeType::Kind));
                group->setData(0, kNodeValueRole, toName(kind));
                if (currentType == NodeType::Kind && currentValue == toName(kind))
                    toSelect = group;
            }
            QString text = QStringLiteral("%1 — %2").arg(reg.code, reg.name);
            if (manyRegistries)
                text += QStringLiteral(" (%1)").arg(registryCodes.value(reg.registryId));
            if (!reg.active)
                text += QLatin1Char(' ') + tr("(closed)");
            auto *item = new QTreeWidgetItem(group, {text});
            item->setData(0, kNodeTypeRole, int(NodeType::Register));
            item->setData(0, kNodeValueRole, reg.id);
            item->setToolTip(0, text);
            if (currentType == NodeType::Register && currentValue == reg.id)
                toSelect = item;
        }
    }
    m_registerTree->expandAll();
    m_registerTree->setCurrentItem(toSelect);
    updateQuery();
}

void MainWindow::selectRegister(const QString &registerId)
{
    for (QTreeWidgetItemIterator it(m_registerTree); *it; ++it) {
        const auto type = NodeType((*it)->data(0, kNodeTypeRole).toInt());
        if ((registerId.isEmpty() && type == NodeType::All)
            || (type == NodeType::Register && (*it)->data(0, kNodeValueRole).toString() == registerId)) {
            m_registerTree->setCurrentItem(*it);
            return;
        }
    }
}

void MainWindow::updateQuery()
{
    SearchQuery query;
    if (QTreeWidgetItem *current = m_registerTree->currentItem()) {
        const auto type = NodeType(current->data(0, kNodeTypeRole).toInt());
        const QString value = current->data(0, kNodeValueRole).toString();
        if (type == NodeType::Register)
            query.registerId = value;
        else if (type == NodeType::Kind)
            query.registerKind = registerKindFromName(value);
    }
    query.text = m_search->text().trimmed();
    const SearchQuery &now = m_model->query();
    if (query.registerId == now.registerId && query.registerKind == now.registerKind
        && query.text == now.text)
        return;
    m_model->setQuery(query);
}

SavedSearch MainWindow::currentSearch() const
{
    SavedSearch search;
    if (QTreeWidgetItem *current = m_registerTree->currentItem()) {
        const auto type = NodeType(current->data(0, kNodeTypeRole).toInt());
        const QString value = current->data(0, kNodeValueRole).toString();
        if (type == NodeType::Register)
            search.registerId = value;
        else if (type == NodeType::Kind)
            search.registerKind = registerKindFromName(value);
    }
    search.text = m_search->text().trimmed();
    return search;
}

void MainWindow::applySearch(const SavedSearch &search)
{
    QTreeWidgetItem *node = nullptr;
    for (QTreeWidgetItemIterator it(m_registerTree); *it && !node; ++it) {
        const auto type = NodeType((*it)->data(0, kNodeTypeRole).toInt());
        const QString value = (*it)->data(0, kNodeValueRole).toString();
        if (!search.registerId.isEmpty() ? type == NodeType::Register && value == search.registerId
                : search.registerKind    ? type == NodeType::Kind && value == toName(*search.registerKind)
                                         : type == NodeType::All)
            node = *it;
    }
    if (!node) {
        statusBar()->showMessage(
            tr("The register of the search \"%1\" is not on this desk.").arg(search.name), 10000);
        return;
    }
    {
        const QSignalBlocker blocker(m_registerTree);
        m_registerTree->setCurrentItem(node);
    }
    {
        const QSignalBlocker blocker(m_search);
        m_search->setText(search.text);
    }
    m_searchTimer->stop();
    updateQuery();
}

int MainWindow::saveCurrentSearchAs(const QString &name)
{
    SavedSearch search = currentSearch();
    search.name = name;
    return m_savedSearches->model()->save(search);
}

void MainWindow::saveCurrentSearch()
{
    if (!m_session.isValid())
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("saveSearchDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Save search"));
    dialog->setLabelText(tr("Name of the search:"));
    dialog->setTextValue(currentSearch().text);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        if (saveCurrentSearchAs(name) < 0)
            statusBar()->showMessage(tr("A saved search needs a name."), 10000);
    });
    dialog->open();
}

std::optional<DocumentSummary> MainWindow::selectedEntry() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isRowSelected(current.row(), {}))
        return std::nullopt;
    return m_model->entry(current.row());
}

void MainWindow::showSelectedEntry()
{
    const auto entry = selectedEntry();
    m_details->showEntry(entry);
#if defined(DMS_HAVE_GUI_DOCUMENT)
    if (m_files)
        m_files->showEntry(entry ? entry->registrationId : QString());
#endif
}

void MainWindow::selectRegistration(const QString &registrationId)
{
    int row = m_model->rowOfRegistration(registrationId);
    while (row < 0 && m_model->canFetchMore({})) {
        const int before = m_model->rowCount();
        m_model->fetchMore({});
        row = m_model->rowOfRegistration(registrationId);
        // Only the first pages are worth loading for this.
        if (m_model->rowCount() == before || m_model->rowCount() > 5 * RegisterModel::kPageSize)
            break;
    }
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, RegisterModel::IndexColumn);
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void MainWindow::updateActions()
{
    const bool signedIn = m_session.isValid();
    m_registerAction->setVisible(signedIn && m_session.can(Permission::RegisterDocument));
    m_registerAction->setEnabled(signedIn && !m_registers.isEmpty() && !isGeneratingDemoData());
    m_annulAction->setVisible(signedIn && m_session.can(Permission::AnnulRegistration));
    const auto entry = selectedEntry();
    m_annulAction->setEnabled(signedIn && entry && entry->status == RegistrationStatus::Active
                              && !isGeneratingDemoData());
    m_refreshAction->setEnabled(signedIn);
#if defined(DMS_HAVE_GUI_SIGNING)
    if (m_outgoing)
        m_outgoing->updateState(); // its actions are in the list's context menu too
#endif
}

void MainWindow::updateStatusBar()
{
    if (m_session.isValid()) {
        QStringList roles;
        for (Role role : allRoles()) {
            if (m_session.roles.contains(role))
                roles << roleDisplayName(role);
        }
        m_userLabel->setText(tr("User: %1 (%2)").arg(m_session.login, roles.join(QStringLiteral(", "))));
        constexpr qint64 kCountCap = 100'000;
        auto count = m_desk.reader().count(m_session, m_model->query(), kCountCap);
        m_countLabel->setText(!count                   ? QString()
                                  : *count > kCountCap ? tr("more than %L1 entries").arg(kCountCap)
                                                       : tr("%n entries", nullptr, int(*count)));
    } else {
        m_userLabel->setText(tr("Not signed in"));
        m_countLabel->clear();
    }
    m_databaseLabel->setText(tr("Database: %1").arg(m_databaseDescription));
}

void MainWindow::updateSyncStatus()
{
    auto conflicts = m_desk.reader().conflicts(1000);
    const int refused = conflicts ? int(conflicts->size()) : 0;
    m_conflictsButton->setText(tr("%n conflict(s)", nullptr, refused));
    m_conflictsButton->setToolTip(
        tr("Commands the server refused: look at them and do them again if needed."));
    m_conflictsButton->setVisible(refused > 0);
    QString text;
    QString tip;
    switch (m_desk.state()) {
    case SyncState::Stopped:
        text = tr("Not syncing");
        break;
    case SyncState::Offline:
        text = tr("Offline");
        tip = m_desk.engine() ? m_desk.engine()->lastError() : QString();
        tip = tip.isEmpty()
            ? tr("The server cannot be reached; work goes on and is sent later.")
            : tr("The server cannot be reached (%1); work goes on and is sent later.").arg(tip);
        break;
    case SyncState::Online:
        text = m_desk.mode() == DeskConnection::Mode::Embedded ? tr("Online (this computer)") : tr("Online");
        break;
    case SyncState::Conflicts:
        text = tr("Online, with conflicts");
        break;
    }
    if (m_desk.engine()) {
        auto waiting = m_desk.engine()->outbox().count(QStringLiteral("pending"));
        if (waiting && *waiting > 0)
            text += QLatin1String(" · ") + tr("%n to send", nullptr, *waiting);
    }
    m_syncLabel->setText(text);
    m_syncLabel->setToolTip(tip);
    m_syncLabel->setProperty("syncState", int(m_desk.state()));
}

void MainWindow::showSyncProgress(int done, int total, const QString &stage)
{
    // total 0: a catch-up still going on, of unknown size.
    if (total > 0 && done >= total) {
        m_syncProgress->hide();
    } else {
        m_syncProgress->setRange(0, total);
        m_syncProgress->setValue(done);
        m_syncProgress->setFormat(QStringLiteral("%1 %2").arg(stage).arg(done));
        m_syncProgress->show();
    }
    updateSyncStatus();
}

void MainWindow::changesArrived()
{
    const QStringList before = m_registerIds;
    auto registers = m_desk.reader().registers();
    QStringList now;
    if (registers) {
        for (const Register &reg : std::as_const(*registers))
            now << reg.id + (reg.active ? QStringLiteral("+") : QStringLiteral("-"));
    }
    if (now != before) {
        m_details->clearCache();
        loadRegisters();
    }
    const auto entry = selectedEntry();
    m_model->reload();
    if (entry)
        selectRegistration(entry->registrationId);
#if defined(DMS_HAVE_GUI_DOCUMENT)
    if (m_files)
        m_files->showEntry(entry ? entry->registrationId : QString()); // files announced by the feed
#endif
    updateActions();
    updateStatusBar();
    updateSyncStatus();
}

void MainWindow::showBanner(const QString &text, const QString &index, bool failure)
{
    m_bannerLabel->setText(text);
    m_bannerLabel->setProperty("index", index);
    m_banner->setProperty("failure", failure);
    m_banner->setStyleSheet(
        failure ? QStringLiteral("#registeredBanner { background: #fdecea; border: 1px solid #b3261e; }")
                : QStringLiteral("#registeredBanner { background: #e6f4ea; border: 1px solid #34a853; }"));
    m_banner->show();
}

void MainWindow::commandDecided(const QString &opId, bool applied, const QJsonObject &answer)
{
    updateSyncStatus();
    if (opId != m_awaitingOpId)
        return;
    m_awaitingOpId.clear();
    const QJsonObject result = answer.value(QStringLiteral("result")).toObject();
    if (!applied) {
        const QString message
            = answer.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        const QString provisional = m_bannerLabel->property("index").toString();
        showBanner(tr("Refused by the server: %1").arg(message), provisional, true);
        statusBar()->showMessage(tr("The server refused %1: %2").arg(provisional, message), 15000);
        m_model->reload();
        Q_EMIT registrationRefused(provisional, message);
        return;
    }
    Registration entry;
    entry.id = result.value(QStringLiteral("registration_id")).toString();
    entry.documentId = result.value(QStringLiteral("document_id")).toString();
    entry.index = result.value(QStringLiteral("index")).toString();
    entry.year = result.value(QStringLiteral("year")).toInt();
    entry.number = result.value(QStringLiteral("number")).toInteger();
    entry.registeredAt
        = QDateTime::fromString(result.value(QStringLiteral("registered_at")).toString(), Qt::ISODateWithMs);
    entry.caseId = result.value(QStringLiteral("case_id")).toString();
    if (auto known = m_desk.reader().find(entry.id)) {
        entry.registerId = known->summary.registerId;
        entry.registeredBy = known->registeredBy;
    }
    showBanner(tr("Registered: %1").arg(entry.index), entry.index, false);
    offerActions(result);
    statusBar()->showMessage(tr("Registered as %1").arg(entry.index), 15000);
    m_model->reload();
    selectRegistration(entry.id);
    updateStatusBar();
    Q_EMIT registered(entry);
}

void MainWindow::setIncomingFlow(const IncomingFlowOptions &flow)
{
    m_flow = flow;
    delete m_actions;
    m_actions = new RegistrationActions(m_desk, flow, this);
    connect(m_actionButtons.at(0), &QPushButton::clicked, m_actions, &RegistrationActions::printReceipt);
    connect(m_actionButtons.at(1), &QPushButton::clicked, m_actions, &RegistrationActions::printLabel);
    connect(m_actionButtons.at(2), &QPushButton::clicked, m_actions, &RegistrationActions::certifyScan);
    connect(m_actions, &RegistrationActions::done, this,
            [this](RegistrationActions::Action action, const QString &error) {
                QString message;
                switch (action) {
                case RegistrationActions::Action::Receipt:
                    message = error.isEmpty() ? tr("The receipt is printed.")
                                              : tr("The receipt could not be printed: %1").arg(error);
                    break;
                case RegistrationActions::Action::Label:
                    message = error.isEmpty() ? tr("The label is printed.")
                                              : tr("The label could not be printed: %1").arg(error);
                    break;
                case RegistrationActions::Action::Certify:
                    message = error.isEmpty() ? tr("The scan is certified; the copy goes to the office.")
                                              : tr("The scan is not certified: %1").arg(error);
                    break;
                }
                statusBar()->showMessage(message, 15000);
                if (error.isEmpty())
                    showSelectedEntry(); // a certified version joins the files shown
            });
#if defined(DMS_HAVE_GUI_DOCUMENT)
    if (flow.verifier && !m_files) {
        auto *dock = new QDockWidget(tr("Files"), this);
        dock->setObjectName(QStringLiteral("filesDock"));
        m_files = new EntryFilesView(m_desk, *flow.verifier, dock);
        dock->setWidget(m_files);
        addDockWidget(Qt::RightDockWidgetArea, dock);
    }
#endif
#if defined(DMS_HAVE_GUI_SIGNING)
    if (!m_outgoing) { // menu "Outgoing": sign, register, send by СЕОС
        m_outgoing = new OutgoingActions(
            m_desk, flow, [this] { return selectedEntry(); }, this);
        menuBar()->addMenu(m_outgoing->menu());
        m_view->addAction(m_outgoing->resendAction()); // the register list's context menu
    }
    if (!m_signingRoutes) { // drafts routed to an official for signature, and their status
        m_signingRoutes = new SigningRoutesDock(m_desk, flow, this);
        addDockWidget(Qt::RightDockWidgetArea, m_signingRoutes);
        m_signingRoutes->toggleViewAction()->setShortcut(QKeySequence(Qt::Key_F9));
        m_outgoing->menu()->addSeparator();
        m_outgoing->menu()->addAction(m_signingRoutes->toggleViewAction());
    }
#endif
}

void MainWindow::offerActions(const QJsonObject &result)
{
    if (!m_actions)
        return;
    const QJsonObject document = m_awaitingPayload.value(QStringLiteral("document")).toObject();
    m_actions->setRegistration(
        result.value(QStringLiteral("index")).toString(),
        QDateTime::fromString(result.value(QStringLiteral("registered_at")).toString(), Qt::ISODateWithMs),
        document.value(QStringLiteral("subject")).toString(),
        document.value(QStringLiteral("page_count")).toInt(),
        result.value(QStringLiteral("document_id")).toString(), m_awaitingScan);
    const RegistrationActions::Action kinds[]
        = {RegistrationActions::Action::Receipt, RegistrationActions::Action::Label,
           RegistrationActions::Action::Certify};
    for (int i = 0; i < m_actionButtons.size(); ++i)
        m_actionButtons.at(i)->setVisible(m_actions->isAvailable(kinds[i]));
}

void MainWindow::showConflicts()
{
    auto *dialog = new SyncConflictsDialog(m_desk.reader(), m_desk.timeZone(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::exportRegister()
{
    if (!m_session.isValid() || m_registers.isEmpty())
        return;
    QString preferred;
    if (QTreeWidgetItem *current = m_registerTree->currentItem()) {
        if (NodeType(current->data(0, kNodeTypeRole).toInt()) == NodeType::Register)
            preferred = current->data(0, kNodeValueRole).toString();
    }
    auto *dialog = new RegisterExportDialog(m_desk.reader(), m_session, m_registers, preferred,
                                            m_desk.timeZone(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RegisterExportDialog::exported, this, [this](const QString &path, qint64 rows) {
        statusBar()->showMessage(tr("%n entries exported to %1", nullptr, int(rows)).arg(path), 15000);
    });
    dialog->open();
}

void MainWindow::showSettings()
{
    QSettings *settings = m_flow.settings;
    if (!settings) {
        settings = findChild<QSettings *>(QStringLiteral("windowSettings"), Qt::FindDirectChildrenOnly);
        if (!settings) {
            settings = new QSettings(this);
            settings->setObjectName(QStringLiteral("windowSettings"));
        }
    }
    auto *dialog = new SettingsDialog(*settings, m_flow, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::saved, this,
            [this] { statusBar()->showMessage(tr("The settings are saved."), 10000); });
    dialog->open();
}

void MainWindow::showLoadError(const Error &error)
{
    statusBar()->showMessage(error.message, 10000);
}

void MainWindow::refresh()
{
    if (m_desk.engine())
        m_desk.engine()->syncNow();
    const auto entry = selectedEntry();
    m_details->clearCache();
    loadRegisters();
    m_model->reload();
    if (entry)
        selectRegistration(entry->registrationId);
    updateSyncStatus();
}

void MainWindow::registerIncoming()
{
    if (!m_session.can(Permission::RegisterDocument) || m_registers.isEmpty())
        return;
    QList<Register> ordered = m_registers;
    std::stable_partition(ordered.begin(), ordered.end(),
                          [](const Register &reg) { return reg.kind == RegisterKind::Incoming; });
    QString preferred;
    if (QTreeWidgetItem *current = m_registerTree->currentItem()) {
        if (NodeType(current->data(0, kNodeTypeRole).toInt()) == NodeType::Register)
            preferred = current->data(0, kNodeValueRole).toString();
    }
    auto *dialog = new RegisterIncomingDialog(m_desk, m_session, ordered, preferred, m_flow, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const OutboxEntry queued = *dialog->queued();
        m_awaitingPayload = queued.payload;
        m_awaitingScan = dialog->scanFile();
        for (QPushButton *button : std::as_const(m_actionButtons))
            button->hide();
        if (!dialog->attachError().isEmpty())
            statusBar()->showMessage(tr("The scan was not kept: %1").arg(dialog->attachError()), 15000);
        const QString provisional = queued.payload.value(QStringLiteral("provisional"))
                                        .toObject()
                                        .value(QStringLiteral("number"))
                                        .toString();
        m_awaitingOpId = queued.opId;
        showBanner(tr("Received as %1; waiting for the official number…").arg(provisional), provisional,
                   false);
        m_model->reload();
        if (m_model->rowOfRegistration(queued.opId) < 0) {
            // The clerk wants to see the new entry: show its register without a filter.
            const QSignalBlocker blocker(m_search);
            m_search->clear();
            m_searchTimer->stop();
            selectRegister(queued.payload.value(QStringLiteral("register_id")).toString());
            updateQuery();
        }
        selectRegistration(queued.opId);
        updateStatusBar();
        updateSyncStatus();
        m_view->setFocus();
    });
    dialog->open();
}

void MainWindow::annulSelected()
{
    const auto entry = selectedEntry();
    if (!entry || entry->status != RegistrationStatus::Active
        || !m_session.can(Permission::AnnulRegistration))
        return;
    auto *dialog = new AnnulDialog(m_desk, m_session, entry->registrationId, entry->index, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = entry->registrationId;
    const QString index = entry->index;
    connect(dialog, &QDialog::accepted, this, [this, id, index] {
        updateSyncStatus();
        statusBar()->showMessage(tr("Annulment of %1 sent").arg(index), 15000);
        Q_EMIT annulled(id);
    });
    dialog->open();
}

bool MainWindow::isGeneratingDemoData() const
{
    return m_demoWatcher->isRunning();
}

void MainWindow::generateDemoData(const DemoOptions &options, const QString &login)
{
    if (isGeneratingDemoData() || !m_desk.officeContext())
        return;
    m_demoLogin = login;
    auto *progress = new QProgressDialog(tr("Generating demonstration data…"), tr("Cancel"), 0,
                                         std::max(1, options.documents), this);
    progress->setObjectName(QStringLiteral("demoProgress"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setValue(0);
    m_demoProgress = progress;
    connect(m_demoWatcher, &QFutureWatcherBase::progressValueChanged, progress, &QProgressDialog::setValue);
    connect(progress, &QProgressDialog::canceled, m_demoWatcher, &QFutureWatcherBase::cancel);

    ServiceContext *context = m_desk.officeContext();
    DeskConnection *desk = &m_desk;
    m_demoWatcher->setFuture(QtConcurrent::run([context, desk, options](QPromise<DemoRun> &promise) {
        DemoOptions run = options;
        promise.setProgressRange(0, std::max(1, options.documents));
        run.progress = [&promise, previous = options.progress](int done, int total) {
            promise.setProgressValue(done);
            if (previous && !previous(done, total))
                return false;
            return !promise.isCanceled();
        };
        auto result = DemoData::populate(*context, run);
        // What was made (also by a cancelled run) reaches the desk through the feed.
        if (auto published = desk->publishOfficeData(); !published && result)
            result = published.error();
        DemoRun outcome;
        outcome.ok = result.ok();
        if (result.ok())
            outcome.summary = *result;
        else
            outcome.error = result.error();
        promise.addResult(outcome);
    }));
    updateActions();
    progress->show();
}

void MainWindow::finishDemoData()
{
    const bool cancelled = m_demoWatcher->isCanceled() || m_demoWatcher->future().resultCount() == 0;
    if (m_demoProgress) {
        // Closing the dialog emits canceled(), which must not reach the finished run.
        m_demoProgress->disconnect(m_demoWatcher);
        m_demoProgress->close();
        m_demoProgress->deleteLater();
    }
    const DemoRun run = cancelled ? DemoRun {} : m_demoWatcher->result();
    QString message;
    bool ok = false;
    if (cancelled || run.error.isCancelled()) {
        message = tr("Demo data generation was cancelled.");
    } else if (!run.ok) {
        message = tr("Demo data could not be generated: %1").arg(run.error.message);
    } else {
        message = tr("Demo data: %n entries registered.", nullptr, run.summary.registrations);
        ok = true;
    }
    // Even a cancelled run leaves usable data behind (entries are never deleted).
    if (!m_demoLogin.isEmpty()) {
        auto signedIn = signIn(m_demoLogin);
        if (!signedIn && ok) {
            ok = false;
            message = signedIn.error().message;
        }
    } else {
        refresh();
    }
    updateActions();
    statusBar()->showMessage(message, 15000);
    if (!ok && !cancelled && !run.error.isCancelled()) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Demo data"), message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    Q_EMIT demoDataFinished(ok, message);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_arranged)
        return;
    m_arranged = true;
    // The docks ask for their tables' full width, which would squeeze the
    // register list, the clerk's main work, into a strip: the docks on the right
    // start at a third of the window and the register tree at 240 pixels.
    QList<QDockWidget *> right;
    QList<int> widths;
    for (QDockWidget *dock : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        if (dockWidgetArea(dock) == Qt::RightDockWidgetArea && !dock->isFloating()) {
            right.append(dock);
            widths.append(width() / 3);
        }
    }
    if (!right.isEmpty())
        resizeDocks(right, widths, Qt::Horizontal);
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        splitter->setSizes({240, std::max(splitter->width() - 240, 240)});
}

void MainWindow::createCasesDock()
{
    m_casesDock = new CasesDock(m_desk, this);
    addDockWidget(Qt::RightDockWidgetArea, m_casesDock);
    QMenu *cases = menuBar()->addMenu(tr("Ca&ses"));
    cases->addActions(m_casesDock->cases()->entryActions());
    cases->addSeparator();
    cases->addAction(m_casesDock->toggleViewAction());
    const auto followEntry = [this] {
        m_casesDock->setCurrentEntry(selectedEntry());
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, m_casesDock, followEntry);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, m_casesDock, followEntry);
    connect(m_model, &QAbstractItemModel::modelReset, m_casesDock, followEntry);
}

} // namespace dms
