// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"
#include "signing/PreferredCertificate.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace dms {

class Clock;
class TokenProvider;

/** Signs a PDF (PAdES, PadesSigner) with the clerk's card, with a visible stamp
 *  on its first page: the title, the signer's name, the local time and extra
 *  lines. The card is found, the PIN asked (through the provider's PinProvider)
 *  and the file signed on a worker thread; signals arrive on the job's thread:
 *  stageChanged() per step, then finished() once. The certificate is the
 *  preferred one (setPreferredCertificate()) when a card present holds it, else
 *  the first qualified one, else the first with a key; certificateNote() says
 *  which and why. Shared by "True copy of the
 *  original" (CertifyJob) and the outgoing document (OutgoingDialog).
 *
 *  Errors (status()): NoToken (no card), KeyNotFound (no signing certificate),
 *  WrongPin (message says how many tries are left, as the card reports),
 *  PinLocked, TokenRemoved, CertExpired, Cancelled (cancel() or the PIN dialog
 *  closed), and the signer's InvalidInput/Storage for the file. */
class PadesSignJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PadesSignJob)

public:
    /** @p clock must outlive the job. */
    PadesSignJob(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QObject *parent = nullptr);
    ~PadesSignJob() override;

    /** Certificates embedded next to the clerk's (the issuing CA). */
    void setChain(const QList<CertificateInfo> &chain) { m_chain = chain; }
    /** The stamp's first line, also the signature's reason. */
    void setTitle(const QString &title) { m_title = title; }
    /** Extra stamp lines, e.g. the registration index and the office. */
    void setStampDetails(const QStringList &lines) { m_details = lines; }
    /** The clerk's preferred certificate (settings signing/certificate); empty: none. */
    void setPreferredCertificate(const PreferredCertificate &preferred) { m_preferred = preferred; }

    /** Signs @p input into @p output (may be the same file). Once per job. */
    void start(const QString &input, const QString &output);
    /** Stops before the card signs (Cancelled); a signature the card is already
     *  making is finished, since a card operation cannot be interrupted. Any thread. */
    void cancel() { *m_cancelled = true; }

    bool isRunning() const { return m_running; }
    /** The outcome once finished() has been emitted. */
    const Status &status() const { return m_status; }
    /** Once a certificate was chosen (also shown as a stage): which one and, when
     *  a preferred certificate is set, whether it was found; empty before. */
    const QString &certificateNote() const { return m_certificateNote; }
    /** The certificate the document was (or was to be) signed with; null before. */
    const CertificateInfo &signer() const { return m_signer; }

    /** What the clerk should read for a card error (wrong PIN with the tries
     *  left, locked PIN, removed or missing card); empty for other errors. */
    static QString cardMessage(const Error &error);

Q_SIGNALS:
    void stageChanged(const QString &stage);
    void finished();

private:
    std::shared_ptr<TokenProvider> m_tokens;
    const Clock &m_clock;
    QList<CertificateInfo> m_chain;
    QString m_title;
    QStringList m_details;
    PreferredCertificate m_preferred;
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
    Status m_status;
    QString m_certificateNote;
    CertificateInfo m_signer;
    bool m_started = false;
    bool m_running = false;
};

} // namespace dms
