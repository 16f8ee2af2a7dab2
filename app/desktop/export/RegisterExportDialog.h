// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Registry.h"
#include "export/RegisterExportJob.h"

#include <QDialog>
#include <QList>
#include <QPointer>

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressDialog;

namespace dms {

/** Exports a register for a period: the register, the first and last day, the
 *  format (CSV, JSON) and the file. Export runs a RegisterExportJob with a
 *  window-modal progress dialog whose Cancel stops it; the dialog closes
 *  (accepted, exported()) when the file is written and otherwise stays open
 *  with the reason shown (errorText()), nothing having been written. */
class RegisterExportDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegisterExportDialog)

public:
    /** @p reader must outlive the dialog; @p preferred is the register selected first. */
    RegisterExportDialog(DeskReader &reader, const Session &session, const QList<Register> &registers,
                         const QString &preferred, const QTimeZone &timeZone, QWidget *parent = nullptr);
    ~RegisterExportDialog() override;

    /** The request the fields describe now. */
    RegisterExportRequest request() const;
    /** Why the last export did not happen; empty when none failed. */
    QString errorText() const;
    /** The running export, or null. */
    RegisterExportJob *job() const { return m_job; }

public Q_SLOTS:
    /** Starts the export of what the fields say. */
    void startExport();

Q_SIGNALS:
    void exported(const QString &path, qint64 rows);

private:
    void chooseFile();
    void suggestPath();
    void finished(qint64 rows, const Error &error);
    void showError(const QString &text, bool failure = true);

    DeskReader &m_reader;
    Session m_session;
    QList<Register> m_registers;
    QTimeZone m_timeZone;
    QString m_suggested; ///< the path last suggested, replaced while the clerk has not edited it
    QPointer<RegisterExportJob> m_job;
    QPointer<QProgressDialog> m_progress;

    QComboBox *m_register = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace dms
