// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SyncExtensions.h"

namespace dms {

void SyncExtensions::add(const QString &kind, std::shared_ptr<SyncCommandHandler> handler)
{
    const std::lock_guard lock(m_mutex);
    m_handlers.insert(kind, std::move(handler));
}

void SyncExtensions::remove(const QString &kind)
{
    const std::lock_guard lock(m_mutex);
    m_handlers.remove(kind);
}

std::shared_ptr<SyncCommandHandler> SyncExtensions::find(const QString &kind) const
{
    const std::lock_guard lock(m_mutex);
    return m_handlers.value(kind);
}

QStringList SyncExtensions::kinds() const
{
    const std::lock_guard lock(m_mutex);
    QStringList kinds = m_handlers.keys();
    kinds.sort();
    return kinds;
}

} // namespace dms
