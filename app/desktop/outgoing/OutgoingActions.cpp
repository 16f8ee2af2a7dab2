// SPDX-License-Identifier: GPL-3.0-or-later
#include "outgoing/OutgoingActions.h"

#include "desk/DeskConnection.h"
#include "desk/DeskExchange.h"
#include "outgoing/OutgoingDialog.h"
#include "outgoing/SendDialog.h"

#include <QAction>
#include <QMenu>
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
    window->addAction(m_new);
    window->addAction(m_send);
    connect(m_new, &QAction::triggered, this, &OutgoingActions::newOutgoing);
    connect(m_send, &QAction::triggered, this, &OutgoingActions::sendSelected);
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
