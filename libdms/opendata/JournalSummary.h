// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDate>
#include <QJsonObject>
#include <QStringList>

namespace dms {

class Database;

/** The published summary of one sealed day of the audit journal, so that anyone
 *  can later check that the day's registrations were not altered afterwards.
 *
 *  It holds no personal data: the day, its entries' range and count, the number of
 *  entries per event kind ("registration.create" …), the hash of its last entry,
 *  its seal hash, whether the day's entries still match their hashes and the seal,
 *  and the chain head (last entry and hash) when the summary was made:
 *
 *    {"day": "2026-12-03", "firstSeq": 41, "lastSeq": 97, "entries": 57,
 *     "counts": {"registration.create": 50, …}, "lastEntryHash": "…",
 *     "sealHash": "…", "sealedAt": "…", "intact": true, "problems": [],
 *     "chainHead": {"seq": 120, "hash": "…"}}
 *
 *  Only sealed days are summarised (a day is sealed once it is over, see
 *  AuditJournal::sealDaysBefore), so a summary never changes lawfully except for
 *  its chain head. check() compares a summary published earlier with the journal
 *  now: any rewritten, removed or added entry of the day, a rebuilt chain or a
 *  rewritten seal shows as a difference. Thread-safe: each call uses the calling
 *  thread's connection. */
class JournalSummary
{
public:
    explicit JournalSummary(Database &database);

    /** The summary of `day` (UTC); NotFound when the day is not sealed. */
    Result<QJsonObject> build(const QDate &day);
    /** The differences between `published` and the journal now, one line each
     *  (sequence numbers and hashes only); empty when it still matches.
     *  InvalidInput when `published` is not a summary. */
    Result<QStringList> check(const QJsonObject &published);

private:
    Database &m_database;
};

} // namespace dms
