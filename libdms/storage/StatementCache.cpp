// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/StatementCache.h"

#include <mutex>
#include <unordered_map>

namespace dms {

namespace {

using Statements = std::unordered_map<QString, StatementCache::Slot>;

std::mutex s_mutex;
// The map of connections is shared (guarded); each connection's statements are
// used only by its own thread. Node-based maps keep slot addresses stable.
std::unordered_map<QString, std::unique_ptr<Statements>> &connections()
{
    static std::unordered_map<QString, std::unique_ptr<Statements>> map;
    return map;
}

} // namespace

StatementCache::Slot &StatementCache::slot(const QString &connectionName, const QString &sql)
{
    Statements *statements;
    {
        std::lock_guard lock(s_mutex);
        auto &entry = connections()[connectionName];
        if (!entry)
            entry = std::make_unique<Statements>();
        statements = entry.get();
    }
    return (*statements)[sql];
}

void StatementCache::forget(const QString &connectionName, const QString &sql)
{
    std::lock_guard lock(s_mutex);
    auto it = connections().find(connectionName);
    if (it != connections().end())
        it->second->erase(sql);
}

void StatementCache::drop(const QString &connectionName)
{
    std::unique_ptr<Statements> statements;
    {
        std::lock_guard lock(s_mutex);
        auto it = connections().find(connectionName);
        if (it == connections().end())
            return;
        statements = std::move(it->second);
        connections().erase(it);
    }
}

} // namespace dms
