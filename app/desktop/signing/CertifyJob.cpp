// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/CertifyJob.h"

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
                         CertifyJob::tr("No card was found. Insert the card into the reader."));
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
    return makeError(ErrorCode::KeyNotFound, CertifyJob::tr("The card holds no certificate to sign with."));
}

} // namespace

CertifyJob::CertifyJob(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_tokens(std::move(tokens))
    , m_clock(clock)
{ }

CertifyJob::~CertifyJob() = default;

QString CertifyJob::stampTitle()
{
    return tr("True copy of the original");
}

void CertifyJob::start(const QString &input, const QString &output)
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    Q_EMIT stageChanged(tr("Looking for the card…"));
    const QPointer<CertifyJob> self(this);
    const auto report = [self](const QString &stage) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, stage] {
                if (self)
                    Q_EMIT self->stageChanged(stage);
            },
            Qt::QueuedConnection);
    };
    auto work = [tokens = m_tokens, &clock = m_clock, chain = m_chain, details = m_details, input, output,
                 report]() -> Status {
        auto found = findSigningCertificate(*tokens);
        if (!found.ok())
            return found.error();
        auto key = std::make_shared<TokenSigningKey>(found->first, found->second, clock);
        PadesSigner signer(key, clock);
        signer.setChain(chain);
        PadesSignOptions options;
        options.reason = stampTitle();
        options.page = 0;
        options.stampRect = QRectF(36, 36, 260, 64);
        const QDateTime local = clock.now().toTimeZone(QTimeZone(QByteArrayLiteral("Europe/Sofia")));
        options.stampLines = QStringList {stampTitle(), found->second.certificate.commonName(),
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
