// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "sync/SyncMessages.h"

#include <QList>

namespace dms {

class Database;
class Transaction;

/** A page of the change feed read after a cursor. */
struct ChangePage
{
    QList<SyncChange> changes;
    qint64 nextCursor = 0; ///< the cursor to pass next time
    bool hasMore = false;
};

/** The ordered feed of changes that desks pull.
 *
 *  append() takes the sequence numbers from the single sync_change_counter row
 *  and must be the last thing a writing transaction does: the counter row stays
 *  locked until commit, so a later sequence number is only ever handed out after
 *  the earlier one committed, and commit order equals sequence order on both
 *  engines. A reader that moved its cursor past N has therefore seen every row
 *  up to N: unlike a plain sequence, a row committed late can never be skipped
 *  (docs/sync.md, "late commits"). Thread-safe; uses the transaction's connection. */
class ChangeFeed
{
public:
    /** Adds the changes with consecutive sequence numbers; fills in their seq. */
    static Status append(Transaction &transaction, QList<SyncChange> &changes);
    /** Up to `limit` changes after `cursor` in order. Restricted changes are left
     *  out (but still advance the cursor) unless `includeRestricted`. Each change's
     *  data comes as stored, in SyncChange::dataJson (not parsed). */
    static Result<ChangePage> read(Database &database, qint64 cursor, int limit, bool includeRestricted);
    /** The highest sequence number committed. */
    static Result<qint64> lastSeq(Database &database);
};

} // namespace dms
