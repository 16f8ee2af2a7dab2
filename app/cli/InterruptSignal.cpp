// SPDX-License-Identifier: GPL-3.0-or-later
#include "InterruptSignal.h"

#include <QSocketNotifier>

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace dms::cli {

namespace {

// The write end of the live instance's pipe; -1 when none. Lock-free, so the
// handler may read it.
std::atomic<int> g_writeEnd {-1};
static_assert(std::atomic<int>::is_always_lock_free);

} // namespace

InterruptSignal::InterruptSignal(QObject *parent)
    : QObject(parent)
{
    if (g_writeEnd.load() >= 0 || ::pipe2(m_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    g_writeEnd.store(m_pipe[1]);
    struct sigaction action
    {
    };
    action.sa_handler = &InterruptSignal::handle;
    sigemptyset(&action.sa_mask);
    // SA_RESETHAND: the next Ctrl-C is the default one (the user insists).
    action.sa_flags = SA_RESTART | SA_RESETHAND;
    if (::sigaction(SIGINT, &action, &m_previous) != 0) {
        g_writeEnd.store(-1);
        ::close(m_pipe[0]);
        ::close(m_pipe[1]);
        m_pipe[0] = m_pipe[1] = -1;
        return;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_pipe[0], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &InterruptSignal::drain);
}

InterruptSignal::~InterruptSignal()
{
    if (!m_notifier)
        return;
    m_notifier.reset();
    ::sigaction(SIGINT, &m_previous, nullptr);
    g_writeEnd.store(-1);
    ::close(m_pipe[0]);
    ::close(m_pipe[1]);
}

void InterruptSignal::handle(int)
{
    // Only async-signal-safe calls here: write(2) into the non-blocking pipe.
    const int savedErrno = errno;
    const int fd = g_writeEnd.load();
    if (fd >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t written = ::write(fd, &byte, 1);
    }
    errno = savedErrno;
}

void InterruptSignal::drain()
{
    char bytes[16];
    bool any = false;
    while (::read(m_pipe[0], bytes, sizeof bytes) > 0)
        any = true;
    if (any)
        Q_EMIT interrupted();
}

} // namespace dms::cli
