// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

namespace dms {

/** The Bulgarian working-day calendar: which days are working days and how
 *  deadlines are counted. A plain value, cheap to copy; thread-safe for reading.
 *
 *  Statutory days off (Labour Code art. 154):
 *  - Saturdays and Sundays;
 *  - the official holidays 1 January, 3 March, 1 May, 6 May, 24 May, 6 September,
 *    22 September, 24, 25 and 26 December;
 *  - Orthodox Easter: Good Friday, Holy Saturday, Easter Sunday and Easter Monday;
 *  - days off in lieu (art. 154(2)): when an official holiday other than the
 *    Easter ones falls on a Saturday or a Sunday, the first working day after it
 *    is a day off. The holidays are taken in date order and each one takes the
 *    first day after it that is neither a Saturday, a Sunday, a holiday nor a day
 *    already taken in lieu of an earlier holiday. So 24–26 December 2021 (Fri,
 *    Sat, Sun) give Mon 27 (for the 25th) and Tue 28 (for the 26th); 1 May 2021,
 *    a Saturday that was also Holy Saturday, gives Tue 4 May, because Mon 3 May
 *    was Easter Monday; 6 May 2024, Easter Monday on a weekday, gives nothing.
 *
 *  The current list is applied to every year; historic changes of the law are
 *  not modelled. Overrides (moved days off and working Saturdays decided by the
 *  Council of Ministers) are applied on top of the statutory days: an override
 *  decides its own date only and never moves a day off in lieu. */
class BulgarianCalendar
{
public:
    /** A day that differs from the statutory calendar. */
    struct Override
    {
        bool working = true;
        QString note; ///< e.g. the Council of Ministers decision
    };

    /** A statutory day off other than a weekend day. */
    struct Holiday
    {
        QDate date;
        QString name; ///< translated
        bool inLieu = false; ///< a day off in lieu of a holiday that fell on a weekend
    };

    BulgarianCalendar() = default;
    /** A calendar with overrides: date → working (true) or not (false). */
    explicit BulgarianCalendar(const QMap<QDate, bool> &overrides);

    /** Adds or replaces the override of one date; invalid dates are ignored. */
    void setOverride(const QDate &date, bool working, const QString &note = {});
    void removeOverride(const QDate &date);
    const QMap<QDate, Override> &overrides() const { return m_overrides; }

    /** Orthodox Easter Sunday as a Gregorian date: the Julian computus (Meeus),
     *  converted from the Julian calendar, which adds 13 days in 1900–2099.
     *  Invalid for years before 1. */
    static QDate orthodoxEaster(int year);
    /** The official holidays and days off in lieu of one year, in date order,
     *  without overrides. A date may appear twice (6 May 2024 is both Easter
     *  Monday and St George's Day). */
    static QList<Holiday> statutoryHolidays(int year);

    /** Whether people work on this date; false for an invalid date. */
    bool isWorkingDay(const QDate &date) const;
    /** The translated name of the holiday(s) on this date ("; "-separated), or
     *  "Day off in lieu of …" for a day off in lieu, whatever the overrides say;
     *  for another day made non-working by an override, the override's note (or
     *  "Non-working day"); empty for any other day. */
    QString holidayName(const QDate &date) const;

    /** The n-th working day after start (start itself is not counted), so the
     *  result is always a working day when n > 0. n = 0 gives start; a negative
     *  n counts backwards. Invalid for an invalid start. */
    QDate addWorkingDays(const QDate &start, int n) const;
    /** The number of working days d with a < d <= b; negative when b < a.
     *  workingDaysBetween(a, addWorkingDays(a, n)) == n. */
    int workingDaysBetween(const QDate &a, const QDate &b) const;
    /** An administrative-procedure deadline (АПК, ГПК art. 60): n calendar days
     *  after start; when that day is not a working day, the deadline moves to
     *  the next working day. Invalid for an invalid start. */
    QDate deadlineFromCalendarDays(const QDate &start, int n) const;
    /** The date itself when it is a working day, else the next working day. */
    QDate nextWorkingDay(const QDate &date) const;

private:
    QMap<QDate, Override> m_overrides;
};

} // namespace dms
