// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QSqlDatabase>

namespace dms {

class Database;

/** A database transaction on the calling thread's connection, rolled back unless
 *  committed. Write transactions on SQLite start with BEGIN IMMEDIATE so that two
 *  writers never deadlock on a lock upgrade; on PostgreSQL they run READ COMMITTED
 *  and serialise on the rows they update (counters, journal head). */
class Transaction
{
public:
    enum class Mode { Read, Write };

    static Result<Transaction> begin(Database &database, Mode mode = Mode::Write);
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    Transaction(const Transaction &) = delete;
    ~Transaction();

    const QSqlDatabase &connection() const { return m_db; }
    Database &database() const { return *m_database; }
    bool isSqlite() const;

    Status commit();
    void rollback();

private:
    Transaction(Database &database, QSqlDatabase db);
    Database *m_database;
    QSqlDatabase m_db;
    bool m_open = true;
};

} // namespace dms
