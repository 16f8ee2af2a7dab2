// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "storage/DatabaseConfig.h"

#include <QSet>
#include <QSqlDatabase>

#include <memory>
#include <mutex>

namespace dms {

/** One database (SQLite file or PostgreSQL database) shared by the services.
 *
 *  Qt SQL connections belong to the thread that opened them, so connection() hands
 *  out one connection per calling thread, opened on first use and closed when the
 *  thread ends or this object is destroyed. Open through open(), which also brings
 *  the schema up to date (or refuses a schema newer than this build knows).
 *
 *  SQLite connections run in WAL mode with foreign keys on and a busy timeout;
 *  writers take the lock up front (BEGIN IMMEDIATE, see Transaction). */
class Database
{
public:
    enum class Migration { Apply, CheckOnly };

    /** Opens (creating an SQLite file if needed) and migrates or checks the schema. */
    static Result<std::shared_ptr<Database>> open(const DatabaseConfig &config,
                                                  Migration migration = Migration::Apply);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    const DatabaseConfig &config() const { return m_config; }
    bool isSqlite() const { return m_config.isSqlite(); }
    bool isPostgres() const { return !m_config.isSqlite(); }

    /** This thread's connection, opened on first use. */
    Result<QSqlDatabase> connection();

    /** The schema version of the database (highest applied migration). */
    Result<int> schemaVersion();

private:
    explicit Database(const DatabaseConfig &config);
    Result<QSqlDatabase> openConnection(const QString &name);
    void forgetConnection(const QString &name);
    friend struct ThreadConnections;

    DatabaseConfig m_config;
    quint64 m_id;
    std::mutex m_mutex;
    QSet<QString> m_connectionNames;
};

} // namespace dms
