// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/MyTasksPanel.h"

#include "cases/CommandStatusLabel.h"
#include "cases/ResolutionListModel.h"
#include "core/Clock.h"
#include "desk/DeskCaseCommands.h"
#include "desk/DeskConnection.h"
#include "services/ResolutionService.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace dms {

MyTasksPanel::MyTasksPanel(DeskConnection &desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_reader(desk.local())
{
    m_model
        = new ResolutionListModel([&desk](const QString &id) { return desk.reader().userName(id); }, this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("myTasksView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(ResolutionListModel::InstructionColumn,
                                                     QHeaderView::Stretch);

    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("completionNoteEdit"));
    m_note->setMaxLength(ResolutionService::kMaxNoteLength);
    m_note->setPlaceholderText(tr("Report (optional)"));
    auto *noteLabel = new QLabel(tr("Rep&ort:"), this);
    noteLabel->setBuddy(m_note);
    m_complete = new QPushButton(tr("Mark &done"), this);
    m_complete->setObjectName(QStringLiteral("completeButton"));
    connect(m_complete, &QPushButton::clicked, this, &MyTasksPanel::completeSelected);
    connect(m_note, &QLineEdit::returnPressed, this, &MyTasksPanel::completeSelected);

    m_status = new CommandStatusLabel(desk, this);
    m_status->setObjectName(QStringLiteral("tasksStatusLabel"));

    auto *row = new QHBoxLayout;
    row->addWidget(noteLabel);
    row->addWidget(m_note, 1);
    row->addWidget(m_complete);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(row);
    layout->addWidget(m_status);

    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(150);
    connect(m_reloadTimer, &QTimer::timeout, this, &MyTasksPanel::reload);
    connect(&desk, &DeskConnection::changesApplied, m_reloadTimer, qOverload<>(&QTimer::start));
    connect(&desk, &DeskConnection::sessionChanged, this, &MyTasksPanel::reload);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MyTasksPanel::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MyTasksPanel::updateActions);
    reload();
}

MyTasksPanel::~MyTasksPanel() = default;

void MyTasksPanel::reload()
{
    const QString selected = m_view->currentIndex().data(ResolutionListModel::ResolutionIdRole).toString();
    const Session &session = m_desk.session();
    const QDate today = m_desk.clock().now().toTimeZone(m_desk.timeZone()).date();
    auto tasks = session.isValid() ? m_reader.myTasks(session, session.userId)
                                   : Result<QList<Resolution>>(QList<Resolution>());
    if (!tasks)
        m_status->setText(tasks.error().message);
    m_model->setResolutions(tasks ? *tasks : QList<Resolution>(), today);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(ResolutionListModel::ResolutionIdRole).toString() == selected)
            m_view->selectRow(row);
    }
    updateActions();
}

void MyTasksPanel::updateActions()
{
    m_complete->setEnabled(m_desk.engine() && m_model->resolutionAt(m_view->currentIndex()));
}

void MyTasksPanel::completeSelected()
{
    const Resolution *task = m_model->resolutionAt(m_view->currentIndex());
    if (!task || !m_desk.engine())
        return;
    if (m_status->follow(DeskCaseCommands::complete(*m_desk.engine(), task->id, m_note->text()),
                         tr("Resolution on %1 done").arg(task->documentIndex)))
        m_note->clear();
}

} // namespace dms
