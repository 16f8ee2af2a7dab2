// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

namespace dms {

/** Helpers for identifiers made of ASCII digits (ЕГН, ЕИК). */
class Digits
{
public:
    /** Whether every character is 0–9. QChar::isDigit() would also accept
     *  Arabic-Indic and other digits, which no Bulgarian identifier has. */
    static bool isAscii(QStringView text)
    {
        for (const QChar c : text) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return false;
        }
        return true;
    }
    /** The value of the digit at `index`; the text must be ASCII digits. */
    static int at(QStringView digits, qsizetype index) { return digits.at(index).unicode() - u'0'; }
};

} // namespace dms
