// SPDX-License-Identifier: GPL-3.0-or-later
#include "outgoing/OutgoingDialog.h"

#include "desk/DeskConnection.h"
#include "desk/DeskExchange.h"
#include "desk/DeskSigningCommands.h"
#include "desk/DeskSigningReader.h"
#include "routing/RouteForSigningDialog.h"
#include "settings/DeskSettings.h"
#include "signing/PadesSignJob.h"
#include "signing/PreferredCertificate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QVBoxLayout>

namespace dms {

OutgoingDialog::OutgoingDialog(DeskConnection &desk, const IncomingFlowOptions &flow,
                               std::shared_ptr<TokenProvider> tokens, QWidget *parent)
    : QDialog(parent)
    , m_desk(desk)
    , m_flow(flow)
    , m_tokens(std::move(tokens))
{
    setObjectName(QStringLiteral("outgoingDialog"));
    setWindowTitle(tr("New outgoing document"));
    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("fileEdit"));
    m_file->setPlaceholderText(tr("The PDF to sign and send"));
    auto *browse = new QPushButton(tr("Choose…"), this);
    browse->setObjectName(QStringLiteral("chooseFileButton"));
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    m_register = new QComboBox(this);
    m_register->setObjectName(QStringLiteral("registerCombo"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->setEditable(true);
    m_kind->addItems({tr("Letter"), tr("Answer"), tr("Certificate"), tr("Order")});
    m_subject = new QLineEdit(this);
    m_subject->setObjectName(QStringLiteral("subjectEdit"));
    m_correspondent = new QLineEdit(this);
    m_correspondent->setObjectName(QStringLiteral("correspondentEdit"));
    m_correspondent->setPlaceholderText(tr("Name of a known correspondent (optional)"));
    m_send = new QCheckBox(tr("Send by СЕОС to"), this);
    m_send->setObjectName(QStringLiteral("sendCheck"));
    m_participant = new QComboBox(this);
    m_participant->setObjectName(QStringLiteral("participantCombo"));
    m_exchangeHint = new QLabel(this);
    m_exchangeHint->setObjectName(QStringLiteral("exchangeHint"));
    m_exchangeHint->setWordWrap(true);
    m_exchangeHint->setStyleSheet(QStringLiteral("QLabel { color: #666666; }"));
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_send);
    sendRow->addWidget(m_participant, 1);

    auto *form = new QFormLayout;
    form->addRow(tr("&File:"), fileRow);
    form->addRow(tr("&Register:"), m_register);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Subject:"), m_subject);
    form->addRow(tr("&Recipient:"), m_correspondent);
    form->addRow(QString(), sendRow);
    form->addRow(QString(), m_exchangeHint);

    m_stage = new QLabel(this);
    m_stage->setObjectName(QStringLiteral("outgoingStage"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->hide();
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("outgoingError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    m_error->hide();
    auto *buttons = new QDialogButtonBox(this);
    m_signButton = buttons->addButton(tr("Sign and &register"), QDialogButtonBox::AcceptRole);
    m_signButton->setObjectName(QStringLiteral("signButton"));
    m_signButton->setDefault(true);
    m_routeButton = buttons->addButton(tr("Route for si&gning…"), QDialogButtonBox::ActionRole);
    m_routeButton->setObjectName(QStringLiteral("routeForSigningButton"));
    m_routeButton->setToolTip(tr("Have an official sign it with their card; it is registered once signed"));
    m_cancelButton = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_stage);
    layout->addWidget(m_progress);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(browse, &QPushButton::clicked, this, &OutgoingDialog::chooseFile);
    connect(m_signButton, &QPushButton::clicked, this, &OutgoingDialog::start);
    connect(m_routeButton, &QPushButton::clicked, this, &OutgoingDialog::routeForSigning);
    connect(m_cancelButton, &QPushButton::clicked, this, &OutgoingDialog::reject);
    connect(m_send, &QCheckBox::toggled, m_participant, &QWidget::setEnabled);
    loadChoices();
}

OutgoingDialog::~OutgoingDialog()
{
    if (m_job)
        m_job->cancel();
}

void OutgoingDialog::setFile(const QString &path)
{
    m_file->setText(path);
}

void OutgoingDialog::reject()
{
    // While the card works, Cancel (or Esc) stops the job first; nothing is registered.
    if (isSigning()) {
        m_job->cancel();
        m_stage->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

QString OutgoingDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool OutgoingDialog::isSigning() const
{
    return m_job && m_job->isRunning();
}

void OutgoingDialog::loadChoices()
{
    auto registers = m_desk.reader().registers();
    if (registers) {
        for (const Register &reg : std::as_const(*registers))
            if (reg.kind == RegisterKind::Outgoing && reg.active)
                m_register->addItem(QStringLiteral("%1 — %2").arg(reg.code, reg.name), reg.id);
    }
    updateSendChoice();
}

void OutgoingDialog::updateSendChoice()
{
    // Only an office that runs the exchange applies exchange.send (told at login).
    const auto login = m_desk.engine() ? m_desk.engine()->lastLogin() : Result<QJsonObject>(QJsonObject());
    const bool available = login && DeskExchange::isAvailable(*login);
    m_participant->clear();
    if (available) {
        auto participants = DeskExchange(m_desk.local()).participants();
        if (participants) {
            for (const DeskParticipant &p : std::as_const(*participants))
                m_participant->addItem(QStringLiteral("%1 (%2)").arg(p.name, p.identifier), p.guid);
        }
    }
    const bool usable = available && m_participant->count() > 0;
    m_send->setEnabled(usable);
    m_send->setChecked(false);
    m_participant->setEnabled(false);
    m_exchangeHint->setText(
        !available
            ? tr("Sending by СЕОС is not available: the office does not run the exchange.")
            : (usable ? QString() : tr("Sending by СЕОС is not available: no participants are known yet.")));
    m_exchangeHint->setVisible(!usable);
}

void OutgoingDialog::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose the document"), m_file->text(),
                                                      tr("PDF documents (*.pdf)"));
    if (!path.isEmpty())
        m_file->setText(path);
}

void OutgoingDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

Result<QString> OutgoingDialog::correspondentId()
{
    const QString name = m_correspondent->text().trimmed();
    if (name.isEmpty())
        return QString();
    auto found = m_desk.reader().correspondentsByName(name, 20);
    if (!found)
        return found.error();
    for (const Correspondent &c : std::as_const(*found))
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return c.id;
    return makeError(
        ErrorCode::NotFound,
        tr("No correspondent is called \"%1\". Choose a known one or leave it empty.").arg(name));
}

void OutgoingDialog::start()
{
    if (isSigning())
        return;
    showError({});
    const QFileInfo file(m_file->text().trimmed());
    if (m_file->text().trimmed().isEmpty() || !file.isFile())
        return showError(tr("Choose the PDF file of the document."));
    if (m_register->currentIndex() < 0)
        return showError(tr("There is no outgoing register to register the document in."));
    if (m_subject->text().trimmed().isEmpty())
        return showError(tr("Enter the subject."));
    if (m_kind->currentText().trimmed().isEmpty())
        return showError(tr("Enter the kind of document."));
    if (m_send->isChecked() && m_participant->currentIndex() < 0)
        return showError(tr("Choose the administration to send to."));
    if (auto id = correspondentId(); !id)
        return showError(id.error().message);
    if (!m_tokens)
        return showError(tr("The card reader's module could not be loaded."));
    if (!m_flow.clock)
        return showError(tr("Signing is not available here."));

    m_work = std::make_unique<QTemporaryDir>();
    if (!m_work->isValid())
        return showError(tr("The signed copy cannot be written: %1").arg(m_work->errorString()));
    m_signedFile = m_work->filePath(file.fileName());
    auto *job = new PadesSignJob(m_tokens, *m_flow.clock, this);
    m_job = job;
    job->setTitle(tr("Signed electronically"));
    job->setChain(m_flow.chain);
    const QString office
        = m_flow.settings ? m_flow.settings->value(QStringLiteral("office/name")).toString() : QString();
    if (!office.isEmpty())
        job->setStampDetails({office});
    if (m_flow.settings)
        job->setPreferredCertificate(PreferredCertificate::fromSetting(
            m_flow.settings->value(DeskSettings::signingCertificateKey()).toString()));
    connect(job, &PadesSignJob::stageChanged, m_stage, &QLabel::setText);
    connect(job, &PadesSignJob::finished, this, &OutgoingDialog::finishSigning);
    m_signButton->setEnabled(false);
    m_progress->setRange(0, 0);
    m_progress->show();
    job->start(file.absoluteFilePath(), m_signedFile);
}

void OutgoingDialog::finishSigning()
{
    m_progress->hide();
    m_signButton->setEnabled(true);
    const Status status = m_job ? m_job->status() : Status(makeError(ErrorCode::Internal, QString()));
    m_certificateNote = m_job ? m_job->certificateNote() : QString();
    if (m_job)
        m_job->deleteLater();
    if (!status) {
        const Error &error = status.error();
        if (error.isCancelled()) {
            m_stage->setText(tr("Cancelled; nothing was registered."));
            return;
        }
        const QString card = PadesSignJob::cardMessage(error);
        m_stage->setText(m_certificateNote.isEmpty() ? tr("Not signed; nothing was registered.")
                                                     : tr("Not signed; nothing was registered.")
                                 + QLatin1Char(' ') + m_certificateNote);
        showError(card.isEmpty() ? tr("The document could not be signed: %1").arg(error.message) : card);
        return;
    }
    m_stage->setText(m_certificateNote.isEmpty() ? tr("Signed.")
                                                 : tr("Signed.") + QLatin1Char(' ') + m_certificateNote);
    signed_();
}

void OutgoingDialog::signed_()
{
    SyncEngine *engine = m_desk.engine();
    if (!engine)
        return showError(tr("Sign in first."));
    auto correspondent = correspondentId();
    if (!correspondent)
        return showError(correspondent.error().message);
    NewRegistration request;
    request.registerId = m_register->currentData().toString();
    request.document.kind = m_kind->currentText().trimmed();
    request.document.subject = m_subject->text().trimmed();
    request.document.correspondentId = *correspondent;
    request.document.channel = m_send->isChecked() ? Channel::Seos : Channel::Post;
    auto entry = engine->registerDocument(request);
    if (!entry)
        return showError(entry.error().message);
    m_queued = *entry;
    // The signed copy is the entry's file; the desk keeps its own copy of it.
    QFile signedFile(m_signedFile);
    auto attached = signedFile.open(QIODevice::ReadOnly)
        ? engine->attachFile(
            {{}, entry->opId, QFileInfo(m_signedFile).fileName(), QStringLiteral("application/pdf")},
            signedFile)
        : Result<OutboxEntry>(makeError(ErrorCode::Storage, signedFile.errorString()));
    signedFile.close();
    m_work.reset();
    if (!attached)
        return showError(
            tr("Registered, but the signed file could not be attached: %1").arg(attached.error().message));
    if (m_send->isChecked()) {
        auto sent = DeskExchange::send(*engine, {}, entry->opId, m_participant->currentData().toString());
        if (!sent)
            return showError(
                tr("Registered, but it could not be queued for sending: %1").arg(sent.error().message));
        m_sendQueued = true;
    }
    Q_EMIT registrationQueued(entry->opId);
    accept();
}

void OutgoingDialog::routeForSigning()
{
    if (isSigning())
        return;
    showError({});
    const QFileInfo file(m_file->text().trimmed());
    if (m_file->text().trimmed().isEmpty() || !file.isFile())
        return showError(tr("Choose the PDF file of the document."));
    if (m_register->currentIndex() < 0)
        return showError(tr("There is no outgoing register to register the document in."));
    if (m_subject->text().trimmed().isEmpty())
        return showError(tr("Enter the subject."));
    if (m_kind->currentText().trimmed().isEmpty())
        return showError(tr("Enter the kind of document."));
    if (m_send->isChecked() && m_participant->currentIndex() < 0)
        return showError(tr("Choose the administration to send to."));
    auto correspondent = correspondentId();
    if (!correspondent)
        return showError(correspondent.error().message);
    SyncEngine *engine = m_desk.engine();
    if (!engine)
        return showError(tr("Sign in first."));
    auto signers = DeskSigningReader(m_desk.local()).signers();
    if (!signers)
        return showError(signers.error().message);
    auto *choose = new RouteForSigningDialog(*signers, this);
    choose->setAttribute(Qt::WA_DeleteOnClose);
    connect(choose, &QDialog::accepted, this,
            [this, choose, path = file.absoluteFilePath(), correspondent = *correspondent] {
                SyncEngine *desk = m_desk.engine();
                if (!desk)
                    return showError(tr("Sign in first."));
                RoutingRequest request;
                request.title = m_subject->text().trimmed();
                request.note = choose->note();
                request.registerId = m_register->currentData().toString();
                request.kind = m_kind->currentText().trimmed();
                request.correspondentId = correspondent;
                request.recipientGuid
                    = m_send->isChecked() ? m_participant->currentData().toString() : QString();
                request.fileName = QFileInfo(path).fileName();
                request.signerId = choose->signerId();
                QFile draft(path);
                auto routed = draft.open(QIODevice::ReadOnly)
                    ? DeskSigningCommands::route(*desk, request, draft)
                    : Result<OutboxEntry>(makeError(ErrorCode::Storage, draft.errorString()));
                if (!routed)
                    return showError(
                        tr("The document could not be routed for signing: %1").arg(routed.error().message));
                m_queued = *routed;
                Q_EMIT routedForSigning(routed->opId);
                accept();
            });
    choose->open();
}

} // namespace dms
