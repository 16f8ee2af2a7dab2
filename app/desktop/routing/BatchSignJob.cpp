// SPDX-License-Identifier: GPL-3.0-or-later
#include "routing/BatchSignJob.h"

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

struct Outcome
{
    Status status;
    int signedCount = 0;
};

} // namespace

BatchSignJob::BatchSignJob(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_tokens(std::move(tokens))
    , m_clock(clock)
{ }

BatchSignJob::~BatchSignJob() = default;

void BatchSignJob::start(const QList<File> &files)
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    const int total = int(files.size());
    Q_EMIT progress(0, total, tr("Looking for the card…"));
    const QPointer<BatchSignJob> self(this);
    const auto report = [self](int done, int all, const QString &stage) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, done, all, stage] {
                if (self)
                    Q_EMIT self->progress(done, all, stage);
            },
            Qt::QueuedConnection);
    };
    auto work = [tokens = m_tokens, &clock = m_clock, chain = m_chain, title = m_title,
                 preferred = m_preferred, cancelled = m_cancelled, files, total, report]() -> Outcome {
        const Error stopped = makeError(ErrorCode::Cancelled, tr("Signing was cancelled."));
        if (!tokens)
            return {makeError(ErrorCode::NoToken, tr("The card reader's module could not be loaded.")), 0};
        if (*cancelled)
            return {stopped, 0};
        auto found = SigningCertificateChoice::find(*tokens, preferred);
        if (!found.ok())
            return {found.error(), 0};
        const CertificateInfo &chosen = found->certificate().certificate;
        const QString note = found->note();
        // One key on one token: the card is logged in once for the whole batch.
        auto key = std::make_shared<TokenSigningKey>(found->token(), found->certificate(), clock);
        PadesSigner signer(key, clock);
        signer.setChain(chain);
        int done = 0;
        for (const File &file : files) {
            if (*cancelled)
                return {stopped, done};
            report(done, total,
                   note + QLatin1Char(' ')
                       + tr("Signing %1 of %2 (the card may ask for the PIN)…").arg(done + 1).arg(total));
            PadesSignOptions options;
            options.reason = title;
            options.page = 0;
            options.stampRect = QRectF(36, 36, 260, 64);
            const QDateTime local = clock.now().toTimeZone(QTimeZone(QByteArrayLiteral("Europe/Sofia")));
            options.stampLines = QStringList {title, chosen.commonName(),
                                              local.toString(QStringLiteral("dd.MM.yyyy HH:mm"))};
            const Status signedFile = signer.signFile(file.input, file.output, options);
            if (!signedFile)
                return {signedFile, done};
            ++done;
        }
        report(done, total, tr("Signed."));
        return {{}, done};
    };
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Outcome outcome = watcher->result();
        m_status = outcome.status;
        m_signedCount = outcome.signedCount;
        m_running = false;
        Q_EMIT finished();
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace dms
