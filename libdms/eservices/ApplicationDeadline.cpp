// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/ApplicationDeadline.h"

#include <QtGlobal>

namespace dms {

QDate ApplicationDeadline::start(const BulgarianCalendar &calendar, const QDate &receivedOn, int workingDays)
{
    return calendar.addWorkingDays(receivedOn, workingDays);
}

int ApplicationDeadline::remaining(const BulgarianCalendar &calendar, const QDate &deadline,
                                   const QDate &today)
{
    return qMax(0, calendar.workingDaysBetween(today, deadline));
}

QDate ApplicationDeadline::resume(const BulgarianCalendar &calendar, const QDate &today, int remainingDays)
{
    // With nothing left the office must decide on the next working day.
    return calendar.addWorkingDays(today, qMax(1, remainingDays));
}

} // namespace dms
