// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

namespace dms {

class Database;

/** Brings a database schema up to date from the numbered SQL files compiled into
 *  the library (`:/dms/migrations/NNNN_name.sql`). An engine may override one
 *  file with `NNNN_name.sqlite.sql` or `NNNN_name.pg.sql`. Each migration runs in
 *  its own transaction and is recorded in schema_migrations with a checksum; a
 *  changed checksum or a schema newer than this build stops with an error. */
class Migrator
{
public:
    struct Migration
    {
        int version = 0;
        QString name;
        QString sql;
        QString checksum;
    };

    explicit Migrator(Database &database);

    /** The migrations this build carries for the database's engine, in order. */
    QList<Migration> available() const;
    Result<int> currentVersion();
    /** The highest version this build knows. */
    int latestVersion() const;

    Status apply();
    /** Verifies that the schema is exactly what this build expects, changing nothing. */
    Status check();

private:
    Status ensureTable();
    Status verifyApplied(const QList<Migration> &migrations);

    Database &m_database;
};

} // namespace dms
