// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <csignal>
#include <memory>

class QSocketNotifier;

namespace dms::cli {

/** Turns Ctrl-C (SIGINT) into a Qt signal for a long command: while an
 *  InterruptSignal lives, the first SIGINT is written by an async-signal-safe
 *  handler into a self-pipe and delivered as interrupted() by the event loop,
 *  so the command can stop its work cleanly. The handler is installed with
 *  SA_RESETHAND: a second Ctrl-C gets the default action and ends the process
 *  at once. The previous handler is restored on destruction.
 *
 *  One at a time: a second instance while one lives installs nothing
 *  (isInstalled() false). Use from the main thread. */
class InterruptSignal : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InterruptSignal)

public:
    explicit InterruptSignal(QObject *parent = nullptr);
    ~InterruptSignal() override;

    bool isInstalled() const { return m_notifier != nullptr; }

Q_SIGNALS:
    /** SIGINT arrived (delivered once, through the event loop). */
    void interrupted();

private:
    static void handle(int signal);
    void drain();

    int m_pipe[2] = {-1, -1};
    struct sigaction m_previous
    {
    };
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace dms::cli
