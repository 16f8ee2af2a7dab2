// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnnulDialog.h"

#include "services/RegistrationService.h"
#include "services/ServiceContext.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dms {

AnnulDialog::AnnulDialog(ServiceContext &context, const Session &session, const QString &registrationId,
                         const QString &index, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_session(session)
    , m_registrationId(registrationId)
{
    setObjectName(QStringLiteral("annulDialog"));
    setWindowTitle(tr("Annul entry"));

    auto *intro = new QLabel(
        tr("Annul the entry <b>%1</b>? The entry stays in the register, marked void; this cannot be undone.")
            .arg(index.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("annulReasonEdit"));
    m_reason->setMaxLength(RegistrationService::kMaxReasonLength);
    m_reason->setMinimumWidth(380);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("annulErrorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold;"));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *annul = buttons->addButton(tr("&Annul"), QDialogButtonBox::AcceptRole);
    annul->setObjectName(QStringLiteral("annulButton"));
    annul->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AnnulDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Reason:"), m_reason);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    m_reason->setFocus();
}

AnnulDialog::~AnnulDialog() = default;

QString AnnulDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void AnnulDialog::submit()
{
    RegistrationService registrations(m_context);
    auto annulled = registrations.annul(m_session, m_registrationId, m_reason->text());
    if (!annulled) {
        m_error->setText(annulled.error().message);
        m_error->show();
        m_reason->setFocus();
        return;
    }
    accept();
}

} // namespace dms
