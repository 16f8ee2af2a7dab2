// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncCommandHandler.h"

#include <QHash>
#include <QStringList>

#include <memory>
#include <mutex>

namespace dms {

/** The extra command kinds a server applies (SyncCommandHandler), filled at start
 *  by the program (delovod-server's exchange runtime, a test's embedded office).
 *  The kinds are told to desks at login ("commands"), so a desk offers an action
 *  only when its office applies it. Thread-safe. */
class SyncExtensions
{
public:
    /** Adds or replaces the handler of `kind`. */
    void add(const QString &kind, std::shared_ptr<SyncCommandHandler> handler);
    void remove(const QString &kind);
    /** Null when no handler applies `kind`. */
    std::shared_ptr<SyncCommandHandler> find(const QString &kind) const;
    /** The kinds handled, sorted. */
    QStringList kinds() const;

private:
    mutable std::mutex m_mutex;
    QHash<QString, std::shared_ptr<SyncCommandHandler>> m_handlers;
};

} // namespace dms
