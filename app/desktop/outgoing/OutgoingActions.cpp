// SPDX-License-Identifier: GPL-3.0-or-later
#include "outgoing/OutgoingActions.h"

#include "desk/DeskConnection.h"
#include "desk/DeskExchange.h"
#include "outgoing/OutgoingDialog.h"
#include "outgoing/SendDialog.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>
#include <QWidget>

namespace dms {

OutgoingActions::OutgoingActions(DeskConnection &desk, const IncomingFlowOptions &flow,
                                 SelectedEntry selected, QWidget *window)
    : QObject(window)
    , m_desk(desk)
    , m_flow(flow)
    , m_selected(std::move(selected))
    , m_window(window)
{
    m_menu = new QMenu(tr("&Outgoing"), window);
    m_menu->setObjectName(QStringLiteral("outgoingMenu"));
    m_new = m_menu->addAction(tr("&New outgoing document…"));
    m_new->setObjectName(QStringLiteral("newOutgoingAction"));
    m_new->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_send = m_menu->addAction(tr("Send by &СЕОС…"));
    m_send->setObjectName(QStringLiteral("sendSeosAction"));
    m_resend = m_menu->addAction(tr("Send a&gain"));
    m_resend->setObjectName(QStringLiteral("resendSeosAction"));
    window->addAction(m_new);
    window->addAction(m_send);
    window->addAction(m_resend);
    connect(m_new, &QAction::triggered, this, &OutgoingActions::newOutgoing);
    connect(m_send, &QAction::triggered, this, &OutgoingActions::sendSelected);
    connect(m_resend, &QAction::triggered, this, &OutgoingActions::resendSelected);
    connect(m_menu, &QMenu::aboutToShow, this, &OutgoingActions::updateState);
    connect(&m_desk, &DeskConnection::sessionChanged, this, &OutgoingActions::updateState);
    updateState();
}

OutgoingActions::~OutgoingActions() = default;

void OutgoingActions::updateState()
{
    const Session &session = m_desk.session();
    const bool mayRegister = session.isValid() && session.can(Permission::RegisterDocument);
    m_new->setEnabled(mayRegister);
    const auto login = m_desk.engine() ? m_desk.engine()->lastLogin() : Result<QJsonObject>(QJsonObject());
    const bool available = login && DeskExchange::isAvailable(*login);
    const auto entry = m_selected ? m_selected() : std::nullopt;
    QString why;
    if (!available)
        why = tr("The office does not run the СЕОС exchange.");
    else if (!mayRegister)
        why = tr("You may not send documents.");
    else if (!entry)
        why = tr("Select a registered entry to send.");
    else if (entry->status != RegistrationStatus::Active || entry->documentId.isEmpty())
        why = tr("Only a numbered, active entry can be sent.");
    m_send->setEnabled(why.isEmpty());
    m_send->setToolTip(why.isEmpty() ? tr("Send the selected entry to another administration by СЕОС") : why);
    m_send->setStatusTip(m_send->toolTip());

    QString resendWhy;
    if (!login || !DeskExchange::isResendAvailable(*login))
        resendWhy = tr("The office does not send again by СЕОС.");
    else if (!mayRegister)
        resendWhy = tr("You may not send documents.");
    else if (!entry || entry->documentId.isEmpty() || failedRecipients(entry->registrationId).isEmpty())
        resendWhy = tr("Select an entry whose sending failed.");
    m_resend->setEnabled(resendWhy.isEmpty());
    m_resend->setToolTip(resendWhy.isEmpty() ? tr("Send the selected entry again to the administrations"
                                                  " it could not be sent to")
                                             : resendWhy);
    m_resend->setStatusTip(m_resend->toolTip());
}

QList<DeskExchangeStatus> OutgoingActions::failedRecipients(const QString &registrationId)
{
    auto statuses = DeskExchange(m_desk.local()).statuses(registrationId);
    QList<DeskExchangeStatus> failed;
    if (statuses) {
        for (const DeskExchangeStatus &status : std::as_const(*statuses)) {
            if (DeskExchange::canResend(status))
                failed.append(status);
        }
    }
    return failed;
}

void OutgoingActions::resendSelected()
{
    updateState();
    const auto entry = m_selected ? m_selected() : std::nullopt;
    if (!m_resend->isEnabled() || !entry || !m_desk.engine())
        return;
    QStringList names;
    QString problem;
    for (const DeskExchangeStatus &status : failedRecipients(entry->registrationId)) {
        auto queued = DeskExchange::resend(*m_desk.engine(), entry->documentId, status.recipientGuid);
        if (!queued) {
            problem = queued.error().message;
            break;
        }
        names << (status.recipientName.isEmpty() ? status.recipientGuid : status.recipientName);
    }
    const QString message = problem.isEmpty()
        ? tr("%1 is queued to be sent again to %2.").arg(entry->index, names.join(QStringLiteral(", ")))
        : tr("%1 could not be queued to be sent again: %2").arg(entry->index, problem);
    if (auto *main = qobject_cast<QMainWindow *>(m_window))
        main->statusBar()->showMessage(message, 15000);
    Q_EMIT resendQueued(names.size(), message);
}

QString OutgoingActions::selectedPdf(const QString &registrationId)
{
    auto files = m_desk.reader().files(registrationId);
    if (!files || !m_desk.engine())
        return {};
    // The newest PDF the desk has a copy of.
    for (auto it = files->crbegin(); it != files->crend(); ++it) {
        if (it->mediaType != QLatin1String("application/pdf"))
            continue;
        const QString local = m_desk.engine()->localFile(it->sha256);
        if (!local.isEmpty())
            return local;
    }
    return {};
}

void OutgoingActions::newOutgoing()
{
    if (m_open)
        return m_open->raise();
#if defined(DMS_HAVE_GUI_SIGNING)
    if (!m_tokens && m_flow.tokens)
        m_tokens = m_flow.tokens();
#endif
    auto *dialog = new OutgoingDialog(m_desk, m_flow, m_tokens, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const auto entry = m_selected ? m_selected() : std::nullopt)
        dialog->setFile(selectedPdf(entry->registrationId));
    m_open = dialog;
    // The dialog closes once registered: the window's status bar keeps which certificate signed.
    connect(dialog, &OutgoingDialog::registrationQueued, this, [this, dialog] {
        if (auto *main = qobject_cast<QMainWindow *>(m_window); main && !dialog->certificateNote().isEmpty())
            main->statusBar()->showMessage(dialog->certificateNote(), 15000);
    });
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

void OutgoingActions::sendSelected()
{
    updateState();
    const auto entry = m_selected ? m_selected() : std::nullopt;
    if (!m_send->isEnabled() || !entry || m_open)
        return;
    auto *dialog = new SendDialog(m_desk, entry->documentId, entry->index, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_open = dialog;
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

} // namespace dms
