// SPDX-License-Identifier: GPL-3.0-or-later
#include "routing/RoutedDocumentsPanel.h"

#include "cases/CommandStatusLabel.h"
#include "desk/DeskConnection.h"
#include "desk/DeskSigningCommands.h"
#include "routing/SigningRouteModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace dms {

RoutedDocumentsPanel::RoutedDocumentsPanel(DeskConnection &desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_reader(desk.local())
{
    m_model = new SigningRouteModel(SigningRouteModel::Audience::Author, this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("routedDocumentsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(SigningRouteModel::DetailColumn, QHeaderView::Stretch);
    m_withdraw = new QPushButton(tr("&Withdraw"), this);
    m_withdraw->setObjectName(QStringLiteral("withdrawRouteButton"));
    m_withdraw->setToolTip(tr("Take back the selected document before it is signed"));
    m_status = new CommandStatusLabel(desk, this);
    m_status->setObjectName(QStringLiteral("routedStatusLabel"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_withdraw);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(row);
    layout->addWidget(m_status);

    connect(m_withdraw, &QPushButton::clicked, this, &RoutedDocumentsPanel::withdrawSelected);
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(150);
    connect(m_reloadTimer, &QTimer::timeout, this, &RoutedDocumentsPanel::reload);
    connect(&desk, &DeskConnection::changesApplied, m_reloadTimer, qOverload<>(&QTimer::start));
    connect(&desk, &DeskConnection::sessionChanged, this, &RoutedDocumentsPanel::reload);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RoutedDocumentsPanel::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RoutedDocumentsPanel::updateActions);
    reload();
}

RoutedDocumentsPanel::~RoutedDocumentsPanel() = default;

QString RoutedDocumentsPanel::statusText() const
{
    return m_status->text();
}

void RoutedDocumentsPanel::reload()
{
    const QString selected = m_view->currentIndex().data(SigningRouteModel::RouteIdRole).toString();
    auto routes = m_reader.routedBy(m_desk.session());
    m_model->setRoutes(routes ? *routes : QList<SigningRoute>());
    if (const int row = m_model->rowOf(selected); row >= 0)
        m_view->setCurrentIndex(m_model->index(row, 0));
}

void RoutedDocumentsPanel::updateActions()
{
    const SigningRoute *route = m_model->route(m_view->currentIndex().row());
    m_withdraw->setEnabled(route && route->isAwaiting());
}

void RoutedDocumentsPanel::withdrawSelected()
{
    const SigningRoute *route = m_model->route(m_view->currentIndex().row());
    if (!route || !route->isAwaiting() || !m_desk.engine())
        return;
    m_status->follow(DeskSigningCommands::withdraw(*m_desk.engine(), route->id, {}), route->title);
}

} // namespace dms
