// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace dms {

/** Wakes long-polling readers of the change feed when a writer of this process
 *  commits. Writers of other processes are noticed by the readers' periodic
 *  re-check (see SyncService). Thread-safe. */
class ChangeNotifier
{
public:
    /** Called after a commit that appended changes up to `seq`. */
    void published(qint64 seq);
    /** Blocks until something beyond `cursor` was published, `timeout` passed or
     *  shutdown() was called; returns whether something was published. */
    bool waitBeyond(qint64 cursor, std::chrono::milliseconds timeout);
    /** Releases every waiter at once (server stop); later waits return at once. */
    void shutdown();
    bool isShutdown();

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    qint64 m_lastSeq = 0;
    bool m_shutdown = false;
};

} // namespace dms
