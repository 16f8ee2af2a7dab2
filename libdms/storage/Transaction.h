// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

namespace dms {

class Database;

/** A database transaction on the calling thread's connection, rolled back unless
 *  committed. Write transactions on SQLite start with BEGIN IMMEDIATE so that two
 *  writers never deadlock on a lock upgrade; on PostgreSQL they run READ COMMITTED
 *  and serialise on the rows they update (counters, journal head).
 *
 *  A transaction begun while another is open on the same connection is nested: a
 *  savepoint, released by commit() and undone by rollback(), so that a caller (the
 *  sync server) can make a service call and its own records one atomic unit. */
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
    Transaction(Database &database, QSqlDatabase db, QString savepoint);
    void close();
    Database *m_database;
    QSqlDatabase m_db;
    QString m_savepoint; ///< empty for the outermost transaction
    bool m_open = true;
};

} // namespace dms
