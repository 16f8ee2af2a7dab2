// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace dms {

/** One change, as written to the audit journal. Details never hold personal
 *  identifiers (ЕГН) or secrets: they are published in sealed summaries. */
struct AuditEvent
{
    QString action; ///< e.g. "registration.create", "registration.annul"
    QString entity; ///< e.g. "registration", "document", "user"
    QString entityId;
    QJsonObject details;
};

/** An event as stored: with its place in the chain. */
struct AuditEntry
{
    qint64 seq = 0;
    QDateTime at;
    QString actor;
    AuditEvent event;
    QString prevHash;
    QString hash;
};

} // namespace dms
