// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace dms {

/** A Bulgarian unified identification code (ЕИК, or БУЛСТАТ code) of a company,
 *  an administration or another legal entity: nine digits, or thirteen for a
 *  branch or unit (the entity's nine digits, three more and a second check
 *  digit).
 *
 *  The ninth digit checks the first eight: weights 1…8, sum mod 11; if that is
 *  10, weights 3…10, sum mod 11; if that is 10 again, 0. The thirteenth digit
 *  checks digits 9…12: weights 2, 7, 3, 5, sum mod 11; if 10, weights 4, 9, 5, 7,
 *  sum mod 11; if 10 again, 0. */
class Eik
{
public:
    /** Which rule a text breaks. */
    enum class Problem {
        None,
        Format, ///< not exactly 9 or 13 digits 0-9
        Checksum, ///< the ninth digit does not match the first eight
        BranchChecksum, ///< thirteen digits: the thirteenth does not match digits 9…12
    };

    /** The ЕИК in `text`; leading and trailing whitespace is ignored, anything
     *  else that is not a digit is refused. InvalidInput with a translated
     *  message per Problem. */
    static Result<Eik> parse(const QString &text);
    /** parse() without the value. */
    static Status validate(const QString &text);
    /** The first rule `text` breaks (after trimming), or Problem::None. */
    static Problem problem(const QString &text);
    /** The ninth digit for the first eight of `digits` (at least eight ASCII digits). */
    static int checkDigit(QStringView digits);
    /** The thirteenth digit for digits 9…12 of `digits` (at least twelve ASCII digits). */
    static int branchCheckDigit(QStringView digits);

    /** The 9 or 13 digits. */
    const QString &text() const { return m_digits; }
    /** Thirteen digits: a branch or unit of the entity baseCode(). */
    bool isBranch() const { return m_digits.size() == 13; }
    /** The entity's nine digits. */
    QString baseCode() const { return m_digits.left(9); }

    friend bool operator==(const Eik &a, const Eik &b) { return a.m_digits == b.m_digits; }

private:
    explicit Eik(const QString &digits);

    QString m_digits;
};

} // namespace dms
