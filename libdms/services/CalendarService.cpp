// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/CalendarService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Tr.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>

namespace dms {

namespace {

Status validateDate(const QDate &date)
{
    if (!date.isValid())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The date is not valid."));
    if (date.year() < CalendarService::kFirstYear || date.year() > CalendarService::kLastYear)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The calendar covers the years %1 to %2.")
                             .arg(CalendarService::kFirstYear)
                             .arg(CalendarService::kLastYear),
                         date.toString(Qt::ISODate));
    return {};
}

Result<QMap<QDate, BulgarianCalendar::Override>> readDays(const QSqlDatabase &db, int year)
{
    auto rows = year == 0
        ? Sql::exec(db, QStringLiteral("SELECT day, working, note FROM calendar_day ORDER BY day"))
        : Sql::exec(db,
                    QStringLiteral("SELECT day, working, note FROM calendar_day WHERE day >= ? AND day <= ?"
                                   " ORDER BY day"),
                    {QDate(year, 1, 1).toString(Qt::ISODate), QDate(year, 12, 31).toString(Qt::ISODate)});
    if (!rows)
        return rows.error();
    QMap<QDate, BulgarianCalendar::Override> days;
    while (rows->next()) {
        const QDate day = QDate::fromString(rows->value(0).toString(), Qt::ISODate);
        if (!day.isValid())
            return makeError(ErrorCode::Corrupt, Tr::tr("The calendar holds a date that is not valid."),
                             rows->value(0).toString());
        days.insert(day,
                    BulgarianCalendar::Override {rows->value(1).toInt() == 1, rows->value(2).toString()});
    }
    return days;
}

} // namespace

CalendarService::CalendarService(ServiceContext &context)
    : m_context(context)
{ }

Status CalendarService::setDay(const Session &session, const QDate &date, bool working, const QString &note)
{
    DMS_TRY(session.require(Permission::ManageCalendar));
    DMS_TRY(validateDate(date));
    const QString text = note.trimmed();
    if (text.size() > kMaxNoteLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The note is too long (at most %1 characters).").arg(kMaxNoteLength));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QString day = date.toString(Qt::ISODate);
    auto previous = Sql::exec(tx->connection(),
                              QStringLiteral("SELECT working FROM calendar_day WHERE day = ?"), {day});
    if (!previous)
        return previous.error();
    QJsonObject details {{QStringLiteral("working"), working}, {QStringLiteral("note"), text}};
    if (previous->next())
        details.insert(QStringLiteral("previousWorking"), previous->value(0).toInt() == 1);
    previous->finish();

    auto stored = Sql::exec(tx->connection(),
                            QStringLiteral("INSERT INTO calendar_day (day, working, note) VALUES (?, ?, ?)"
                                           " ON CONFLICT (day) DO UPDATE SET working = excluded.working,"
                                           " note = excluded.note"),
                            {day, working ? 1 : 0, Sql::textOrNull(text)});
    if (!stored)
        return stored.error();
    DMS_TRY(AuditJournal::append(
        *tx, session.login, m_context.clock.now(),
        AuditEvent {QStringLiteral("calendar.set"), QStringLiteral("calendar_day"), day, details}));
    return tx->commit();
}

Status CalendarService::removeDay(const Session &session, const QDate &date)
{
    DMS_TRY(session.require(Permission::ManageCalendar));
    DMS_TRY(validateDate(date));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QString day = date.toString(Qt::ISODate);
    auto removed
        = Sql::exec(tx->connection(), QStringLiteral("DELETE FROM calendar_day WHERE day = ?"), {day});
    if (!removed)
        return removed.error();
    if (removed->numRowsAffected() != 1)
        return makeError(ErrorCode::NotFound, Tr::tr("This day has no entry in the calendar."), day);
    DMS_TRY(AuditJournal::append(
        *tx, session.login, m_context.clock.now(),
        AuditEvent {QStringLiteral("calendar.remove"), QStringLiteral("calendar_day"), day, {}}));
    return tx->commit();
}

Result<QMap<QDate, BulgarianCalendar::Override>> CalendarService::days(int year)
{
    if (year != 0 && (year < kFirstYear || year > kLastYear))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The calendar covers the years %1 to %2.").arg(kFirstYear).arg(kLastYear),
                         QString::number(year));
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    return readDays(*db, year);
}

Result<BulgarianCalendar> CalendarService::calendar()
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    return load(*db);
}

Result<BulgarianCalendar> CalendarService::load(const QSqlDatabase &db)
{
    auto days = readDays(db, 0);
    if (!days)
        return days.error();
    BulgarianCalendar calendar;
    for (auto it = days->cbegin(); it != days->cend(); ++it)
        calendar.setOverride(it.key(), it->working, it->note);
    return calendar;
}

} // namespace dms
