// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/PinDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dms {

PinDialog::PinDialog(const PinRequest &request, Mode mode, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("pinDialog"));
    setWindowTitle(tr("Card PIN"));
    auto *layout = new QVBoxLayout(this);
    const QString token = request.tokenLabel.isEmpty() ? tr("the card") : request.tokenLabel;
    auto *what = new QLabel(
        request.kind == PinRequest::Kind::Signature
            ? tr("Enter the signature PIN of %1 to sign with \"%2\".").arg(token, request.keyLabel)
            : tr("Enter the PIN of %1.").arg(token),
        this);
    what->setWordWrap(true);
    layout->addWidget(what);

    m_state = new QLabel(describe(request.pinState), this);
    m_state->setObjectName(QStringLiteral("pinState"));
    m_state->setWordWrap(true);
    m_state->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_state->setVisible(!m_state->text().isEmpty());
    layout->addWidget(m_state);

    const bool locked = request.pinState == PinState::Locked;
    if (mode == Mode::PinPad) {
        auto *pad = new QLabel(tr("Type the PIN on the card reader's keypad."), this);
        pad->setObjectName(QStringLiteral("pinPadNotice"));
        layout->addWidget(pad);
        m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    } else {
        m_pin = new QLineEdit(this);
        m_pin->setObjectName(QStringLiteral("pin"));
        m_pin->setEchoMode(QLineEdit::Password);
        m_pin->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
        m_pin->setEnabled(!locked);
        layout->addWidget(m_pin);
        m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
        ok->setEnabled(false);
        connect(m_pin, &QLineEdit::textChanged, ok,
                [ok, locked](const QString &text) { ok->setEnabled(!locked && !text.isEmpty()); });
    }
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

PinDialog::~PinDialog() = default;

QByteArray PinDialog::takePin()
{
    if (!m_pin)
        return {};
    const QByteArray pin = m_pin->text().toUtf8();
    m_pin->clear();
    return pin;
}

QString PinDialog::stateText() const
{
    return m_state->text();
}

QString PinDialog::describe(PinState state)
{
    switch (state) {
    case PinState::Ok:
        return {};
    case PinState::CountLow:
        return tr("A wrong PIN was entered before: only a few tries are left before the PIN is locked.");
    case PinState::FinalTry:
        return tr("This is the last try: a wrong PIN now locks the card.");
    case PinState::Locked:
        return tr("The PIN is locked. Unblock it with the PUK or contact the issuer of the card.");
    }
    return {};
}

} // namespace dms
