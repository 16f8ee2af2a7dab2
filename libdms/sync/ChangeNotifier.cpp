// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ChangeNotifier.h"

namespace dms {

void ChangeNotifier::published(qint64 seq)
{
    {
        std::lock_guard lock(m_mutex);
        m_lastSeq = std::max(m_lastSeq, seq);
    }
    m_changed.notify_all();
}

bool ChangeNotifier::waitBeyond(qint64 cursor, std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_shutdown || m_lastSeq > cursor; })
        && m_lastSeq > cursor;
}

void ChangeNotifier::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_shutdown = true;
    }
    m_changed.notify_all();
}

bool ChangeNotifier::isShutdown()
{
    std::lock_guard lock(m_mutex);
    return m_shutdown;
}

} // namespace dms
