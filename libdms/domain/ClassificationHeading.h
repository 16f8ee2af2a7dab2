// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace dms {

/** A heading of the file plan (номенклатура на делата): a code, a title and how
 *  long the files under it are kept, in force from one year until it is closed. */
struct ClassificationHeading
{
    QString id;
    QString code; ///< e.g. "03-2"; unique among the headings in force in a year
    QString title;
    QString parentId; ///< empty for a top-level heading
    int retentionYears = 0; ///< > 0 unless permanent
    bool permanent = false; ///< kept permanently (transferred to the State Archives)
    int validFromYear = 0;
    int validToYear = 0; ///< the last year in force; 0 while not closed
    QString note;
    int depth = 0; ///< in ClassificationService::list(): 0 for the top level

    bool isInForce(int year) const
    {
        return validFromYear <= year && (validToYear == 0 || year <= validToYear);
    }
};

/** What the administrator fills in for a new heading. Exactly one of
 *  retentionYears > 0 and permanent must be given. */
struct NewClassificationHeading
{
    QString code;
    QString title;
    QString parentId; ///< optional; must be in force and not closed
    int retentionYears = 0;
    bool permanent = false;
    int validFromYear = 0;
    QString note;
};

} // namespace dms
