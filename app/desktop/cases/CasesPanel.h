// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "desk/DeskCaseReader.h"
#include "search/SearchService.h"

#include <QWidget>

#include <optional>

class QAction;
class QTimer;
class QTreeView;

namespace dms {

class CaseTreeModel;
class CommandStatusLabel;
class DeskConnection;

/** The case files (CaseTreeModel in a tree) with what a clerk or official does
 *  with them: open a case file on the current entry of the register, attach the
 *  current entry to the case file selected in the tree, and assign a resolution
 *  (ResolutionDialog) on the document selected in the tree or else on the
 *  current entry. Commands go through the desk's outbox (DeskCaseCommands); the
 *  tree is read again when changes arrive. The desk must outlive the panel. */
class CasesPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CasesPanel)

public:
    explicit CasesPanel(DeskConnection &desk, QWidget *parent = nullptr);
    ~CasesPanel() override;

    /** The entry selected in the register list (or none). */
    void setCurrentEntry(const std::optional<DocumentSummary> &entry);
    /** Open case file, attach, assign resolution: for the window's Entry menu. */
    QList<QAction *> entryActions() const;
    CaseTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

public Q_SLOTS:
    void reload();
    void openCaseFromEntry();
    void attachEntry();
    /** Opens the resolution form (window-modal) for the selected document. */
    void assignResolution();

private:
    void updateActions();
    /** The document a resolution is for: the tree's document row, else the entry. */
    std::optional<std::pair<QString, QString>> resolutionTarget() const; ///< (document id, index)
    QString selectedCaseId() const;

    DeskConnection &m_desk;
    DeskCaseReader m_reader;
    CaseTreeModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    CommandStatusLabel *m_status = nullptr;
    QTimer *m_reloadTimer = nullptr;
    std::optional<DocumentSummary> m_entry;
    QAction *m_openAction = nullptr;
    QAction *m_attachAction = nullptr;
    QAction *m_assignAction = nullptr;
};

} // namespace dms
