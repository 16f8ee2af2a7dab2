// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/CasesDock.h"

#include "cases/CasesPanel.h"
#include "cases/MyTasksPanel.h"
#include "cases/OverduePanel.h"

#include <QAction>
#include <QTabWidget>

namespace dms {

CasesDock::CasesDock(DeskConnection &desk, QWidget *parent)
    : QDockWidget(tr("Case files and tasks"), parent)
{
    setObjectName(QStringLiteral("casesDock"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("casesTabs"));
    m_cases = new CasesPanel(desk, m_tabs);
    m_tasks = new MyTasksPanel(desk, m_tabs);
    m_overdue = new OverduePanel(desk, m_tabs);
    m_tabs->addTab(m_cases, tr("Case f&iles"));
    m_tabs->addTab(m_tasks, tr("My tas&ks"));
    m_tabs->addTab(m_overdue, tr("Overd&ue"));
    // A new day can make more resolutions overdue: read again whenever the tab is shown.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_overdue)
            m_overdue->reload();
    });
    setWidget(m_tabs);
    toggleViewAction()->setShortcut(QKeySequence(Qt::Key_F8));
}

CasesDock::~CasesDock() = default;

void CasesDock::setCurrentEntry(const std::optional<DocumentSummary> &entry)
{
    m_cases->setCurrentEntry(entry);
}

} // namespace dms
