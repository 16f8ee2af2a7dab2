// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace dms {

/** An attachment an application for a service must carry, e.g. a power of attorney. */
struct RequiredAttachment
{
    QString code; ///< machine name the portal uses, e.g. "sketch"
    QString title; ///< shown to people
    friend bool operator==(const RequiredAttachment &, const RequiredAttachment &) = default;
};

/** An administrative service of the office as listed in the administrative
 *  register (ИИСДА), with what the office needs to handle applications for it. */
struct AdministrativeService
{
    QString id;
    QString iisdaNumber; ///< the service's number in the register, e.g. "2079"
    QString name;
    int deadlineWorkingDays = 0; ///< the statutory deadline, from the day of receipt
    qint64 feeCents = 0; ///< 0 when free
    QList<RequiredAttachment> requiredAttachments;
    QString responsibleUnit;
    QString registerId; ///< the incoming register applications are entered in
    bool active = true;
};

} // namespace dms
