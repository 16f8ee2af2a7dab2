// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskCaseCommands.h"

#include "core/Tr.h"
#include "sync/SyncEngine.h"

#include <QJsonArray>

namespace dms {

namespace {

Status required(const QString &id)
{
    if (id.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("Choose a case file, an entry or a resolution first."));
    return {};
}

} // namespace

Result<OutboxEntry> DeskCaseCommands::openCase(SyncEngine &engine, const QString &registrationId,
                                               const QString &title)
{
    DMS_TRY(required(registrationId));
    return engine.submit(
        QStringLiteral("case.open"),
        {{QStringLiteral("registration_id"), registrationId}, {QStringLiteral("title"), title.trimmed()}});
}

Result<OutboxEntry> DeskCaseCommands::attach(SyncEngine &engine, const QString &caseId,
                                             const QString &documentId)
{
    DMS_TRY(required(caseId));
    DMS_TRY(required(documentId));
    return engine.submit(QStringLiteral("case.attach"),
                         {{QStringLiteral("case_id"), caseId}, {QStringLiteral("document_id"), documentId}});
}

Result<OutboxEntry> DeskCaseCommands::close(SyncEngine &engine, const QString &caseId, const QString &note)
{
    DMS_TRY(required(caseId));
    return engine.submit(QStringLiteral("case.close"),
                         {{QStringLiteral("case_id"), caseId}, {QStringLiteral("note"), note.trimmed()}});
}

Result<OutboxEntry> DeskCaseCommands::reopen(SyncEngine &engine, const QString &caseId, const QString &note)
{
    DMS_TRY(required(caseId));
    return engine.submit(QStringLiteral("case.reopen"),
                         {{QStringLiteral("case_id"), caseId}, {QStringLiteral("note"), note.trimmed()}});
}

Result<OutboxEntry> DeskCaseCommands::assign(SyncEngine &engine, const NewResolution &request)
{
    DMS_TRY(required(request.documentId));
    QJsonObject payload {
        {QStringLiteral("document_id"), request.documentId},
        {QStringLiteral("executor_id"), request.executorId},
        {QStringLiteral("co_executor_ids"), QJsonArray::fromStringList(request.coExecutorIds)},
        {QStringLiteral("instruction"), request.instruction.trimmed()}};
    if (request.deadline.isValid())
        payload.insert(QStringLiteral("deadline"), request.deadline.toString(Qt::ISODate));
    if (request.workingDays)
        payload.insert(QStringLiteral("working_days"), *request.workingDays);
    return engine.submit(QStringLiteral("resolution.assign"), payload);
}

Result<OutboxEntry> DeskCaseCommands::complete(SyncEngine &engine, const QString &resolutionId,
                                               const QString &note)
{
    DMS_TRY(required(resolutionId));
    return engine.submit(
        QStringLiteral("resolution.complete"),
        {{QStringLiteral("resolution_id"), resolutionId}, {QStringLiteral("note"), note.trimmed()}});
}

Result<OutboxEntry> DeskCaseCommands::cancel(SyncEngine &engine, const QString &resolutionId,
                                             const QString &reason)
{
    DMS_TRY(required(resolutionId));
    return engine.submit(
        QStringLiteral("resolution.cancel"),
        {{QStringLiteral("resolution_id"), resolutionId}, {QStringLiteral("reason"), reason.trimmed()}});
}

} // namespace dms
