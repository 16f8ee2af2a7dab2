// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"

#include <QDialog>

#include <memory>

class QDialogButtonBox;
class QLabel;
class QProgressBar;

namespace dms {

class CertifyJob;
class Clock;
class TokenProvider;

/** The "True copy of the original" action as the clerk sees it: progress while
 *  CertifyJob finds the card, asks the PIN and signs, then the outcome — a
 *  clear message for a wrong PIN (with the tries left), a locked PIN, a removed
 *  or missing card. The window stays responsive throughout (the job runs on a
 *  worker). */
class CertifyDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CertifyDialog)

public:
    /** @p clock must outlive the dialog. */
    CertifyDialog(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QWidget *parent = nullptr);
    ~CertifyDialog() override;

    CertifyJob *job() const { return m_job; }

    /** Starts certifying @p input into @p output (the same file is fine). */
    void certify(const QString &input, const QString &output);

    /** The error shown, empty when none. */
    QString errorText() const;
    /** Which certificate signed and whether it was the preferred one; empty before. */
    QString certificateText() const;
    bool isRunning() const;

    /** The message for @p error as shown here (the error's own message plus what to do). */
    static QString describe(const Error &error);

Q_SIGNALS:
    void certified(const QString &output);
    void failed(const QString &message);

private:
    void jobFinished();

    CertifyJob *m_job = nullptr;
    QString m_output;
    QLabel *m_stage = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_certificate = nullptr;
    QProgressBar *m_progress = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace dms
