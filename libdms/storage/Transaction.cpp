// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/Transaction.h"

#include "core/Log.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QSqlError>
#include <QSqlQuery>

namespace dms {

Transaction::Transaction(Database &database, QSqlDatabase db)
    : m_database(&database)
    , m_db(std::move(db))
{ }

Transaction::Transaction(Transaction &&other) noexcept
    : m_database(other.m_database)
    , m_db(std::move(other.m_db))
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
    const QString statement = (database.isSqlite() && mode == Mode::Write) ? QStringLiteral("BEGIN IMMEDIATE")
                                                                           : QStringLiteral("BEGIN");
    QSqlQuery query(*db);
    if (!query.exec(statement))
        return Sql::error(query.lastError(), statement);
    return Transaction(database, *db);
}

Status Transaction::commit()
{
    Q_ASSERT(m_open);
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("COMMIT"))) {
        Error error = Sql::error(query.lastError(), QStringLiteral("COMMIT"));
        rollback();
        return error;
    }
    m_open = false;
    return {};
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCWarning(dmsCore) << "rollback failed:" << query.lastError().text();
}

} // namespace dms
