// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace dms {

/** Prepared statements kept per connection, keyed by their SQL text. A
 *  connection belongs to one thread, so a connection's statements are only
 *  touched by that thread; drop() runs before the connection is removed. */
class StatementCache
{
public:
    struct Slot
    {
        std::unique_ptr<QSqlQuery> query;
        bool inUse = false;
    };

    /** The slot for `sql` on the connection, created empty when new. */
    static Slot &slot(const QString &connectionName, const QString &sql);
    /** Removes one slot (e.g. after a failed prepare). */
    static void forget(const QString &connectionName, const QString &sql);
    /** Destroys every statement of a connection; call before removing it. */
    static void drop(const QString &connectionName);
};

} // namespace dms
