// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/BulgarianCalendar.h"

#include <QDate>

namespace dms {

/** The deadline of an application in working days: it starts on the day of
 *  receipt, stops while the office waits for the applicant and resumes with the
 *  working days that were left. Pure functions over a calendar. */
class ApplicationDeadline
{
public:
    /** The last day: `workingDays` working days after the day of receipt. */
    static QDate start(const BulgarianCalendar &calendar, const QDate &receivedOn, int workingDays);
    /** The working days left on `today` before `deadline` (today not counted,
     *  the deadline counted); 0 when it has passed. */
    static int remaining(const BulgarianCalendar &calendar, const QDate &deadline, const QDate &today);
    /** The new deadline when the waiting ends on `today` with `remainingDays` left. */
    static QDate resume(const BulgarianCalendar &calendar, const QDate &today, int remainingDays);
};

} // namespace dms
