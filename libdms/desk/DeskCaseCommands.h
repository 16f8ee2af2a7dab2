// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Resolution.h"
#include "sync/Outbox.h"

namespace dms {

class SyncEngine;

/** Queues the case file and resolution commands of docs/sync.md in a desk's
 *  outbox (SyncEngine::submit); the server applies them through CaseService and
 *  ResolutionService and the feed brings the result back. Only the shape is
 *  checked here (InvalidInput for a missing id); the rules are the services'.
 *  Thread-safe as SyncEngine is. */
class DeskCaseCommands
{
public:
    /** case.open: the registration becomes the base of a new case file. */
    static Result<OutboxEntry> openCase(SyncEngine &engine, const QString &registrationId,
                                        const QString &title);
    /** case.attach: a registered document joins an open case file. */
    static Result<OutboxEntry> attach(SyncEngine &engine, const QString &caseId, const QString &documentId);
    static Result<OutboxEntry> close(SyncEngine &engine, const QString &caseId, const QString &note);
    static Result<OutboxEntry> reopen(SyncEngine &engine, const QString &caseId, const QString &note);
    /** resolution.assign: deadline as a date or as working days (counted on the server). */
    static Result<OutboxEntry> assign(SyncEngine &engine, const NewResolution &request);
    static Result<OutboxEntry> complete(SyncEngine &engine, const QString &resolutionId, const QString &note);
    static Result<OutboxEntry> cancel(SyncEngine &engine, const QString &resolutionId, const QString &reason);
};

} // namespace dms
