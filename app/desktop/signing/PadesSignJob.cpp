// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/PadesSignJob.h"

#include "core/Clock.h"
#include "signing/SigningCertificateChoice.h"
#include "signing/TokenProvider.h"
#include "signing/TokenSigningKey.h"
#include "signing/pades/PadesSigner.h"

#include <QFutureWatcher>
#include <QMetaObject>
#include <QPointer>
#include <QTimeZone>
#include <QtConcurrent>

namespace dms {

namespace {

/** The outcome of the worker: the status, and which certificate was used and why. */
struct SigningOutcome
{
    Status status;
    QString note;
    CertificateInfo signer;
};

} // namespace

PadesSignJob::PadesSignJob(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_tokens(std::move(tokens))
    , m_clock(clock)
{ }

PadesSignJob::~PadesSignJob() = default;

QString PadesSignJob::cardMessage(const Error &error)
{
    switch (error.code) {
    case ErrorCode::WrongPin:
        return error.message + QLatin1Char(' ') + tr("Check the PIN and try again.");
    case ErrorCode::PinLocked:
    case ErrorCode::NoToken:
    case ErrorCode::KeyNotFound:
        return error.message;
    case ErrorCode::TokenRemoved:
        return tr("The card was removed before the document was signed. Insert it and try again.");
    default:
        return {};
    }
}

void PadesSignJob::start(const QString &input, const QString &output)
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    Q_EMIT stageChanged(tr("Looking for the card…"));
    const QPointer<PadesSignJob> self(this);
    const auto report = [self](const QString &stage) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, stage] {
                if (self)
                    Q_EMIT self->stageChanged(stage);
            },
            Qt::QueuedConnection);
    };
    auto work
        = [tokens = m_tokens, &clock = m_clock, chain = m_chain, title = m_title, details = m_details,
           preferred = m_preferred, cancelled = m_cancelled, input, output, report]() -> SigningOutcome {
        const Error stopped = makeError(ErrorCode::Cancelled, tr("Signing was cancelled."));
        if (*cancelled)
            return {stopped, {}, {}};
        auto found = SigningCertificateChoice::find(*tokens, preferred);
        if (!found.ok())
            return {found.error(), {}, {}};
        const CertificateInfo &chosen = found->certificate().certificate;
        const QString note = found->note();
        if (*cancelled)
            return {stopped, note, chosen};
        auto key = std::make_shared<TokenSigningKey>(found->token(), found->certificate(), clock);
        PadesSigner signer(key, clock);
        signer.setChain(chain);
        PadesSignOptions options;
        options.reason = title;
        options.page = 0;
        options.stampRect = QRectF(36, 36, 260, 64);
        const QDateTime local = clock.now().toTimeZone(QTimeZone(QByteArrayLiteral("Europe/Sofia")));
        options.stampLines
            = QStringList {title, chosen.commonName(), local.toString(QStringLiteral("dd.MM.yyyy HH:mm"))}
            + details;
        report(note + QLatin1Char(' ') + tr("Signing (the card may ask for the PIN)…"));
        return {signer.signFile(input, output, options), note, chosen};
    };
    auto *watcher = new QFutureWatcher<SigningOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const SigningOutcome outcome = watcher->result();
        m_status = outcome.status;
        m_certificateNote = outcome.note;
        m_signer = outcome.signer;
        m_running = false;
        Q_EMIT finished();
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace dms
