// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/BulgarianCalendar.h"

#include <QDate>
#include <QMap>
#include <QSqlDatabase>

namespace dms {

struct ServiceContext;

/** The office's working-day calendar: the statutory calendar plus the days that
 *  differ from it (moved days off, working Saturdays), kept in table calendar_day.
 *  Changes need Permission::ManageCalendar and are journalled; anyone may read.
 *  Thread-safe: each call uses the calling thread's connection. */
class CalendarService
{
public:
    explicit CalendarService(ServiceContext &context);

    /** Makes `date` a working (true) or non-working (false) day, replacing any
     *  earlier override of it. InvalidInput for an invalid date, a year outside
     *  kFirstYear–kLastYear or a note over kMaxNoteLength. */
    Status setDay(const Session &session, const QDate &date, bool working, const QString &note);
    /** Drops the override of `date`; NotFound when it has none. */
    Status removeDay(const Session &session, const QDate &date);
    /** The overrides, by date; of one year when `year` is not 0. */
    Result<QMap<QDate, BulgarianCalendar::Override>> days(int year = 0);
    /** The statutory calendar with every stored override applied. */
    Result<BulgarianCalendar> calendar();
    /** The same, read through a connection the caller holds (e.g. inside its
     *  own transaction). */
    static Result<BulgarianCalendar> load(const QSqlDatabase &db);

    static constexpr int kFirstYear = 1900;
    static constexpr int kLastYear = 2099;
    static constexpr int kMaxNoteLength = 500;

private:
    ServiceContext &m_context;
};

} // namespace dms
