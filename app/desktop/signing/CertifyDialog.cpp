// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/CertifyDialog.h"

#include "signing/CertifyJob.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace dms {

CertifyDialog::CertifyDialog(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QWidget *parent)
    : QDialog(parent)
    , m_job(new CertifyJob(std::move(tokens), clock, this))
{
    setObjectName(QStringLiteral("certifyDialog"));
    setWindowTitle(tr("Certify as a true copy"));
    m_stage = new QLabel(this);
    m_stage->setObjectName(QStringLiteral("certifyStage"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("certifyError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_error->hide();
    m_certificate = new QLabel(this);
    m_certificate->setObjectName(QStringLiteral("certifyCertificate"));
    m_certificate->setWordWrap(true);
    m_certificate->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_buttons->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stage);
    layout->addWidget(m_progress);
    layout->addWidget(m_certificate);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_job, &CertifyJob::stageChanged, m_stage, &QLabel::setText);
    connect(m_job, &CertifyJob::finished, this, &CertifyDialog::jobFinished);
}

CertifyDialog::~CertifyDialog() = default;

void CertifyDialog::certify(const QString &input, const QString &output)
{
    m_output = output;
    m_job->start(input, output);
}

QString CertifyDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool CertifyDialog::isRunning() const
{
    return m_job->isRunning();
}

QString CertifyDialog::certificateText() const
{
    return m_certificate->isHidden() ? QString() : m_certificate->text();
}

QString CertifyDialog::describe(const Error &error)
{
    if (const QString card = PadesSignJob::cardMessage(error); !card.isEmpty())
        return card;
    if (error.code == ErrorCode::Cancelled)
        return tr("Certifying was cancelled; the document is unchanged.");
    return tr("The document could not be certified: %1").arg(error.message);
}

void CertifyDialog::jobFinished()
{
    m_progress->setRange(0, 1);
    m_buttons->setEnabled(true);
    const Status &status = m_job->status();
    m_certificate->setText(m_job->certificateNote());
    m_certificate->setVisible(!m_job->certificateNote().isEmpty());
    if (status.ok()) {
        m_progress->setValue(1);
        m_stage->setText(tr("The document is certified as a true copy."));
        Q_EMIT certified(m_output);
        return;
    }
    m_progress->setValue(0);
    m_stage->setText(status.error().isCancelled() ? tr("Cancelled.") : tr("Not certified."));
    m_error->setText(describe(status.error()));
    m_error->setVisible(!status.error().isCancelled());
    Q_EMIT failed(describe(status.error()));
}

} // namespace dms
