// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/Transaction.h"

#include "core/Log.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace dms {

namespace {

/** How many transactions are open on each of this thread's connections. */
thread_local QHash<QString, int> t_depth;

} // namespace

Transaction::Transaction(Database &database, QSqlDatabase db, QString savepoint)
    : m_database(&database)
    , m_db(std::move(db))
    , m_savepoint(std::move(savepoint))
{
    ++t_depth[m_db.connectionName()];
}

Transaction::Transaction(Transaction &&other) noexcept
    : m_database(other.m_database)
    , m_db(std::move(other.m_db))
    , m_savepoint(std::move(other.m_savepoint))
    , m_open(other.m_open)
{
    other.m_open = false;
}

Transaction::~Transaction()
{
    if (m_open)
        rollback();
}

bool Transaction::isSqlite() const
{
    return m_database->isSqlite();
}

Result<Transaction> Transaction::begin(Database &database, Mode mode)
{
    auto db = database.connection();
    if (!db)
        return db.error();
    const int depth = t_depth.value(db->connectionName());
    const QString savepoint = depth > 0 ? QStringLiteral("dms_nested_%1").arg(depth) : QString();
    const QString statement = depth > 0                ? QStringLiteral("SAVEPOINT ") + savepoint
        : (database.isSqlite() && mode == Mode::Write) ? QStringLiteral("BEGIN IMMEDIATE")
                                                       : QStringLiteral("BEGIN");
    QSqlQuery query(*db);
    if (!query.exec(statement))
        return Sql::error(query.lastError(), statement);
    return Transaction(database, *db, savepoint);
}

void Transaction::close()
{
    m_open = false;
    const QString name = m_db.connectionName();
    if (--t_depth[name] <= 0)
        t_depth.remove(name);
}

Status Transaction::commit()
{
    Q_ASSERT(m_open);
    const QString statement = m_savepoint.isEmpty() ? QStringLiteral("COMMIT")
                                                    : QStringLiteral("RELEASE SAVEPOINT ") + m_savepoint;
    QSqlQuery query(m_db);
    if (!query.exec(statement)) {
        Error error = Sql::error(query.lastError(), statement);
        rollback();
        return error;
    }
    close();
    return {};
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    close();
    QSqlQuery query(m_db);
    if (m_savepoint.isEmpty()) {
        if (!query.exec(QStringLiteral("ROLLBACK")))
            qCWarning(dmsCore) << "rollback failed:" << query.lastError().text();
        return;
    }
    // Undo the nested work only; the enclosing transaction goes on.
    if (!query.exec(QStringLiteral("ROLLBACK TO SAVEPOINT ") + m_savepoint)
        || !query.exec(QStringLiteral("RELEASE SAVEPOINT ") + m_savepoint))
        qCWarning(dmsCore) << "rollback to savepoint failed:" << query.lastError().text();
}

} // namespace dms
