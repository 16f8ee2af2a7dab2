// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "audit/AuditEvent.h"
#include "core/Result.h"
#include "domain/Resolution.h"

#include <QList>
#include <QVariant>

namespace dms {

struct ServiceContext;
class Transaction;

/** Resolutions on documents: who executes what by when.
 *
 *  assign() needs Permission::AssignResolution. The executor must be an active
 *  user who may execute resolutions (Permission::ExecuteResolution); the
 *  co-executors must be active users, neither repeated nor the executor. The
 *  deadline is a date or a number of working days after today, counted with
 *  CalendarService's calendar; "today" is the clock's date in the office's
 *  time zone, and a deadline before it is refused.
 *
 *  A resolution is open until its executor (or an administrator) completes it
 *  or its author (or an administrator) cancels it; it never changes after that
 *  (InvalidState). Every change is journalled (entity "resolution"). Thread-safe:
 *  each call uses the calling thread's connection. */
class ResolutionService
{
public:
    explicit ResolutionService(ServiceContext &context);

    Result<Resolution> assign(const Session &session, const NewResolution &request);
    /** Marks an open resolution done, with the executor's optional note. */
    Status complete(const Session &session, const QString &resolutionId, const QString &note);
    /** Cancels an open resolution; the reason is required. */
    Status cancel(const Session &session, const QString &resolutionId, const QString &reason);

    Result<Resolution> find(const QString &resolutionId);
    /** Every resolution on a document, oldest first. */
    Result<QList<Resolution>> forDocument(const QString &documentId);
    /** The open resolutions the session's user executes or co-executes,
     *  earliest deadline first (those without a deadline last). */
    Result<QList<Resolution>> myTasks(const Session &session);
    /** The open resolutions with a deadline before `asOf`, earliest first.
     *  Needs Permission::ReadDocuments. */
    Result<QList<Resolution>> overdue(const Session &session, const QDate &asOf);

    static constexpr int kMaxInstructionLength = 4000;
    static constexpr int kMaxNoteLength = 4000;
    static constexpr int kMaxCoExecutors = 50;
    static constexpr int kMaxWorkingDays = 1000;

private:
    /** Moves an open resolution to `status` (done or cancelled), journals `event` and commits. */
    Status closeOpen(Transaction &tx, const Session &session, const QString &resolutionId,
                     const QString &status, const QVariant &note, const AuditEvent &event);
    Result<QList<Resolution>> select(const QString &condition, const QVariantList &params,
                                     const QString &order);
    QDate today() const;
    ServiceContext &m_context;
};

} // namespace dms
