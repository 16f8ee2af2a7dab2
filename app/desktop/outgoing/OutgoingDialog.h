// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IncomingFlowOptions.h"
#include "core/Result.h"
#include "sync/Outbox.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTemporaryDir;

namespace dms {

class DeskConnection;
class PadesSignJob;
class TokenProvider;

/** "New outgoing document": a PDF (chosen, or the current entry's file), the
 *  outgoing register, kind, subject and recipient (a correspondent by name and,
 *  when the office sends by СЕОС, a participant of the exchange registry).
 *  *Sign and register* signs the PDF with the clerk's card on a worker
 *  (PadesSignJob: progress, Cancel, the PIN dialog, clear messages for a wrong
 *  PIN with the tries left, a locked PIN, a removed card), then queues
 *  registration.create in the chosen register, document.attach_file of the
 *  signed PDF and, when asked, exchange.send to the participant, all through the
 *  desk (so offline too). Nothing is registered unless the document was signed. */
class OutgoingDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutgoingDialog)

public:
    /** @p desk and the flow's clock must outlive the dialog; @p tokens may be
     *  null (signing then says the card reader is not available). */
    OutgoingDialog(DeskConnection &desk, const IncomingFlowOptions &flow,
                   std::shared_ptr<TokenProvider> tokens, QWidget *parent = nullptr);
    ~OutgoingDialog() override;

    /** Starts from this file (e.g. the selected entry's PDF on the desk). */
    void setFile(const QString &path);
    /** The registration command queued (valid once accepted). */
    const OutboxEntry &queued() const { return m_queued; }
    /** Whether exchange.send was queued with it. */
    bool isSendQueued() const { return m_sendQueued; }
    /** The error shown, empty when none. */
    QString errorText() const;
    /** Which certificate the last signing used and whether it was the preferred one. */
    const QString &certificateNote() const { return m_certificateNote; }
    bool isSigning() const;

public Q_SLOTS:
    /** While signing: cancels the job (the dialog stays until it ends); else closes. */
    void reject() override;

Q_SIGNALS:
    /** The registration (and its file, and the send) are queued. */
    void registrationQueued(const QString &opId);
    /** The draft was routed for signature instead (signing.route queued). */
    void routedForSigning(const QString &opId);

private:
    void loadChoices();
    void chooseFile();
    void start();
    void signed_();
    void finishSigning();
    /** *Route for signing…*: the same choices, signed later by the chosen official (routing/). */
    void routeForSigning();
    void showError(const QString &text);
    void updateSendChoice();
    Result<QString> correspondentId();

    DeskConnection &m_desk;
    IncomingFlowOptions m_flow;
    std::shared_ptr<TokenProvider> m_tokens;
    QLineEdit *m_file = nullptr;
    QComboBox *m_register = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_subject = nullptr;
    QLineEdit *m_correspondent = nullptr;
    QCheckBox *m_send = nullptr;
    QComboBox *m_participant = nullptr;
    QLabel *m_exchangeHint = nullptr;
    QLabel *m_stage = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_signButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_routeButton = nullptr;
    QPointer<PadesSignJob> m_job;
    std::unique_ptr<QTemporaryDir> m_work;
    QString m_signedFile;
    OutboxEntry m_queued;
    bool m_sendQueued = false;
    QString m_certificateNote;
};

} // namespace dms
