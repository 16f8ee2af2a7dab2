// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace dms::exchange {

/** Certificate serial numbers compared as integers: the registry holds hex that
 *  peers write with or without leading zeros and in either case (.NET
 *  "0123456789ABCDEF", Java "123456789abcdef"). */
class CertificateSerial
{
public:
    /** Lower-case hex without leading zeros ("0" for zero); empty when not hex. */
    static QString normalizedHex(const QString &hex);
    /** The same integer; false when either is not hex. */
    static bool equalHex(const QString &a, const QString &b);
};

} // namespace dms::exchange
