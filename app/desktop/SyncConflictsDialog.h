// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QTimeZone>

class QTableWidget;

namespace dms {

class DeskReader;

/** The commands of this desk that the server refused (sync conflicts), newest
 *  first: when, what (the provisional number and subject of a registration,
 *  the entry of an annulment) and why. The clerk reads them and, where needed,
 *  does the work again; nothing here changes the office's data. */
class SyncConflictsDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncConflictsDialog)

public:
    SyncConflictsDialog(DeskReader &reader, const QTimeZone &timeZone, QWidget *parent = nullptr);
    ~SyncConflictsDialog() override;

    /** The rows shown. */
    int count() const;

private:
    QTableWidget *m_table = nullptr;
};

} // namespace dms
