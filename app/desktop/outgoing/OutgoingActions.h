// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IncomingFlowOptions.h"
#include "desk/DeskExchange.h"
#include "search/SearchService.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace dms {

class DeskConnection;
class OutgoingDialog;
class SendDialog;
class TokenProvider;

/** The menu "Outgoing" of the main window: *New outgoing document…*
 *  (OutgoingDialog, starting from the selected entry's PDF when the desk has
 *  it) and *Send by СЕОС…* for the selected entry (SendDialog). Sending is
 *  offered only when the office runs the exchange (told at login) and the entry
 *  is numbered; otherwise the action is disabled and its tooltip says why.
 *  *Send again* queues "exchange.resend" for each recipient the selected
 *  entry's send failed for (offered when the office applies that command). */
class OutgoingActions : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutgoingActions)

public:
    using SelectedEntry = std::function<std::optional<DocumentSummary>()>;

    /** @p desk and the flow's clock and settings must outlive the actions; the
     *  dialogs are children of @p window. */
    OutgoingActions(DeskConnection &desk, const IncomingFlowOptions &flow, SelectedEntry selected,
                    QWidget *window);
    ~OutgoingActions() override;

    QMenu *menu() const { return m_menu; }
    QAction *newAction() const { return m_new; }
    QAction *sendAction() const { return m_send; }
    QAction *resendAction() const { return m_resend; }

    /** Enables *Send by СЕОС…* and *Send again* for the selected entry (also done
     *  before the menu opens). */
    void updateState();

public Q_SLOTS:
    void newOutgoing();
    void sendSelected();
    /** Queues the selected entry's failed sends again; the status bar says to whom. */
    void resendSelected();

Q_SIGNALS:
    void dialogOpened(QDialog *dialog);
    /** resendSelected() queued @p count commands; @p message is what the status bar shows. */
    void resendQueued(int count, const QString &message);

private:
    QString selectedPdf(const QString &registrationId);
    /** The entry's sends that failed for good (DeskExchange::canResend()). */
    QList<DeskExchangeStatus> failedRecipients(const QString &registrationId);

    DeskConnection &m_desk;
    IncomingFlowOptions m_flow;
    SelectedEntry m_selected;
    QWidget *m_window;
    std::shared_ptr<TokenProvider> m_tokens;
    QMenu *m_menu = nullptr;
    QAction *m_new = nullptr;
    QAction *m_send = nullptr;
    QAction *m_resend = nullptr;
    QPointer<QDialog> m_open;
};

} // namespace dms
