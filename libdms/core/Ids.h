// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace dms {

/** Identifiers of stored entities: time-ordered UUIDs (version 7 layout) as text,
 *  made by whoever creates the row, so that desks can create entities offline. */
class Ids
{
public:
    /** A new UUIDv7 string: 48 bits of Unix milliseconds, then random bits. */
    static QString create(const QDateTime &now = QDateTime::currentDateTimeUtc());
    /** Whether text is a UUID in canonical lower-case form. */
    static bool isValid(const QString &text);
};

} // namespace dms
