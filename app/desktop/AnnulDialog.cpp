// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnnulDialog.h"

#include "desk/DeskConnection.h"
#include "services/RegistrationService.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dms {

AnnulDialog::AnnulDialog(DeskConnection &desk, const Session &session, const QString &registrationId,
                         const QString &index, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
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
    const QString reason = m_reason->text().trimmed();
    Status annulled;
    if (!m_session.can(Permission::AnnulRegistration) || !m_desk.engine())
        annulled = makeError(ErrorCode::PermissionDenied, tr("You may not annul entries."));
    else if (reason.isEmpty())
        annulled = makeError(ErrorCode::InvalidInput, tr("Give the reason for the annulment."));
    else if (auto queued = m_desk.engine()->annul(m_registrationId, reason); !queued)
        annulled = queued.error();
    if (!annulled) {
        m_error->setText(annulled.error().message);
        m_error->show();
        m_reason->setFocus();
        return;
    }
    accept();
}

} // namespace dms
