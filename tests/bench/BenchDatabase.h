// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"

#include <memory>
#include <optional>

namespace dms {

/** A benchmark database: opened (schema migrated) and seeded through the services
 *  with users admin and clerk, registry "СОА" and registers ВК66, ДИ05 (incoming)
 *  and ИЗ01 (outgoing), on the system clock. For PostgreSQL, createPostgres()
 *  makes a throwaway database in the cluster at DMS_TEST_PGHOST, dropped by the
 *  destructor. */
class BenchDatabase
{
public:
    /** Opens `config`; seeds it unless it already has users (then only looks them up). */
    static Result<std::unique_ptr<BenchDatabase>> open(const DatabaseConfig &config);
    /** A new database in the PostgreSQL cluster named by DMS_TEST_PGHOST/PGPORT/PGUSER. */
    static Result<std::unique_ptr<BenchDatabase>> createPostgres();
    ~BenchDatabase();
    BenchDatabase(const BenchDatabase &) = delete;
    BenchDatabase &operator=(const BenchDatabase &) = delete;

    Database &database() { return *m_database; }
    ServiceContext &context() { return *m_context; }
    /** Closes the connections (of this thread) so that another program may use the file. */
    void close();

    Session clerk;
    QString clerkUserId;
    QString registryId;
    QString registryCode;
    QString indexPattern;
    /** ВК66, ДИ05, ИЗ01 */
    QStringList registerIds;
    QStringList registerCodes;

private:
    BenchDatabase() = default;
    Status seed();

    SystemClock m_clock;
    std::shared_ptr<Database> m_database;
    std::optional<ServiceContext> m_context;
    QString m_pgName;
};

} // namespace dms
