// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/PadesSignJob.h"

#include "core/Clock.h"
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

/** The first token certificate offered for qualified signing, else any with a key. */
Result<std::pair<std::shared_ptr<Token>, TokenCertificate>> findSigningCertificate(TokenProvider &provider)
{
    auto tokens = provider.tokens();
    if (!tokens.ok())
        return tokens.error();
    if (tokens->isEmpty())
        return makeError(ErrorCode::NoToken,
                         PadesSignJob::tr("No card was found. Insert the card into the reader."));
    std::optional<std::pair<std::shared_ptr<Token>, TokenCertificate>> fallback;
    for (const std::shared_ptr<Token> &token : *tokens) {
        auto certificates = token->certificates();
        if (!certificates.ok())
            return certificates.error();
        for (const TokenCertificate &certificate : *certificates) {
            if (certificate.isQualifiedSigning())
                return std::pair {token, certificate};
            if (certificate.hasKey && !fallback)
                fallback = std::pair {token, certificate};
        }
    }
    if (fallback)
        return *fallback;
    return makeError(ErrorCode::KeyNotFound, PadesSignJob::tr("The card holds no certificate to sign with."));
}

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
    auto work = [tokens = m_tokens, &clock = m_clock, chain = m_chain, title = m_title, details = m_details,
                 cancelled = m_cancelled, input, output, report]() -> Status {
        const Error stopped = makeError(ErrorCode::Cancelled, tr("Signing was cancelled."));
        if (*cancelled)
            return stopped;
        auto found = findSigningCertificate(*tokens);
        if (!found.ok())
            return found.error();
        if (*cancelled)
            return stopped;
        auto key = std::make_shared<TokenSigningKey>(found->first, found->second, clock);
        PadesSigner signer(key, clock);
        signer.setChain(chain);
        PadesSignOptions options;
        options.reason = title;
        options.page = 0;
        options.stampRect = QRectF(36, 36, 260, 64);
        const QDateTime local = clock.now().toTimeZone(QTimeZone(QByteArrayLiteral("Europe/Sofia")));
        options.stampLines = QStringList {title, found->second.certificate.commonName(),
                                          local.toString(QStringLiteral("dd.MM.yyyy HH:mm"))}
            + details;
        report(tr("Signing (the card may ask for the PIN)…"));
        return signer.signFile(input, output, options);
    };
    auto *watcher = new QFutureWatcher<Status>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_status = watcher->result();
        m_running = false;
        Q_EMIT finished();
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace dms
