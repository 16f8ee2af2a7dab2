// SPDX-License-Identifier: GPL-3.0-or-later
#include "outgoing/SendDialog.h"

#include "desk/DeskConnection.h"
#include "desk/DeskExchange.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dms {

SendDialog::SendDialog(DeskConnection &desk, const QString &documentId, const QString &index, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_documentId(documentId)
{
    setObjectName(QStringLiteral("sendDialog"));
    setWindowTitle(tr("Send %1 by СЕОС").arg(index));
    m_participant = new QComboBox(this);
    m_participant->setObjectName(QStringLiteral("participantCombo"));
    auto participants = DeskExchange(m_desk.local()).participants();
    if (participants) {
        for (const DeskParticipant &p : std::as_const(*participants))
            m_participant->addItem(QStringLiteral("%1 (%2)").arg(p.name, p.identifier), p.guid);
    }
    m_comment = new QLineEdit(this);
    m_comment->setObjectName(QStringLiteral("commentEdit"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("sendError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_error->setVisible(m_participant->count() == 0);
    m_error->setText(m_participant->count() == 0 ? tr("No participants of the exchange are known yet.")
                                                 : QString());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto *sendButton = buttons->addButton(tr("&Send"), QDialogButtonBox::AcceptRole);
    sendButton->setObjectName(QStringLiteral("sendButton"));
    sendButton->setEnabled(m_participant->count() > 0);
    auto *form = new QFormLayout;
    form->addRow(tr("&To:"), m_participant);
    form->addRow(tr("&Comment:"), m_comment);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(sendButton, &QPushButton::clicked, this, &SendDialog::send);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

SendDialog::~SendDialog() = default;

QString SendDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SendDialog::send()
{
    if (!m_desk.engine())
        return;
    auto queued = DeskExchange::send(*m_desk.engine(), m_documentId, {},
                                     m_participant->currentData().toString(), m_comment->text());
    if (!queued) {
        m_error->setText(queued.error().message);
        m_error->show();
        return;
    }
    Q_EMIT sendQueued(queued->opId);
    accept();
}

} // namespace dms
