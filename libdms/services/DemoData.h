// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <functional>

namespace dms {

struct ServiceContext;

/** What DemoData::populate() makes. */
struct DemoOptions
{
    /** How many registrations to make (follow-ups and replies included). */
    int documents = 300;
    /** The same seed on the same database state and clock gives the same entries
     *  (subjects, correspondents, registers, times, annulments), though not the same ids. */
    quint32 seed = 20200908;
    /** How far back from the context's clock the mail starts. */
    int days = 60;
    /** Called after each registration with (done, total), on the calling thread;
     *  returning false stops the run, which then fails with ErrorCode::Cancelled
     *  (what was registered so far stays: entries are never deleted). */
    std::function<bool(int done, int total)> progress;
};

/** What a run of DemoData::populate() did. */
struct DemoSummary
{
    int registrations = 0; ///< all entries made, follow-ups and annulled ones included
    int followUps = 0;
    int caseFiles = 0;
    int annulled = 0;
    int restricted = 0;
    int correspondents = 0; ///< correspondents created
    QString registryId;
};

/** Fills a database with realistic, made-up mail of a Bulgarian municipality for
 *  demonstrations, screenshots and manual testing.
 *
 *  On a database without users it first creates the administrator "admin"; it
 *  then makes sure of the registry "СОА" (Столична община) with the registers
 *  ВК66 and ДИ05 (incoming), ИЗ01 (outgoing) and ВЪ01 (internal) and of the users
 *  clerk, official and auditor, reusing whatever already exists. It then
 *  registers `documents` entries through RegistrationService, so numbering, the
 *  journal and the search index are the real ones: applications, complaints and
 *  signals from citizens, companies and administrations, requests under ЗДОИ
 *  that open case files and get follow-ups, replies, internal memos, some
 *  restricted documents and a few annulled entries.
 *
 *  Registration times are spread over the working hours of the working days of
 *  the last `days` days before the context's clock, but never before the last
 *  journal entry or into a sealed journal day, so the journal stays in time
 *  order. The services run on a clock of DemoData's own that moves through that
 *  schedule; the context's clock is only read.
 *
 *  Personal numbers (ЕГН) are generated with valid check digits and never taken
 *  from real people; e-mail addresses use the reserved domain example.org.
 *  Runs on the calling thread (the services use that thread's connection), so a
 *  GUI calls it from a worker thread. Errors are those of the services; a user
 *  "admin" without the administrator role gives PermissionDenied. */
class DemoData
{
public:
    static Result<DemoSummary> populate(ServiceContext &context, const DemoOptions &options = {});
    /** The login of the administrator that populate() creates on an empty database. */
    static QString adminLogin() { return QStringLiteral("admin"); }
};

} // namespace dms
