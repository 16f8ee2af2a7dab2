// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace dms {

/** The one tokeniser of Delovod: both database engines index and query exactly
 *  the words it produces, so search behaves the same on SQLite and PostgreSQL.
 *  Text is NFC-normalised and case-folded (Cyrillic included); a word is a run
 *  of letters and digits; everything else separates words. Diacritics are kept
 *  (й is not и). */
class SearchText
{
public:
    static QStringList words(const QString &text);
    /** The words joined by single spaces: what goes into the index. */
    static QString terms(const QString &text);
    /** The case-folded, NFC form used for ordering and lookups by name. */
    static QString key(const QString &text);
};

} // namespace dms
