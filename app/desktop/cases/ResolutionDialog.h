// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "desk/DeskCaseReader.h"
#include "domain/BulgarianCalendar.h"
#include "domain/Resolution.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

namespace dms {

/** The form of a resolution on one entry: the executor (from the desk's users),
 *  co-executors (checked in a list; never the executor), the instruction and the
 *  deadline as a number of working days or a date, with a hint that converts
 *  one into the other on the statutory Bulgarian calendar (the office's moved
 *  days are applied by the server, which counts the deadline). OK is enabled
 *  only for a complete form. Keyboard: every field has a mnemonic. */
class ResolutionDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResolutionDialog)

public:
    ResolutionDialog(const QList<DeskUser> &users, const QDate &today, const QString &entryIndex,
                     QWidget *parent = nullptr);
    ~ResolutionDialog() override;

    /** What was filled in, for `documentId`. */
    NewResolution request(const QString &documentId) const;
    /** Why OK is disabled; empty when the form is complete. */
    QString problem() const;

private:
    void update();
    QString hint() const;

    QDate m_today;
    BulgarianCalendar m_calendar;
    QComboBox *m_executor = nullptr;
    QListWidget *m_coExecutors = nullptr;
    QPlainTextEdit *m_instruction = nullptr;
    QRadioButton *m_noDeadline = nullptr;
    QRadioButton *m_byDays = nullptr;
    QRadioButton *m_byDate = nullptr;
    QSpinBox *m_days = nullptr;
    QDateEdit *m_date = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace dms
