// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "desk/DeskCaseReader.h"

#include <QWidget>

class QLabel;
class QTableView;
class QTableWidget;
class QTimer;

namespace dms {

class DeskConnection;
class ResolutionListModel;

/** The overdue dashboard: the open resolutions whose deadline passed before
 *  today (the desk's clock in the office's time zone), counted per executor,
 *  and their list, earliest deadline first; choosing an executor narrows the
 *  list to theirs. Read again when changes arrive and on reload() (a new day
 *  makes more overdue). The desk must outlive the panel. */
class OverduePanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverduePanel)

public:
    explicit OverduePanel(DeskConnection &desk, QWidget *parent = nullptr);
    ~OverduePanel() override;

    ResolutionListModel *model() const { return m_model; }
    /** Executor, count: one row per executor, most overdue first, then "All". */
    QTableWidget *summary() const { return m_summary; }

public Q_SLOTS:
    void reload();

private:
    void showExecutor();

    DeskConnection &m_desk;
    DeskCaseReader m_reader;
    QList<Resolution> m_overdue;
    QDate m_today;
    QTableWidget *m_summary = nullptr;
    ResolutionListModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_title = nullptr;
    QTimer *m_reloadTimer = nullptr;
};

} // namespace dms
