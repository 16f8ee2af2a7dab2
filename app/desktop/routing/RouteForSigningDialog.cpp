// SPDX-License-Identifier: GPL-3.0-or-later
#include "routing/RouteForSigningDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dms {

RouteForSigningDialog::RouteForSigningDialog(const QList<DeskUser> &signers, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("routeForSigningDialog"));
    setWindowTitle(tr("Route for signing"));
    m_signer = new QComboBox(this);
    m_signer->setObjectName(QStringLiteral("signerCombo"));
    for (const DeskUser &user : signers)
        m_signer->addItem(user.fullName.isEmpty() ? user.login
                                                  : QStringLiteral("%1 (%2)").arg(user.fullName, user.login),
                          user.id);
    m_note = new QPlainTextEdit(this);
    m_note->setObjectName(QStringLiteral("routeNoteEdit"));
    m_note->setTabChangesFocus(true);
    m_note->setPlaceholderText(tr("For the signer (optional)"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("routeError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_error->setVisible(signers.isEmpty());
    m_error->setText(signers.isEmpty()
                         ? tr("No one who may sign outgoing documents is known on this desk yet.")
                         : QString());

    auto *form = new QFormLayout;
    form->addRow(tr("&Signer:"), m_signer);
    form->addRow(tr("N&ote:"), m_note);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *route = buttons->addButton(tr("&Route"), QDialogButtonBox::AcceptRole);
    route->setObjectName(QStringLiteral("routeButton"));
    route->setDefault(true);
    route->setEnabled(!signers.isEmpty());
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &RouteForSigningDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RouteForSigningDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

RouteForSigningDialog::~RouteForSigningDialog() = default;

QString RouteForSigningDialog::signerId() const
{
    return m_signer->currentData().toString();
}

QString RouteForSigningDialog::note() const
{
    return m_note->toPlainText().trimmed();
}

void RouteForSigningDialog::accept()
{
    if (signerId().isEmpty()) {
        m_error->setText(tr("Choose who signs the document."));
        m_error->show();
        return;
    }
    if (note().size() > kMaxNoteLength) {
        m_error->setText(tr("The note is too long (at most %1 characters).").arg(kMaxNoteLength));
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace dms
