// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace dms {

/** Where the database lives. Written as a URL on command lines and in settings:
 *  - `sqlite:/var/lib/delovod/delovod.db` (or a bare file path);
 *  - `postgresql://user:password@host:5432/dbname`, where a host starting with '/'
 *    (given as `?host=/run/postgresql`) is a Unix socket directory. */
struct DatabaseConfig
{
    enum class Engine { Sqlite, Postgres };
    /** How hard SQLite syncs on commit. Full survives power loss; Normal survives a crashed
     *  or killed process (WAL), and is several times faster on slow disks. */
    enum class Durability { Normal, Full };

    Engine engine = Engine::Sqlite;
    QString path; // SQLite file
    QString host; // PostgreSQL host name or socket directory
    int port = 5432;
    QString name; // PostgreSQL database
    QString user;
    QString password;
    Durability durability = Durability::Full;
    int busyTimeoutMs = 30000;

    static Result<DatabaseConfig> fromUrl(const QString &url);
    /** The URL form, with the password left out. */
    QString toDisplayUrl() const;
    bool isSqlite() const { return engine == Engine::Sqlite; }
};

} // namespace dms
