// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/Sql.h"

#include "storage/StatementCache.h"

#include <QCoreApplication>
#include <QSqlError>

namespace dms {

Result<SqlStatement> Sql::exec(const QSqlDatabase &db, const QString &sql,
                               std::initializer_list<QVariant> params)
{
    return exec(db, sql, QVariantList(params));
}

namespace {

Status bindAndRun(QSqlQuery &query, const QString &sql, const QVariantList &params)
{
    for (int i = 0; i < params.size(); ++i)
        query.bindValue(i, params.at(i));
    if (!query.exec()) {
        Error error = Sql::error(query.lastError(), sql);
        query.finish();
        return error;
    }
    return {};
}

} // namespace

Result<SqlStatement> Sql::exec(const QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    if (params.isEmpty()) {
        // Run unprepared: PostgreSQL cannot PREPARE DDL statements.
        auto query = std::make_unique<QSqlQuery>(db);
        query->setForwardOnly(true);
        if (!query->exec(sql))
            return error(query->lastError(), sql);
        return SqlStatement(std::move(query));
    }
    StatementCache::Slot &slot = StatementCache::slot(db.connectionName(), sql);
    if (slot.inUse) {
        // The same statement is still being read further up the stack: run a one-off.
        auto query = std::make_unique<QSqlQuery>(db);
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return error(query->lastError(), sql);
        DMS_TRY(bindAndRun(*query, sql, params));
        return SqlStatement(std::move(query));
    }
    if (!slot.query) {
        auto query = std::make_unique<QSqlQuery>(db);
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            Error failure = error(query->lastError(), sql);
            StatementCache::forget(db.connectionName(), sql);
            return failure;
        }
        slot.query = std::move(query);
    }
    DMS_TRY(bindAndRun(*slot.query, sql, params));
    slot.inUse = true;
    return SqlStatement(slot.query.get(), &slot.inUse);
}

Result<QVariant> Sql::scalar(const QSqlDatabase &db, const QString &sql,
                             std::initializer_list<QVariant> params)
{
    auto query = exec(db, sql, params);
    if (!query)
        return query.error();
    if (!query->next())
        return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such record."), sql);
    return query->value(0);
}

Error Sql::error(const QSqlError &sqlError, const QString &statement)
{
    const QString native = sqlError.nativeErrorCode();
    // PostgreSQL appends "DETAIL: Key (egn)=(…)" and failing rows: values that may be
    // personal data must not reach logs, so only the first line of each text is kept.
    const auto firstLine = [](const QString &text) {
        return text.section(QLatin1Char('\n'), 0, 0).trimmed();
    };
    const QString detail = firstLine(sqlError.databaseText()) + QStringLiteral(" / ")
        + firstLine(sqlError.driverText()) + QStringLiteral(" [") + native + QStringLiteral("] in: ")
        + statement.simplified().left(200);
    // SQLite extended codes: 2067 unique, 1555 primary key, 787 foreign key, 275 check, 1299 not null.
    // PostgreSQL SQLSTATE: 23505 unique, 23503 foreign key, 23514 check, 23502 not null.
    if (native == QLatin1String("2067") || native == QLatin1String("1555")
        || native == QLatin1String("23505"))
        return makeError(ErrorCode::AlreadyExists,
                         QCoreApplication::translate("dms", "A record with the same key already exists."),
                         detail);
    if (native == QLatin1String("787") || native == QLatin1String("23503"))
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("dms", "The record refers to something that does not exist."),
            detail);
    if (native == QLatin1String("275") || native == QLatin1String("1299") || native == QLatin1String("19")
        || native == QLatin1String("23514") || native == QLatin1String("23502"))
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The record breaks a rule of the database."),
                         detail);
    if (native == QLatin1String("5") || native == QLatin1String("6") || native == QLatin1String("517")
        || native == QLatin1String("40001") || native == QLatin1String("40P01"))
        return makeError(ErrorCode::Conflict,
                         QCoreApplication::translate("dms", "The database is busy; please try again."),
                         detail);
    if (native == QLatin1String("11") || native == QLatin1String("26"))
        return makeError(ErrorCode::Corrupt,
                         QCoreApplication::translate("dms", "The database file is damaged."), detail);
    return makeError(ErrorCode::Storage, QCoreApplication::translate("dms", "A database operation failed."),
                     detail);
}

} // namespace dms
