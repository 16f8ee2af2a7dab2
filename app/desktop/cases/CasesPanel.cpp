// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/CasesPanel.h"

#include "cases/CaseTreeModel.h"
#include "cases/CommandStatusLabel.h"
#include "cases/ResolutionDialog.h"
#include "core/Clock.h"
#include "desk/DeskCaseCommands.h"
#include "desk/DeskConnection.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace dms {

CasesPanel::CasesPanel(DeskConnection &desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_reader(desk.local())
{
    m_model = new CaseTreeModel(m_reader, this);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("caseTree"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setSectionResizeMode(CaseTreeModel::SubjectColumn, QHeaderView::Stretch);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_openAction = new QAction(tr("&Open case file from entry"), this);
    m_openAction->setObjectName(QStringLiteral("openCaseAction"));
    m_openAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openAction->setToolTip(tr("Open a case file with the selected entry as its base"));
    connect(m_openAction, &QAction::triggered, this, &CasesPanel::openCaseFromEntry);
    m_attachAction = new QAction(tr("A&ttach entry to case file"), this);
    m_attachAction->setObjectName(QStringLiteral("attachEntryAction"));
    m_attachAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    m_attachAction->setToolTip(tr("Add the selected entry to the case file selected in the tree"));
    connect(m_attachAction, &QAction::triggered, this, &CasesPanel::attachEntry);
    m_assignAction = new QAction(tr("Assign &resolution…"), this);
    m_assignAction->setObjectName(QStringLiteral("assignResolutionAction"));
    m_assignAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_assignAction, &QAction::triggered, this, &CasesPanel::assignResolution);
    m_view->addAction(m_assignAction);

    auto *buttons = new QHBoxLayout;
    for (QAction *action : {m_openAction, m_attachAction, m_assignAction}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        // May shrink below its text (the action's tooltip still tells it), so
        // that the dock never squeezes the register list beside it.
        button->setMinimumWidth(24);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);

    m_status = new CommandStatusLabel(desk, this);
    m_status->setObjectName(QStringLiteral("caseStatusLabel"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    // Changes arrive in bursts during a catch-up: read the tree once per burst.
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(150);
    connect(m_reloadTimer, &QTimer::timeout, this, &CasesPanel::reload);
    connect(&desk, &DeskConnection::changesApplied, m_reloadTimer, qOverload<>(&QTimer::start));
    connect(&desk, &DeskConnection::sessionChanged, this, &CasesPanel::reload);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &CasesPanel::updateActions);
    reload();
}

CasesPanel::~CasesPanel() = default;

QList<QAction *> CasesPanel::entryActions() const
{
    return {m_openAction, m_attachAction, m_assignAction};
}

void CasesPanel::setCurrentEntry(const std::optional<DocumentSummary> &entry)
{
    m_entry = entry;
    updateActions();
}

void CasesPanel::reload()
{
    const QModelIndex current = m_view->currentIndex();
    const QString caseId = current.data(CaseTreeModel::CaseIdRole).toString();
    const QString registrationId = current.data(CaseTreeModel::RegistrationIdRole).toString();
    if (Status loaded = m_model->reload(m_desk.session()); !loaded && m_desk.session().isValid())
        m_status->setText(loaded.error().message);
    m_view->expandAll();
    const QModelIndex caseRow = m_model->indexOfCase(caseId);
    if (caseRow.isValid()) {
        QModelIndex keep = caseRow;
        for (int row = 0; row < m_model->rowCount(caseRow); ++row) {
            const QModelIndex child = m_model->index(row, 0, caseRow);
            if (current.parent().isValid() && child.data(CaseTreeModel::RegistrationIdRole) == registrationId)
                keep = child;
        }
        m_view->setCurrentIndex(keep);
    }
    updateActions();
}

QString CasesPanel::selectedCaseId() const
{
    return m_view->currentIndex().data(CaseTreeModel::CaseIdRole).toString();
}

std::optional<std::pair<QString, QString>> CasesPanel::resolutionTarget() const
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && current.parent().isValid()) {
        const QModelIndex row = current.siblingAtColumn(CaseTreeModel::IndexColumn);
        return std::pair {row.data(CaseTreeModel::DocumentIdRole).toString(), row.data().toString()};
    }
    if (m_entry && !m_entry->documentId.isEmpty())
        return std::pair {m_entry->documentId, m_entry->index};
    return std::nullopt;
}

void CasesPanel::updateActions()
{
    const Session &session = m_desk.session();
    const bool manage = session.can(Permission::ManageCases) && m_desk.engine();
    const bool entry = m_entry && !m_entry->documentId.isEmpty();
    m_openAction->setEnabled(manage && entry && m_entry->caseId.isEmpty());
    m_attachAction->setEnabled(manage && entry && m_entry->caseId.isEmpty() && !selectedCaseId().isEmpty());
    m_assignAction->setVisible(session.can(Permission::AssignResolution));
    m_assignAction->setEnabled(session.can(Permission::AssignResolution) && m_desk.engine()
                               && resolutionTarget().has_value());
}

void CasesPanel::openCaseFromEntry()
{
    if (!m_openAction->isEnabled())
        return;
    m_status->follow(DeskCaseCommands::openCase(*m_desk.engine(), m_entry->registrationId, QString()),
                     tr("Case file on %1").arg(m_entry->index));
}

void CasesPanel::attachEntry()
{
    if (!m_attachAction->isEnabled())
        return;
    const QModelIndex caseRow = m_model->indexOfCase(selectedCaseId());
    m_status->follow(DeskCaseCommands::attach(*m_desk.engine(), selectedCaseId(), m_entry->documentId),
                     tr("%1 into case file %2").arg(m_entry->index, caseRow.data().toString()));
}

void CasesPanel::assignResolution()
{
    const auto target = resolutionTarget();
    if (!m_assignAction->isEnabled() || !target)
        return;
    auto users = m_reader.users();
    const QDate today = m_desk.clock().now().toTimeZone(m_desk.timeZone()).date();
    auto *dialog = new ResolutionDialog(users ? *users : QList<DeskUser>(), today, target->second, this);
    dialog->setObjectName(QStringLiteral("resolutionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    const QString documentId = target->first;
    const QString index = target->second;
    connect(dialog, &QDialog::accepted, this, [this, dialog, documentId, index] {
        if (!m_desk.engine())
            return;
        m_status->follow(DeskCaseCommands::assign(*m_desk.engine(), dialog->request(documentId)),
                         tr("Resolution on %1").arg(index));
    });
    dialog->open();
}

} // namespace dms
