// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDate>
#include <QString>

namespace dms {

/** A Bulgarian personal number (ЕГН, единен граждански номер): ten digits
 *  YYMMDDRRSC, where YYMMDD is the date of birth (the month is raised by 20 for
 *  births in the 1800s and by 40 for births in the 2000s), RRS a region and
 *  serial number whose last digit S is even for men and odd for women, and C
 *  the check digit: the digits weighted 2, 4, 8, 5, 10, 9, 7, 3, 6, summed,
 *  mod 11, with 10 read as 0.
 *
 *  An ЕГН is personal data: errors about it never carry the number (their
 *  detail names only the rule that failed), and it is shown masked (see mask())
 *  to anyone without Permission::ViewPersonalData.
 *
 *  Validation is purely arithmetic: a birth date in the future is not refused,
 *  because the office's clock is no part of the number's rules. Foreigners'
 *  numbers (ЛНЧ) follow other rules and are not ЕГН. */
class Egn
{
public:
    /** Which rule a text breaks. */
    enum class Problem {
        None,
        Format, ///< not exactly ten digits 0-9
        BirthDate, ///< the first six digits are not a date
        Checksum, ///< the tenth digit does not match the first nine
    };

    /** The ЕГН in `text`; leading and trailing whitespace is ignored, anything
     *  else that is not a digit is refused. InvalidInput with a translated
     *  message per Problem and a detail that never holds the number. */
    static Result<Egn> parse(const QString &text);
    /** parse() without the value. */
    static Status validate(const QString &text);
    /** The first rule `text` breaks (after trimming), or Problem::None. */
    static Problem problem(const QString &text);
    /** The check digit for the first nine digits of `digits` (at least nine
     *  ASCII digits); exposed for tests and data conversion tools. */
    static int checkDigit(QStringView digits);

    /** How an ЕГН is shown to people who may not see it: the date of birth
     *  followed by four asterisks, e.g. "750101****". The last four digits are
     *  the part that cannot be guessed (the date of birth is often known to
     *  colleagues and acquaintances), so they are the part hidden; what stays
     *  is enough to tell two people of the same name apart. Text that is not a
     *  string of ten digits is masked entirely ("**********"), so that nothing
     *  of a mangled number leaks either. */
    static QString mask(const QString &text);
    /** Whether `text` has the shape mask() produces (a masked value read back). */
    static bool isMasked(const QString &text);

    /** The ten digits. */
    const QString &text() const { return m_digits; }
    QDate birthDate() const { return m_birthDate; }
    /** The ninth digit is even for men, odd for women. */
    bool isMale() const;
    /** mask(text()). */
    QString masked() const { return mask(m_digits); }

    friend bool operator==(const Egn &a, const Egn &b) { return a.m_digits == b.m_digits; }

private:
    Egn(const QString &digits, const QDate &birthDate);
    /** The date of birth coded in ten ASCII digits; invalid when there is none. */
    static QDate decodeBirthDate(QStringView digits);

    QString m_digits;
    QDate m_birthDate;
};

} // namespace dms
