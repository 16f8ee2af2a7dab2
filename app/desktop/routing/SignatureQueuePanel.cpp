// SPDX-License-Identifier: GPL-3.0-or-later
#include "routing/SignatureQueuePanel.h"

#include "cases/CommandStatusLabel.h"
#include "desk/DeskConnection.h"
#include "desk/DeskSigningCommands.h"
#include "routing/BatchSignJob.h"
#include "routing/SigningRouteModel.h"
#include "settings/DeskSettings.h"
#include "signing/PadesSignJob.h"
#include "signing/PreferredCertificate.h"

#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QVBoxLayout>

namespace dms {

SignatureQueuePanel::SignatureQueuePanel(DeskConnection &desk, const IncomingFlowOptions &flow,
                                         QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_flow(flow)
    , m_reader(desk.local())
{
    m_model = new SigningRouteModel(SigningRouteModel::Audience::Signer, this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("forSignatureView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(SigningRouteModel::SubjectColumn, QHeaderView::Stretch);

    m_sign = new QPushButton(tr("&Sign"), this);
    m_sign->setObjectName(QStringLiteral("signRoutesButton"));
    m_sign->setToolTip(tr("Sign the selected documents with your card (one PIN for all)"));
    m_return = new QPushButton(tr("Re&turn…"), this);
    m_return->setObjectName(QStringLiteral("returnRouteButton"));
    m_stop = new QPushButton(tr("Sto&p"), this);
    m_stop->setObjectName(QStringLiteral("stopSigningButton"));
    m_stop->hide();
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("signingProgress"));
    m_progress->hide();
    m_stage = new QLabel(this);
    m_stage->setObjectName(QStringLiteral("signingStage"));
    m_stage->setWordWrap(true);
    m_status = new CommandStatusLabel(desk, this);
    m_status->setObjectName(QStringLiteral("signingStatusLabel"));

    auto *row = new QHBoxLayout;
    row->addWidget(m_sign);
    row->addWidget(m_return);
    row->addStretch(1);
    row->addWidget(m_progress, 1);
    row->addWidget(m_stop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(row);
    layout->addWidget(m_stage);
    layout->addWidget(m_status);

    connect(m_sign, &QPushButton::clicked, this, &SignatureQueuePanel::signSelected);
    connect(m_return, &QPushButton::clicked, this, &SignatureQueuePanel::returnSelected);
    connect(m_stop, &QPushButton::clicked, this, &SignatureQueuePanel::stop);
    connect(&desk, &DeskConnection::fileFetched, this, &SignatureQueuePanel::fetched);
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(150);
    connect(m_reloadTimer, &QTimer::timeout, this, &SignatureQueuePanel::reload);
    connect(&desk, &DeskConnection::changesApplied, m_reloadTimer, qOverload<>(&QTimer::start));
    connect(&desk, &DeskConnection::sessionChanged, this, &SignatureQueuePanel::reload);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SignatureQueuePanel::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SignatureQueuePanel::updateActions);
    reload();
}

SignatureQueuePanel::~SignatureQueuePanel()
{
    if (m_job)
        m_job->cancel();
}

bool SignatureQueuePanel::isSigning() const
{
    return !m_batch.isEmpty();
}

QString SignatureQueuePanel::statusText() const
{
    return m_stage->text().isEmpty() ? m_status->text() : m_stage->text();
}

void SignatureQueuePanel::showMessage(const QString &text)
{
    m_stage->setText(text);
}

void SignatureQueuePanel::reload()
{
    QSet<QString> selected;
    for (const SigningRoute &route : selectedRoutes())
        selected.insert(route.id);
    auto routes = m_reader.awaitingSignature(m_desk.session());
    m_model->setRoutes(routes ? *routes : QList<SigningRoute>());
    for (const QString &id : std::as_const(selected))
        if (const int row = m_model->rowOf(id); row >= 0)
            m_view->selectionModel()->select(m_model->index(row, 0),
                                             QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

QList<SigningRoute> SignatureQueuePanel::selectedRoutes() const
{
    QList<SigningRoute> routes;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        if (const SigningRoute *route = m_model->route(index.row()))
            routes.append(*route);
    std::sort(routes.begin(), routes.end(),
              [](const SigningRoute &a, const SigningRoute &b) { return a.createdAt < b.createdAt; });
    return routes;
}

void SignatureQueuePanel::updateActions()
{
    const bool any = m_view->selectionModel()->hasSelection();
    m_sign->setEnabled(any && !isSigning());
    m_return->setEnabled(m_view->selectionModel()->selectedRows().size() == 1 && !isSigning());
}

void SignatureQueuePanel::signSelected()
{
    if (isSigning())
        return;
    SyncEngine *engine = m_desk.engine();
    const QList<SigningRoute> routes = selectedRoutes();
    if (routes.isEmpty())
        return showMessage(tr("Select the documents to sign."));
    if (!engine)
        return showMessage(tr("Sign in first."));
    if (!m_flow.tokens || !m_flow.clock)
        return showMessage(tr("Signing is not available here."));
    m_batch = routes;
    m_waitingFor.clear();
    for (const SigningRoute &route : routes)
        if (engine->localFile(route.draftSha256).isEmpty())
            m_waitingFor.insert(route.draftSha256);
    updateActions();
    if (m_waitingFor.isEmpty())
        return startSigning();
    showMessage(tr("Fetching the drafts from the office…"));
    for (const QString &sha256 : std::as_const(m_waitingFor))
        engine->requestFile(sha256);
}

void SignatureQueuePanel::fetched(const QString &sha256, const QString &error)
{
    if (!m_waitingFor.contains(sha256) || m_job)
        return;
    if (!error.isEmpty()) {
        m_batch.clear();
        m_waitingFor.clear();
        updateActions();
        return showMessage(tr("The draft could not be fetched: %1").arg(error));
    }
    m_waitingFor.remove(sha256);
    if (m_waitingFor.isEmpty())
        startSigning();
}

void SignatureQueuePanel::startSigning()
{
    if (!m_tokens)
        m_tokens = m_flow.tokens();
    m_work = std::make_unique<QTemporaryDir>();
    if (!m_work->isValid()) {
        m_batch.clear();
        updateActions();
        return showMessage(tr("The signed copies cannot be written: %1").arg(m_work->errorString()));
    }
    QList<BatchSignJob::File> files;
    for (const SigningRoute &route : std::as_const(m_batch))
        files.append({m_desk.engine()->localFile(route.draftSha256),
                      m_work->filePath(route.id + QStringLiteral(".pdf"))});
    auto *job = new BatchSignJob(m_tokens, *m_flow.clock, this);
    m_job = job;
    job->setTitle(tr("Signed electronically"));
    job->setChain(m_flow.chain);
    if (m_flow.settings)
        job->setPreferredCertificate(PreferredCertificate::fromSetting(
            m_flow.settings->value(DeskSettings::signingCertificateKey()).toString()));
    connect(job, &BatchSignJob::progress, this, [this](int done, int total, const QString &stage) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        showMessage(stage);
    });
    connect(job, &BatchSignJob::finished, this, &SignatureQueuePanel::finishSigning);
    m_progress->setRange(0, int(files.size()));
    m_progress->setValue(0);
    m_progress->show();
    m_stop->show();
    m_stop->setFocus();
    job->start(files);
}

void SignatureQueuePanel::stop()
{
    if (m_job)
        m_job->cancel();
    else if (isSigning()) {
        m_batch.clear();
        m_waitingFor.clear();
        updateActions();
        showMessage(tr("Cancelled; nothing was signed."));
    }
}

void SignatureQueuePanel::finishSigning()
{
    m_progress->hide();
    m_stop->hide();
    const Status status = m_job ? m_job->status() : Status(makeError(ErrorCode::Internal, QString()));
    const int signedCount = m_job ? m_job->signedCount() : 0;
    if (m_job)
        m_job->deleteLater();
    int queued = 0;
    QString failure;
    for (int i = 0; i < signedCount && i < m_batch.size(); ++i) {
        QFile file(m_work->filePath(m_batch.at(i).id + QStringLiteral(".pdf")));
        auto entry = !m_desk.engine()
            ? Result<OutboxEntry>(makeError(ErrorCode::InvalidState, tr("Sign in first.")))
            : (file.open(QIODevice::ReadOnly)
                   ? DeskSigningCommands::sign(*m_desk.engine(), m_batch.at(i).id, file)
                   : Result<OutboxEntry>(makeError(ErrorCode::Storage, file.errorString())));
        if (m_status->follow(entry, m_batch.at(i).title))
            ++queued;
        else if (failure.isEmpty())
            failure = entry.error().message;
    }
    m_batch.clear();
    m_work.reset();
    updateActions();
    if (!status) {
        const Error &error = status.error();
        const QString card = PadesSignJob::cardMessage(error);
        const QString why = error.isCancelled()
            ? tr("Stopped.")
            : (card.isEmpty() ? tr("Not signed: %1").arg(error.message) : card);
        showMessage(queued > 0 ? tr("%n document(s) signed and sent to be registered.", nullptr, queued)
                            + QLatin1Char(' ') + why
                               : why);
    } else if (!failure.isEmpty()) {
        showMessage(tr("Signed, but not queued: %1").arg(failure));
    } else {
        showMessage(tr("%n document(s) signed and sent to be registered.", nullptr, queued));
    }
    Q_EMIT signingFinished(queued);
}

void SignatureQueuePanel::returnSelected()
{
    const QList<SigningRoute> routes = selectedRoutes();
    if (routes.size() != 1)
        return showMessage(tr("Select one document to return."));
    auto *ask = new QInputDialog(this);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setObjectName(QStringLiteral("returnReasonDialog"));
    ask->setWindowTitle(tr("Return to the author"));
    ask->setLabelText(tr("Why is “%1” returned?").arg(routes.first().title));
    ask->setOption(QInputDialog::UsePlainTextEditForTextInput);
    connect(ask, &QInputDialog::textValueSelected, this, &SignatureQueuePanel::returnSelectedWith);
    ask->open();
}

void SignatureQueuePanel::returnSelectedWith(const QString &reason)
{
    const QList<SigningRoute> routes = selectedRoutes();
    if (routes.size() != 1)
        return showMessage(tr("Select one document to return."));
    if (!m_desk.engine())
        return showMessage(tr("Sign in first."));
    if (reason.trimmed().isEmpty())
        return showMessage(tr("Give the reason for returning the document."));
    showMessage({});
    m_status->follow(DeskSigningCommands::returnToAuthor(*m_desk.engine(), routes.first().id, reason),
                     routes.first().title);
}

} // namespace dms
