// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/ParticipantRecord.h"
#include "exchange/message/Message.h"

#include <QList>

namespace dms {
class Clock;
class Database;
} // namespace dms

namespace dms::exchange {

/** The offline copy of the participant registry, in the database. Filled from the
 *  registry service (all records, or changes since the last change seen) or from
 *  a file in closed networks; messages are checked against it, never against the
 *  network. GUIDs are compared case-insensitively, serials as integers. */
class ParticipantDirectory
{
public:
    ParticipantDirectory(Database &database, const Clock &clock);

    /** Replaces the whole copy (GetAllRecords or an imported file). */
    Status replaceAll(const QList<ParticipantRecord> &records);
    /** Inserts or updates the given records (GetNewRecords). */
    Status apply(const QList<ParticipantRecord> &records);
    Result<ParticipantRecord> find(const QString &guid);
    Result<QList<ParticipantRecord>> all();
    /** The latest LastChange seen, for the next GetNewRecords; invalid when none. */
    Result<QDateTime> lastChange();
    /** When the copy was last filled (service or file); invalid when never. */
    Result<QDateTime> refreshedAt();

    /** The record of an active participant whose GUID and identifier both match;
     *  NotFound / PermissionDenied (inactive) / InvalidInput (identifier differs). */
    Result<ParticipantRecord> match(const Participant &participant);

private:
    Status upsert(const QList<ParticipantRecord> &records, bool replace);
    Database &m_database;
    const Clock &m_clock;
};

} // namespace dms::exchange
