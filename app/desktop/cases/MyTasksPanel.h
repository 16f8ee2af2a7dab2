// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "desk/DeskCaseReader.h"

#include <QWidget>

class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace dms {

class CommandStatusLabel;
class DeskConnection;
class ResolutionListModel;

/** "My tasks": the open resolutions the signed-in user executes or co-executes,
 *  earliest deadline first (overdue ones marked), and completing the selected
 *  one with an optional note (the executor or an administrator may; the server
 *  decides). Read again when changes arrive. The desk must outlive the panel. */
class MyTasksPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MyTasksPanel)

public:
    explicit MyTasksPanel(DeskConnection &desk, QWidget *parent = nullptr);
    ~MyTasksPanel() override;

    ResolutionListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

public Q_SLOTS:
    void reload();
    /** Completes the selected resolution with the note typed below the list. */
    void completeSelected();

private:
    void updateActions();

    DeskConnection &m_desk;
    DeskCaseReader m_reader;
    ResolutionListModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_note = nullptr;
    QPushButton *m_complete = nullptr;
    CommandStatusLabel *m_status = nullptr;
    QTimer *m_reloadTimer = nullptr;
};

} // namespace dms
