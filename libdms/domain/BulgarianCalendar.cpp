// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/BulgarianCalendar.h"

#include <QCalendar>
#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <cstdlib>

namespace dms {

namespace {

struct FixedHoliday
{
    int month;
    int day;
    const char *name;
};

// Labour Code art. 154(1), in date order.
const FixedHoliday kFixedHolidays[] = {
    {1, 1, QT_TRANSLATE_NOOP("dms", "New Year's Day")},
    {3, 3, QT_TRANSLATE_NOOP("dms", "Liberation Day")},
    {5, 1, QT_TRANSLATE_NOOP("dms", "Labour Day")},
    {5, 6, QT_TRANSLATE_NOOP("dms", "St George's Day, Day of the Bulgarian Army")},
    {5, 24, QT_TRANSLATE_NOOP("dms", "Day of Bulgarian Education and Culture and Slavonic Literature")},
    {9, 6, QT_TRANSLATE_NOOP("dms", "Unification Day")},
    {9, 22, QT_TRANSLATE_NOOP("dms", "Independence Day")},
    {12, 24, QT_TRANSLATE_NOOP("dms", "Christmas Eve")},
    {12, 25, QT_TRANSLATE_NOOP("dms", "Christmas")},
    {12, 26, QT_TRANSLATE_NOOP("dms", "Christmas")},
};

struct EasterHoliday
{
    int offset; ///< days from Easter Sunday
    const char *name;
};

const EasterHoliday kEasterHolidays[] = {
    {-2, QT_TRANSLATE_NOOP("dms", "Good Friday")},
    {-1, QT_TRANSLATE_NOOP("dms", "Holy Saturday")},
    {0, QT_TRANSLATE_NOOP("dms", "Easter Sunday")},
    {1, QT_TRANSLATE_NOOP("dms", "Easter Monday")},
};

bool isWeekend(const QDate &date)
{
    return date.dayOfWeek() >= Qt::Saturday;
}

/** The statutory days off of a year other than weekends: untranslated names
 *  (source texts) per date, and whether the entry is a day off in lieu. */
struct Entry
{
    QDate date;
    const char *name;
    bool inLieu;
};

QList<Entry> statutoryEntries(int year)
{
    QList<Entry> entries;
    QSet<QDate> taken;
    if (year < 1)
        return entries;
    for (const FixedHoliday &holiday : kFixedHolidays) {
        const QDate date(year, holiday.month, holiday.day);
        entries.append({date, holiday.name, false});
        taken.insert(date);
    }
    const QDate easter = BulgarianCalendar::orthodoxEaster(year);
    for (const EasterHoliday &holiday : kEasterHolidays) {
        const QDate date = easter.addDays(holiday.offset);
        entries.append({date, holiday.name, false});
        taken.insert(date);
    }
    // Art. 154(2): every non-Easter holiday on a weekend gives the first free working day after it.
    for (const FixedHoliday &holiday : kFixedHolidays) {
        const QDate date(year, holiday.month, holiday.day);
        if (!isWeekend(date))
            continue;
        QDate free = date.addDays(1);
        while (isWeekend(free) || taken.contains(free))
            free = free.addDays(1);
        entries.append({free, holiday.name, true});
        taken.insert(free);
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) { return a.date < b.date; });
    return entries;
}

QSet<QDate> statutoryDatesOff(int year)
{
    QSet<QDate> dates;
    for (const Entry &entry : statutoryEntries(year))
        dates.insert(entry.date);
    return dates;
}

QString entryName(const Entry &entry)
{
    const QString name = QCoreApplication::translate("dms", entry.name);
    if (!entry.inLieu)
        return name;
    return QCoreApplication::translate("dms", "Day off in lieu of %1").arg(name);
}

/** Keeps one year's statutory days off while a loop walks day by day. */
class YearCache
{
public:
    bool isStatutoryDayOff(const QDate &date)
    {
        if (date.year() != m_year) {
            m_year = date.year();
            m_dates = statutoryDatesOff(m_year);
        }
        return m_dates.contains(date);
    }

private:
    int m_year = 0;
    QSet<QDate> m_dates;
};

bool working(const QMap<QDate, BulgarianCalendar::Override> &overrides, const QDate &date, YearCache &cache)
{
    if (!date.isValid())
        return false;
    const auto found = overrides.constFind(date);
    if (found != overrides.constEnd())
        return found->working;
    return !isWeekend(date) && !cache.isStatutoryDayOff(date);
}

} // namespace

BulgarianCalendar::BulgarianCalendar(const QMap<QDate, bool> &overrides)
{
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it)
        setOverride(it.key(), it.value());
}

void BulgarianCalendar::setOverride(const QDate &date, bool working, const QString &note)
{
    if (!date.isValid())
        return;
    m_overrides.insert(date, Override {working, note});
}

void BulgarianCalendar::removeOverride(const QDate &date)
{
    m_overrides.remove(date);
}

QDate BulgarianCalendar::orthodoxEaster(int year)
{
    if (year < 1)
        return {};
    const int a = year % 4;
    const int b = year % 7;
    const int c = year % 19;
    const int d = (19 * c + 15) % 30;
    const int e = (2 * a + 4 * b - d + 34) % 7;
    const int month = (d + e + 114) / 31;
    const int day = (d + e + 114) % 31 + 1;
    // The computus yields a Julian-calendar date; QCalendar converts it exactly
    // (13 days later throughout 1900–2099).
    return QDate(year, month, day, QCalendar(QCalendar::System::Julian));
}

QList<BulgarianCalendar::Holiday> BulgarianCalendar::statutoryHolidays(int year)
{
    QList<Holiday> holidays;
    for (const Entry &entry : statutoryEntries(year))
        holidays.append({entry.date, entryName(entry), entry.inLieu});
    return holidays;
}

bool BulgarianCalendar::isWorkingDay(const QDate &date) const
{
    YearCache cache;
    return working(m_overrides, date, cache);
}

QString BulgarianCalendar::holidayName(const QDate &date) const
{
    if (!date.isValid())
        return {};
    QStringList names;
    for (const Entry &entry : statutoryEntries(date.year())) {
        if (entry.date == date)
            names.append(entryName(entry));
    }
    if (!names.isEmpty())
        return names.join(QStringLiteral("; "));
    const auto found = m_overrides.constFind(date);
    if (found != m_overrides.constEnd() && !found->working) {
        const QString note = found->note.trimmed();
        return note.isEmpty() ? QCoreApplication::translate("dms", "Non-working day") : note;
    }
    return {};
}

QDate BulgarianCalendar::addWorkingDays(const QDate &start, int n) const
{
    if (!start.isValid())
        return {};
    YearCache cache;
    const int step = n >= 0 ? 1 : -1;
    int remaining = std::abs(n);
    QDate date = start;
    while (remaining > 0) {
        date = date.addDays(step);
        if (!date.isValid())
            return {};
        if (working(m_overrides, date, cache))
            --remaining;
    }
    return date;
}

int BulgarianCalendar::workingDaysBetween(const QDate &a, const QDate &b) const
{
    if (!a.isValid() || !b.isValid() || a == b)
        return 0;
    const QDate from = std::min(a, b);
    const QDate to = std::max(a, b);
    YearCache cache;
    int count = 0;
    for (QDate date = from.addDays(1); date <= to; date = date.addDays(1)) {
        if (working(m_overrides, date, cache))
            ++count;
    }
    return a <= b ? count : -count;
}

QDate BulgarianCalendar::deadlineFromCalendarDays(const QDate &start, int n) const
{
    if (!start.isValid())
        return {};
    return nextWorkingDay(start.addDays(n));
}

QDate BulgarianCalendar::nextWorkingDay(const QDate &date) const
{
    if (!date.isValid())
        return {};
    YearCache cache;
    QDate day = date;
    while (day.isValid() && !working(m_overrides, day, cache))
        day = day.addDays(1);
    return day;
}

} // namespace dms
