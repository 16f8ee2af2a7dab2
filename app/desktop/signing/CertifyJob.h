// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace dms {

class Clock;
class TokenProvider;

/** "Вярно с оригинала": signs a scanned PDF (PAdES, PadesSigner) with the
 *  clerk's card and puts a visible stamp on its first page saying it is a true
 *  copy, who certified it and when. The card is found, the PIN asked (through
 *  the provider's PinProvider) and the file signed on a worker thread; signals
 *  arrive on the job's thread: stageChanged() per step, then finished() once.
 *
 *  Errors (status()): NoToken (no card), KeyNotFound (no signing certificate),
 *  WrongPin (message says how many tries are left, as the card reports),
 *  PinLocked, TokenRemoved, CertExpired, Cancelled (PIN dialog closed), and the
 *  signer's InvalidInput/Storage for the file. */
class CertifyJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CertifyJob)

public:
    /** @p clock must outlive the job. */
    CertifyJob(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QObject *parent = nullptr);
    ~CertifyJob() override;

    /** Certificates embedded next to the clerk's (the issuing CA). */
    void setChain(const QList<CertificateInfo> &chain) { m_chain = chain; }
    /** Extra stamp lines, e.g. the registration index and the office. */
    void setStampDetails(const QStringList &lines) { m_details = lines; }

    /** Signs @p input into @p output (may be the same file). Once per job. */
    void start(const QString &input, const QString &output);

    bool isRunning() const { return m_running; }
    /** The outcome once finished() has been emitted. */
    const Status &status() const { return m_status; }
    /** The stamp's first line: "True copy of the original". */
    static QString stampTitle();

Q_SIGNALS:
    void stageChanged(const QString &stage);
    void finished();

private:
    std::shared_ptr<TokenProvider> m_tokens;
    const Clock &m_clock;
    QList<CertificateInfo> m_chain;
    QStringList m_details;
    Status m_status;
    bool m_started = false;
    bool m_running = false;
};

} // namespace dms
