// SPDX-License-Identifier: GPL-3.0-or-later
#include "searches/SavedSearchesPanel.h"

#include "searches/SavedSearchModel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QToolButton>
#include <QVBoxLayout>

namespace dms {

SavedSearchesPanel::SavedSearchesPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new SavedSearchModel(this))
{
    setObjectName(QStringLiteral("savedSearchesPanel"));
    auto *title = new QLabel(tr("Saved searches"), this);
    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("savedSearchesView"));
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_view, &QListView::activated, this, &SavedSearchesPanel::runSelected);

    auto *save = new QToolButton(this);
    save->setObjectName(QStringLiteral("saveSearchButton"));
    save->setText(tr("Save current…"));
    connect(save, &QToolButton::clicked, this, &SavedSearchesPanel::saveRequested);
    m_run = new QToolButton(this);
    m_run->setObjectName(QStringLiteral("runSearchButton"));
    m_run->setText(tr("Run"));
    connect(m_run, &QToolButton::clicked, this, &SavedSearchesPanel::runSelected);
    m_rename = new QToolButton(this);
    m_rename->setObjectName(QStringLiteral("renameSearchButton"));
    m_rename->setText(tr("Rename"));
    connect(m_rename, &QToolButton::clicked, this, &SavedSearchesPanel::renameSelected);
    m_remove = new QToolButton(this);
    m_remove->setObjectName(QStringLiteral("removeSearchButton"));
    m_remove->setText(tr("Delete"));
    connect(m_remove, &QToolButton::clicked, this, &SavedSearchesPanel::removeSelected);
    auto *removeAction = new QAction(this);
    removeAction->setShortcut(QKeySequence::Delete);
    removeAction->setShortcutContext(Qt::WidgetShortcut);
    connect(removeAction, &QAction::triggered, this, &SavedSearchesPanel::removeSelected);
    m_view->addAction(removeAction);

    // The buttons may shrink below their text (the tooltip still tells it), so
    // that this panel never widens the register tree at the list's expense.
    for (QToolButton *button : {save, m_run, m_rename, m_remove}) {
        button->setMinimumWidth(24);
        if (button->toolTip().isEmpty())
            button->setToolTip(button->text().remove(QLatin1Char('&')));
    }
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(save);
    buttons->addStretch(1);
    buttons->addWidget(m_run);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SavedSearchesPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SavedSearchesPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &SavedSearchesPanel::updateButtons);
    updateButtons();
}

SavedSearchesPanel::~SavedSearchesPanel() = default;

int SavedSearchesPanel::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void SavedSearchesPanel::updateButtons()
{
    const bool selected = selectedRow() >= 0;
    m_run->setEnabled(selected);
    m_rename->setEnabled(selected);
    m_remove->setEnabled(selected);
}

void SavedSearchesPanel::runSelected()
{
    if (const int row = selectedRow(); row >= 0)
        Q_EMIT runRequested(m_model->search(row));
}

void SavedSearchesPanel::renameSelected()
{
    if (const int row = selectedRow(); row >= 0)
        m_view->edit(m_model->index(row));
}

void SavedSearchesPanel::removeSelected()
{
    m_model->remove(selectedRow());
}

} // namespace dms
