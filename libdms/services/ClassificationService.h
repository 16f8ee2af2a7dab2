// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/ClassificationHeading.h"

#include <QList>

namespace dms {

struct ServiceContext;

/** The file plan (номенклатура на делата): a tree of headings, each in force
 *  from a year until it is closed. Changes need Permission::ManageClassification
 *  and are journalled (entity "classification"); anyone may read.
 *
 *  A code is in force at most once in any year: a new heading with the code of
 *  one still in force (or in force later) is refused with AlreadyExists, so a
 *  heading is replaced by closing it and creating the new one from the next
 *  year. A heading is closed only after its sub-headings. Thread-safe: each call
 *  uses the calling thread's connection. */
class ClassificationService
{
public:
    explicit ClassificationService(ServiceContext &context);

    /** InvalidInput for a bad code, title, note, year or retention (neither or
     *  both of years and permanent); NotFound for an unknown parent;
     *  InvalidState for a parent that is closed or starts after validFromYear;
     *  AlreadyExists for a code already in force. */
    Result<ClassificationHeading> create(const Session &session, const NewClassificationHeading &heading);
    /** Ends a heading's validity with `validToYear` (its last year in force).
     *  InvalidState when it is already closed or has sub-headings in force after
     *  that year; InvalidInput when validToYear is before its first year. */
    Status close(const Session &session, const QString &headingId, int validToYear);

    Result<ClassificationHeading> find(const QString &headingId);
    /** The headings in force in `year`, in tree order: each heading followed by
     *  its sub-headings, siblings in natural code order ("2" before "10"), with
     *  depth set. */
    Result<QList<ClassificationHeading>> list(int year);

    /** Natural order of codes: digit runs compare as numbers. */
    static int compareCodes(const QString &a, const QString &b);

    static constexpr int kMaxCodeLength = 32;
    static constexpr int kMaxTitleLength = 500;
    static constexpr int kMaxNoteLength = 2000;
    static constexpr int kMaxRetentionYears = 200;
    static constexpr int kFirstYear = 1900;
    static constexpr int kLastYear = 2199;

private:
    ServiceContext &m_context;
};

} // namespace dms
