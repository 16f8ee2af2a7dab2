// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "storage/SqlStatement.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>
#include <optional>

struct sqlite3_stmt;

namespace dms {

class Transaction;

/** The entries of one municipal register in number order as they are stored:
 *  the number and the values' JSON text (UTF-8), read by one forward-only
 *  statement inside the caller's transaction, row by row.
 *
 *  On SQLite the statement is stepped through the C API on the connection's own
 *  handle, so a row costs no QVariant, no QString and no copy of its values; on
 *  PostgreSQL a forward-only QSqlQuery (QPSQL then fetches rows one at a time).
 *  Destroy it before the transaction ends. Not thread-safe: the transaction's
 *  thread only. */
class RegisterEntryRows
{
public:
    static Result<std::unique_ptr<RegisterEntryRows>> open(const Transaction &transaction,
                                                           const QString &registerId);
    ~RegisterEntryRows();
    RegisterEntryRows(const RegisterEntryRows &) = delete;
    RegisterEntryRows &operator=(const RegisterEntryRows &) = delete;

    /** Moves to the next entry; false at the end or after an error (see status()). */
    bool next();
    /** Storage (or Conflict when SQLite is busy) when reading failed, otherwise ok. */
    Status status() const;

    qint64 number() const { return m_number; }
    /** The stored values; valid until next(). */
    QByteArrayView values() const { return m_values; }

private:
    RegisterEntryRows() = default;

    sqlite3_stmt *m_statement = nullptr;
    std::optional<SqlStatement> m_query;
    std::optional<Error> m_error;
    QByteArray m_utf8; ///< the values of the current row (QSqlQuery path)
    QByteArrayView m_values;
    qint64 m_number = 0;
};

} // namespace dms
