// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"
#include "signing/PreferredCertificate.h"

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace dms {

class Clock;
class TokenProvider;

/** Signs several PDFs (PAdES, with a visible stamp) one after another with one
 *  card and one login on a worker thread: the PIN is asked once (a key that
 *  demands a PIN per signature has the card ask each time). The certificate is
 *  the first qualified one on a card, else the first with a key. Signals arrive
 *  on the job's thread: progress() after each file, then finished() once.
 *  cancel() stops before the next file; the files signed until then stay
 *  signed (signedCount()). Errors (status()): as PadesSignJob's (NoToken,
 *  KeyNotFound, WrongPin, PinLocked, TokenRemoved, CertExpired, Cancelled). */
class BatchSignJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchSignJob)

public:
    struct File
    {
        QString input;
        QString output;
    };

    /** @p clock must outlive the job. */
    BatchSignJob(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QObject *parent = nullptr);
    ~BatchSignJob() override;

    void setChain(const QList<CertificateInfo> &chain) { m_chain = chain; }
    /** The stamp's first line, also the signature's reason. */
    void setTitle(const QString &title) { m_title = title; }
    /** The certificate to sign with when a card holds it (the desk's setting). */
    void setPreferredCertificate(const PreferredCertificate &preferred) { m_preferred = preferred; }

    /** Signs each input into its output, in order. Once per job. */
    void start(const QList<File> &files);
    void cancel() { *m_cancelled = true; }

    bool isRunning() const { return m_running; }
    const Status &status() const { return m_status; }
    /** How many files (from the first) were signed once finished. */
    int signedCount() const { return m_signedCount; }

Q_SIGNALS:
    void progress(int done, int total, const QString &stage);
    void finished();

private:
    std::shared_ptr<TokenProvider> m_tokens;
    const Clock &m_clock;
    QList<CertificateInfo> m_chain;
    QString m_title;
    PreferredCertificate m_preferred;
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
    Status m_status;
    int m_signedCount = 0;
    bool m_started = false;
    bool m_running = false;
};

} // namespace dms
