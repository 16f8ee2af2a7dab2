// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/SearchService.h"

#include <QDockWidget>

#include <optional>

class QTabWidget;

namespace dms {

class CasesPanel;
class DeskConnection;
class MyTasksPanel;
class OverduePanel;

/** The main window's dock for case work: tabs "Case files" (CasesPanel), "My
 *  tasks" (MyTasksPanel) and "Overdue" (OverduePanel), each reachable with
 *  Alt and its mnemonic; toggleViewAction() shows and hides it (F8). */
class CasesDock : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CasesDock)

public:
    explicit CasesDock(DeskConnection &desk, QWidget *parent = nullptr);
    ~CasesDock() override;

    /** The entry selected in the register list (or none). */
    void setCurrentEntry(const std::optional<DocumentSummary> &entry);

    CasesPanel *cases() const { return m_cases; }
    MyTasksPanel *tasks() const { return m_tasks; }
    OverduePanel *overdue() const { return m_overdue; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    QTabWidget *m_tabs = nullptr;
    CasesPanel *m_cases = nullptr;
    MyTasksPanel *m_tasks = nullptr;
    OverduePanel *m_overdue = nullptr;
};

} // namespace dms
