// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "sync/CommandEffect.h"
#include "sync/SyncMessages.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>

namespace dms {

struct ServiceContext;
struct SyncCommand;

/** The sync commands on case files and resolutions (docs/sync.md, "Case files
 *  and resolutions"), applied by SyncCommandApplier inside its transaction:
 *
 *  | kind | payload | service call |
 *  |---|---|---|
 *  | case.open | registration_id, title | CaseService::open |
 *  | case.attach | case_id, document_id | CaseService::attachDocument |
 *  | case.close, case.reopen | case_id, note | CaseService::close / reopen |
 *  | resolution.assign | document_id, executor_id, co_executor_ids[], instruction, deadline (yyyy-MM-dd) or
 * working_days | ResolutionService::assign | | resolution.complete | resolution_id, note |
 * ResolutionService::complete | | resolution.cancel | resolution_id, reason | ResolutionService::cancel |
 *
 *  The services' own permission checks, validation and journal apply. A refusal
 *  comes back as the service's error; a failure to read what is published is a
 *  Storage error (the desk pushes again). Feed entities: "case_file" and
 *  "resolution", with the access level of their (base) document, and the
 *  registrations whose case changed. Stateless; thread-safe. */
class CaseCommands
{
public:
    static bool handles(const QString &kind);
    /** Runs `command` through the services on the caller's transaction `db`. */
    static Result<CommandEffect> apply(ServiceContext &context, const QSqlDatabase &db,
                                       const Session &session, const SyncCommand &command,
                                       const QDateTime &now);

    /** The published form of a case file (entity "case_file"). */
    static Result<QJsonObject> caseData(const QSqlDatabase &db, const QString &caseId, QString *accessLevel);
    /** The published form of a resolution (entity "resolution"). */
    static Result<QJsonObject> resolutionData(const QSqlDatabase &db, const QString &resolutionId,
                                              QString *accessLevel);
};

} // namespace dms
