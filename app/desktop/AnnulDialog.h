// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace dms {

struct ServiceContext;

/** Asks why an entry is annulled and annuls it through RegistrationService.
 *  Enter annuls, Esc cancels; a refusal (no reason, no permission, already
 *  annulled) is shown in the form. Accepts once the entry is annulled. Open it
 *  with open() (window-modal, no nested event loop). */
class AnnulDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnnulDialog)

public:
    AnnulDialog(ServiceContext &context, const Session &session, const QString &registrationId,
                const QString &index, QWidget *parent = nullptr);
    ~AnnulDialog() override;

    const QString &registrationId() const { return m_registrationId; }
    /** The message shown in the form, empty when there is none. */
    QString errorText() const;

public Q_SLOTS:
    /** Annuls with the typed reason; what Enter and the Annul button do. */
    void submit();

private:
    ServiceContext &m_context;
    Session m_session;
    QString m_registrationId;
    QLineEdit *m_reason = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace dms
