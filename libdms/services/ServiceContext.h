// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimeZone>

namespace dms {

class Clock;
class Database;

/** What every service needs: the database, the clock and the office's time zone
 *  (registration dates are local dates: Europe/Sofia by default). Owned by the
 *  application; services keep references, so it must outlive them. */
struct ServiceContext
{
    Database &database;
    const Clock &clock;
    QTimeZone timeZone = QTimeZone(QByteArrayLiteral("Europe/Sofia"));
};

} // namespace dms
