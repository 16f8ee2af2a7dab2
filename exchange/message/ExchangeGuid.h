// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace dms::exchange {

/** GUIDs as the protocol writes them: "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}".
 *  Peers differ in case (.NET lower, Java upper), so every comparison and every
 *  stored key goes through normalized(). */
class ExchangeGuid
{
public:
    /** A new random GUID in braces, lower case. */
    static QString create();
    /** Whether text matches the schema's GUIDType pattern (braces required). */
    static bool isValid(const QString &text);
    /** The lower-case form in braces; braces are added when missing. Empty when not a GUID. */
    static QString normalized(const QString &text);
    static bool equal(const QString &a, const QString &b);
};

} // namespace dms::exchange
