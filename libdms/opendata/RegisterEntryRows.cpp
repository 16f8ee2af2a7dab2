// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/RegisterEntryRows.h"

#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QSqlDriver>
#include <QSqlError>

#include <sqlite3.h>

namespace dms {

namespace {

const char kSelect[] = "SELECT number, field_values FROM municipal_register_entry"
                       " WHERE register_id = ? ORDER BY number";

/** The connection's native SQLite handle, or null for other drivers. Qt's QSQLITE
 *  plugin on Debian uses the system libsqlite3, the one this library links. */
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

Error sqliteError(sqlite3 *db)
{
    // Through Sql::error, so that busy and damaged files map as everywhere else.
    const QSqlError error(QString(), QString::fromUtf8(sqlite3_errmsg(db)), QSqlError::StatementError,
                          QString::number(sqlite3_extended_errcode(db)));
    return Sql::error(error, QString::fromLatin1(kSelect));
}

} // namespace

Result<std::unique_ptr<RegisterEntryRows>> RegisterEntryRows::open(const Transaction &transaction,
                                                                   const QString &registerId)
{
    std::unique_ptr<RegisterEntryRows> rows(new RegisterEntryRows);
    if (sqlite3 *db = sqliteHandle(transaction.connection())) {
        const QByteArray id = registerId.toUtf8();
        if (sqlite3_prepare_v2(db, kSelect, -1, &rows->m_statement, nullptr) != SQLITE_OK
            || sqlite3_bind_text(rows->m_statement, 1, id.constData(), int(id.size()), SQLITE_TRANSIENT)
                != SQLITE_OK)
            return sqliteError(db);
        return rows;
    }
    auto query = Sql::exec(transaction.connection(), QString::fromLatin1(kSelect), {registerId});
    if (!query)
        return query.error();
    rows->m_query.emplace(std::move(*query));
    return rows;
}

RegisterEntryRows::~RegisterEntryRows()
{
    if (m_statement)
        sqlite3_finalize(m_statement);
    if (m_query)
        m_query->finish();
}

bool RegisterEntryRows::next()
{
    if (m_error)
        return false;
    if (m_statement) {
        const int step = sqlite3_step(m_statement);
        if (step == SQLITE_ROW) {
            m_number = sqlite3_column_int64(m_statement, 0);
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, 1));
            m_values = QByteArrayView(text, sqlite3_column_bytes(m_statement, 1));
            return true;
        }
        if (step != SQLITE_DONE)
            m_error = sqliteError(sqlite3_db_handle(m_statement));
        // Ends the read now, before the caller commits.
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
        return false;
    }
    if (!m_query || !m_query->next()) {
        if (m_query && m_query->query().lastError().isValid())
            m_error = Sql::error(m_query->query().lastError(), QString::fromLatin1(kSelect));
        return false;
    }
    m_number = m_query->value(0).toLongLong();
    m_utf8 = m_query->value(1).toString().toUtf8();
    m_values = m_utf8;
    return true;
}

Status RegisterEntryRows::status() const
{
    if (m_error)
        return *m_error;
    return {};
}

} // namespace dms
