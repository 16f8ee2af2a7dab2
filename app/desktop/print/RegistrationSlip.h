// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace dms {

/** What the receipt for the citizen and the stamp label say about one
 *  registration. Plain value type; filled from the registration just made. */
struct RegistrationSlip
{
    QString registrationIndex;
    /** The registration time (any time spec); printed in @ref timeZone. */
    QDateTime registeredAt;
    QString subject;
    int pageCount = 0;
    /** The office (administration and desk) that registered the document. */
    QString office;
    /** The office's local time, as the date in the index (architecture.md). */
    QTimeZone timeZone = QTimeZone(QByteArrayLiteral("Europe/Sofia"));

    /** "dd.MM.yyyy" in the office's time zone. */
    QString localDate() const
    {
        return registeredAt.toTimeZone(timeZone).toString(QStringLiteral("dd.MM.yyyy"));
    }
    /** "dd.MM.yyyy HH:mm" in the office's time zone. */
    QString localDateTime() const
    {
        return registeredAt.toTimeZone(timeZone).toString(QStringLiteral("dd.MM.yyyy HH:mm"));
    }
};

} // namespace dms
