// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlQuery>
#include <QVariant>

#include <memory>

namespace dms {

/** An executed statement, handed out by Sql::exec: read its rows with next() and
 *  value(). Prepared statements are cached per connection and reused (SQLite
 *  and PostgreSQL both skip re-parsing and re-planning); the handle gives its
 *  statement back to the cache, reset, when it is destroyed. Move-only; use it on
 *  the thread that owns the connection. */
class SqlStatement
{
public:
    /** A statement that is not cached (one-off or DDL). */
    explicit SqlStatement(std::unique_ptr<QSqlQuery> owned);
    /** A cached statement; `inUse` is the cache slot's flag, cleared on release. */
    SqlStatement(QSqlQuery *cached, bool *inUse);
    SqlStatement(SqlStatement &&other) noexcept;
    SqlStatement &operator=(SqlStatement &&) = delete;
    SqlStatement(const SqlStatement &) = delete;
    ~SqlStatement();

    bool next() { return m_query->next(); }
    QVariant value(int index) const { return m_query->value(index); }
    bool isNull(int index) const { return m_query->isNull(index); }
    int numRowsAffected() const { return m_query->numRowsAffected(); }
    /** Releases the result early (the statement stays prepared). */
    void finish() { m_query->finish(); }

    const QSqlQuery &query() const { return *m_query; }
    operator const QSqlQuery &() const { return *m_query; }

private:
    std::unique_ptr<QSqlQuery> m_owned;
    QSqlQuery *m_query;
    bool *m_inUse = nullptr;
};

} // namespace dms
