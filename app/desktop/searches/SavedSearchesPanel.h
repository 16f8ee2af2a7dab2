// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "searches/SavedSearch.h"

#include <QWidget>

class QListView;
class QToolButton;

namespace dms {

class SavedSearchModel;

/** The side list of the user's saved searches (SavedSearchModel): activating
 *  one (double-click, Enter, Run) asks the window to run it; F2 or Rename edits
 *  its name in place; Delete removes it. "Save current…" asks the window for
 *  the filter shown now (saveRequested()). */
class SavedSearchesPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedSearchesPanel)

public:
    explicit SavedSearchesPanel(QWidget *parent = nullptr);
    ~SavedSearchesPanel() override;

    SavedSearchModel *model() const { return m_model; }
    QListView *view() const { return m_view; }

public Q_SLOTS:
    void runSelected();
    void renameSelected();
    void removeSelected();

Q_SIGNALS:
    void runRequested(const dms::SavedSearch &search);
    void saveRequested();

private:
    int selectedRow() const;
    void updateButtons();

    SavedSearchModel *m_model = nullptr;
    QListView *m_view = nullptr;
    QToolButton *m_run = nullptr;
    QToolButton *m_rename = nullptr;
    QToolButton *m_remove = nullptr;
};

} // namespace dms
