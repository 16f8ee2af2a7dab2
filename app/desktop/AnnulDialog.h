// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace dms {

class DeskConnection;

/** Asks why an entry is annulled and sends the annulment through the desk's
 *  SyncEngine. Enter annuls, Esc cancels; what the desk can tell at once (no
 *  reason, no permission) is shown in the form; a refusal by the server comes
 *  back as a conflict. Accepts once the command is queued. Open it with open()
 *  (window-modal, no nested event loop). */
class AnnulDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnnulDialog)

public:
    AnnulDialog(DeskConnection &desk, const Session &session, const QString &registrationId,
                const QString &index, QWidget *parent = nullptr);
    ~AnnulDialog() override;

    const QString &registrationId() const { return m_registrationId; }
    /** The message shown in the form, empty when there is none. */
    QString errorText() const;

public Q_SLOTS:
    /** Annuls with the typed reason; what Enter and the Annul button do. */
    void submit();

private:
    DeskConnection &m_desk;
    Session m_session;
    QString m_registrationId;
    QLineEdit *m_reason = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace dms
