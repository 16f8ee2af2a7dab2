// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "storage/SqlStatement.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <type_traits>

class QSqlError;

namespace dms {

/** Small helpers over QSqlQuery that report failures as Result. All SQL goes through
 *  bound parameters: user text never becomes part of a statement. */
class Sql
{
public:
    /** Prepares (once per connection: statements with parameters are cached),
     *  binds positional parameters and executes. A statement without parameters
     *  runs unprepared, as DDL must on PostgreSQL. */
    static Result<SqlStatement> exec(const QSqlDatabase &db, const QString &sql,
                                     std::initializer_list<QVariant> params = {});
    static Result<SqlStatement> exec(const QSqlDatabase &db, const QString &sql, const QVariantList &params);
    /** Executes and reads the first column of the first row; NotFound when there is no row. */
    static Result<QVariant> scalar(const QSqlDatabase &db, const QString &sql,
                                   std::initializer_list<QVariant> params = {});
    /** Maps a driver error to an Error; the one place that knows SQLite and PostgreSQL codes. */
    static Error error(const QSqlError &error, const QString &statement);
    /** Times are stored as ISO-8601 UTC text with milliseconds (sortable as text). */
    static QString toText(const QDateTime &time) { return time.toUTC().toString(Qt::ISODateWithMs); }
    /** A stored time; invalid for NULL. */
    static QDateTime toDateTime(const QVariant &value)
    {
        return value.isNull() ? QDateTime() : QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    }
    /** Executes and maps every row with `fromRow(const SqlStatement &)`. */
    template<typename FromRow>
    static auto rows(const QSqlDatabase &db, const QString &sql, const QVariantList &params, FromRow fromRow)
        -> Result<QList<std::invoke_result_t<FromRow, const SqlStatement &>>>
    {
        auto statement = exec(db, sql, params);
        if (!statement)
            return statement.error();
        QList<std::invoke_result_t<FromRow, const SqlStatement &>> result;
        while (statement->next())
            result.append(fromRow(*statement));
        return result;
    }
    /** Executes and maps the first row; `absent` is the error when there is none. */
    template<typename FromRow>
    static auto firstRow(const QSqlDatabase &db, const QString &sql, const QVariantList &params,
                         FromRow fromRow, const Error &absent)
        -> Result<std::invoke_result_t<FromRow, const SqlStatement &>>
    {
        auto statement = exec(db, sql, params);
        if (!statement)
            return statement.error();
        if (!statement->next())
            return absent;
        return fromRow(*statement);
    }
    /** A typed NULL for binding. */
    static QVariant null() { return QVariant(); }
    /** The value, or NULL for an empty string. */
    static QVariant textOrNull(const QString &text) { return text.isEmpty() ? QVariant() : QVariant(text); }
};

} // namespace dms
