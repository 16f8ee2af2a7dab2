// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/registry/RegistryRefresher.h"

#include "core/Clock.h"
#include "exchange/registry/RegistryClient.h"
#include "exchange/store/ParticipantDirectory.h"

namespace dms::exchange {

RegistryRefresher::RegistryRefresher(ParticipantDirectory &directory, RegistryClient &client,
                                     const Clock &clock, std::chrono::seconds interval)
    : m_directory(directory)
    , m_client(client)
    , m_clock(clock)
    , m_interval(interval)
{ }

Result<RegistryRefresh> RegistryRefresher::refresh(bool full)
{
    auto since = m_directory.lastChange();
    if (!since)
        return since.error();
    RegistryRefresh done;
    done.full = full || !since->isValid();
    auto directory = done.full ? m_client.allRecords() : m_client.changesSince(*since);
    if (!directory)
        return directory.error();
    DMS_TRY(done.full ? m_directory.replaceAll(directory->records) : m_directory.apply(directory->records));
    done.records = int(directory->records.size());
    done.skipped = directory->skipped;
    return done;
}

Result<std::optional<RegistryRefresh>> RegistryRefresher::refreshIfDue()
{
    auto last = m_directory.refreshedAt();
    if (!last)
        return last.error();
    if (last->isValid() && last->addSecs(m_interval.count()) > m_clock.now())
        return std::optional<RegistryRefresh>();
    auto done = refresh();
    if (!done)
        return done.error();
    return std::optional<RegistryRefresh>(*done);
}

} // namespace dms::exchange
