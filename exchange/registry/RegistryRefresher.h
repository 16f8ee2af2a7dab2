// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QStringList>

#include <chrono>
#include <optional>

namespace dms {
class Clock;
}

namespace dms::exchange {

class ParticipantDirectory;
class RegistryClient;

/** What one refresh of the offline copy did. */
struct RegistryRefresh
{
    /** GetAllRecords (replace) or GetNewRecords since the last change seen (apply). */
    bool full = false;
    int records = 0;
    QStringList skipped;
};

/** Keeps the offline participant copy current from the registry service: the first
 *  refresh (or a forced one) fetches all records and replaces the copy, later ones ask
 *  for the changes since the latest LastChange seen and apply them. refreshIfDue()
 *  does so when @p interval has passed on the Clock since the last refresh (also an
 *  import from a file counts), so the caller's loop may wake as often as it likes. */
class RegistryRefresher
{
public:
    RegistryRefresher(ParticipantDirectory &directory, RegistryClient &client, const Clock &clock,
                      std::chrono::seconds interval);

    Result<RegistryRefresh> refresh(bool full = false);
    /** nullopt when not due yet. */
    Result<std::optional<RegistryRefresh>> refreshIfDue();

private:
    ParticipantDirectory &m_directory;
    RegistryClient &m_client;
    const Clock &m_clock;
    std::chrono::seconds m_interval;
};

} // namespace dms::exchange
