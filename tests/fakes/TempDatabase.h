// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TestClock.h"
#include "access/Session.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"

#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace dms {

/** A fresh, migrated database for one test, on the engine named by DMS_TEST_DB:
 *  "sqlite" (default; a file in a temporary folder) or "pg" (a new database in
 *  the throwaway cluster at DMS_TEST_PGHOST, dropped afterwards). It carries a
 *  TestClock, a ServiceContext and one session per role (users admin, clerk,
 *  official, auditor). Use DMS_OPEN_TEMP_DATABASE(var) in a test function. */
class TempDatabase
{
public:
    TempDatabase();
    ~TempDatabase();
    TempDatabase(const TempDatabase &) = delete;
    TempDatabase &operator=(const TempDatabase &) = delete;

    static bool postgresRequested();
    /** Empty when ready; otherwise why not (with skip() telling whether to skip). */
    QString problem() const { return m_problem; }
    bool skip() const { return m_skip; }

    Database &database() { return *m_database; }
    std::shared_ptr<Database> shared() { return m_database; }
    const DatabaseConfig &config() const { return m_config; }
    ServiceContext &context() { return *m_context; }
    TestClock clock;

    Session admin;
    Session clerk;
    Session official;
    Session auditor;
    /** A registry "СОА" with registers ВК66 (incoming), ДИ05 (incoming), ИЗ01 (outgoing). */
    QString registryId;
    QString incomingRegisterId;
    QString secondRegisterId;
    QString outgoingRegisterId;

    /** Creates the users, registry and registers above. */
    bool seed();

private:
    QTemporaryDir m_dir;
    DatabaseConfig m_config;
    std::shared_ptr<Database> m_database;
    std::optional<ServiceContext> m_context;
    QString m_pgName;
    QString m_problem;
    bool m_skip = false;
};

} // namespace dms

#define DMS_OPEN_TEMP_DATABASE(var)                                                                          \
    dms::TempDatabase var;                                                                                   \
    if (var.skip())                                                                                          \
        QSKIP(qPrintable(var.problem()));                                                                    \
    QVERIFY2(var.problem().isEmpty(), qPrintable(var.problem()));                                            \
    QVERIFY(var.seed())
