// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

namespace dms {
class Clock;
class Database;
} // namespace dms

namespace dms::exchange {

/** Publishes the offline participant registry copy (exchange_participant) into
 *  the desks' change feed as entity "exchange_participant" (guid, identifier,
 *  name, active: the registry's public data), so that a desk can offer the
 *  recipients of "Send by СЕОС" offline. Only what differs from what the feed
 *  last said is appended (one transaction, the feed last); a participant gone
 *  from the copy is published inactive. The server runs it at start and after
 *  each registry refresh. Thread-safe. */
class ParticipantFeed
{
public:
    /** The number of changes appended. */
    static Result<int> publish(Database &database, const Clock &clock);
};

} // namespace dms::exchange
