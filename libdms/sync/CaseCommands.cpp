// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/CaseCommands.h"

#include "core/Tr.h"
#include "services/CaseService.h"
#include "services/ResolutionService.h"
#include "services/ServiceContext.h"
#include "storage/Sql.h"
#include "sync/FeedPublisher.h"
#include "sync/SyncCommandApplier.h"

#include <QJsonArray>

namespace dms {

namespace {

const QString kCaseFile = QStringLiteral("case_file");
const QString kResolution = QStringLiteral("resolution");

QString text(const QJsonObject &payload, const char *key)
{
    return payload.value(QLatin1String(key)).toString();
}

Result<NewResolution> resolutionFrom(const QJsonObject &payload)
{
    NewResolution request;
    request.documentId = text(payload, "document_id");
    request.executorId = text(payload, "executor_id");
    request.instruction = text(payload, "instruction");
    const QJsonValue coExecutors = payload.value(QStringLiteral("co_executor_ids"));
    if (!coExecutors.isUndefined() && !coExecutors.isArray())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The co-executors must be a list of user ids."));
    for (const QJsonValue &id : coExecutors.toArray()) {
        if (!id.isString())
            return makeError(ErrorCode::InvalidInput, Tr::tr("The co-executors must be a list of user ids."));
        request.coExecutorIds << id.toString();
    }
    const QJsonValue deadline = payload.value(QStringLiteral("deadline"));
    if (!deadline.isUndefined() && !deadline.isNull()) {
        request.deadline = QDate::fromString(deadline.toString(), Qt::ISODate);
        if (!request.deadline.isValid())
            return makeError(ErrorCode::InvalidInput, Tr::tr("The deadline is not a valid date."));
    }
    const QJsonValue days = payload.value(QStringLiteral("working_days"));
    if (!days.isUndefined() && !days.isNull()) {
        if (!days.isDouble() || days.toDouble() != double(days.toInt()))
            return makeError(ErrorCode::InvalidInput, Tr::tr("The number of working days is not valid."));
        request.workingDays = days.toInt();
    }
    return request;
}

/** The case commands' entities on top of the shared feed publishing. */
class Publisher : public FeedPublisher
{
public:
    using FeedPublisher::FeedPublisher;

    Status caseFile(const QString &id) { return publish(kCaseFile, id, &CaseCommands::caseData); }
    Status resolution(const QString &id) { return publish(kResolution, id, &CaseCommands::resolutionData); }
};

} // namespace

bool CaseCommands::handles(const QString &kind)
{
    static const QStringList kinds {
        QStringLiteral("case.open"),         QStringLiteral("case.attach"),
        QStringLiteral("case.close"),        QStringLiteral("case.reopen"),
        QStringLiteral("resolution.assign"), QStringLiteral("resolution.complete"),
        QStringLiteral("resolution.cancel")};
    return kinds.contains(kind);
}

Result<CommandEffect> CaseCommands::apply(ServiceContext &context, const QSqlDatabase &db,
                                          const Session &session, const SyncCommand &command,
                                          const QDateTime &now)
{
    const QJsonObject &payload = command.payload;
    Publisher publish(db, now);
    const QString &kind = command.kind;
    if (kind == QLatin1String("case.open")) {
        auto opened
            = CaseService(context).open(session, text(payload, "registration_id"), text(payload, "title"));
        if (!opened)
            return opened.error();
        DMS_TRY(publish.caseFile(opened->id));
        DMS_TRY(publish.registration(opened->baseRegistrationId));
        return publish.done(
            {{QStringLiteral("case_id"), opened->id}, {QStringLiteral("base_index"), opened->baseIndex}});
    }
    if (kind == QLatin1String("case.attach")) {
        const QString caseId = text(payload, "case_id");
        const QString documentId = text(payload, "document_id");
        DMS_TRY(CaseService(context).attachDocument(session, caseId, documentId));
        DMS_TRY(publish.caseFile(caseId));
        DMS_TRY(publish.registrationOfDocument(documentId));
        return publish.done(
            {{QStringLiteral("case_id"), caseId}, {QStringLiteral("document_id"), documentId}});
    }
    if (kind == QLatin1String("case.close") || kind == QLatin1String("case.reopen")) {
        const QString caseId = text(payload, "case_id");
        CaseService cases(context);
        DMS_TRY(kind == QLatin1String("case.close") ? cases.close(session, caseId, text(payload, "note"))
                                                    : cases.reopen(session, caseId, text(payload, "note")));
        DMS_TRY(publish.caseFile(caseId));
        return publish.done({{QStringLiteral("case_id"), caseId}});
    }
    if (kind == QLatin1String("resolution.assign")) {
        auto request = resolutionFrom(payload);
        if (!request)
            return request.error();
        auto assigned = ResolutionService(context).assign(session, *request);
        if (!assigned)
            return assigned.error();
        DMS_TRY(publish.resolution(assigned->id));
        QJsonObject result {{QStringLiteral("resolution_id"), assigned->id}};
        if (assigned->deadline.isValid())
            result.insert(QStringLiteral("deadline"), assigned->deadline.toString(Qt::ISODate));
        return publish.done(result);
    }
    if (kind == QLatin1String("resolution.complete") || kind == QLatin1String("resolution.cancel")) {
        const QString id = text(payload, "resolution_id");
        ResolutionService resolutions(context);
        DMS_TRY(kind == QLatin1String("resolution.complete")
                    ? resolutions.complete(session, id, text(payload, "note"))
                    : resolutions.cancel(session, id, text(payload, "reason")));
        DMS_TRY(publish.resolution(id));
        return publish.done({{QStringLiteral("resolution_id"), id}});
    }
    return makeError(ErrorCode::InvalidInput, Tr::tr("Unknown command kind."), kind);
}

Result<QJsonObject> CaseCommands::caseData(const QSqlDatabase &db, const QString &caseId,
                                           QString *accessLevel)
{
    auto row = Sql::exec(
        db,
        QStringLiteral(
            "SELECT c.id, c.base_registration_id, b.reg_index, c.title, c.status, c.opened_at,"
            " c.closed_at, c.created_by, (SELECT COUNT(*) FROM case_document n WHERE n.case_id = c.id),"
            " d.access_level FROM case_file c JOIN registration b ON b.id = c.base_registration_id"
            " JOIN document d ON d.id = b.document_id WHERE c.id = ?"),
        {caseId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such case file."), caseId);
    QJsonObject data {{QStringLiteral("id"), row->value(0).toString()},
                      {QStringLiteral("base_registration_id"), row->value(1).toString()},
                      {QStringLiteral("base_index"), row->value(2).toString()},
                      {QStringLiteral("title"), row->value(3).toString()},
                      {QStringLiteral("status"), row->value(4).toString()},
                      {QStringLiteral("opened_at"), row->value(5).toString()},
                      {QStringLiteral("created_by"), row->value(7).toString()},
                      {QStringLiteral("document_count"), row->value(8).toInt()}};
    if (!row->isNull(6))
        data.insert(QStringLiteral("closed_at"), row->value(6).toString());
    // So that a desk keeps hiding it from a later user who may not read restricted documents.
    data.insert(QStringLiteral("access_level"), row->value(9).toString());
    if (accessLevel)
        *accessLevel = row->value(9).toString();
    return data;
}

Result<QJsonObject> CaseCommands::resolutionData(const QSqlDatabase &db, const QString &resolutionId,
                                                 QString *accessLevel)
{
    auto row = Sql::exec(
        db,
        QStringLiteral(
            "SELECT r.id, r.document_id, g.id, g.reg_index, r.author_id, r.executor_id, r.instruction,"
            " r.deadline, r.status, r.created_at, r.completed_at, r.completion_note, d.access_level"
            " FROM resolution r JOIN document d ON d.id = r.document_id"
            " LEFT JOIN registration g ON g.document_id = r.document_id WHERE r.id = ?"),
        {resolutionId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such resolution."), resolutionId);
    QJsonObject data {{QStringLiteral("id"), row->value(0).toString()},
                      {QStringLiteral("document_id"), row->value(1).toString()},
                      {QStringLiteral("registration_id"), row->value(2).toString()},
                      {QStringLiteral("document_index"), row->value(3).toString()},
                      {QStringLiteral("author_id"), row->value(4).toString()},
                      {QStringLiteral("executor_id"), row->value(5).toString()},
                      {QStringLiteral("instruction"), row->value(6).toString()},
                      {QStringLiteral("status"), row->value(8).toString()},
                      {QStringLiteral("created_at"), row->value(9).toString()}};
    if (!row->isNull(7))
        data.insert(QStringLiteral("deadline"), row->value(7).toString());
    if (!row->isNull(10))
        data.insert(QStringLiteral("completed_at"), row->value(10).toString());
    if (!row->isNull(11))
        data.insert(QStringLiteral("completion_note"), row->value(11).toString());
    data.insert(QStringLiteral("access_level"), row->value(12).toString());
    if (accessLevel)
        *accessLevel = row->value(12).toString();
    row->finish();
    auto parties = Sql::exec(
        db,
        QStringLiteral("SELECT user_id FROM resolution_coexecutor WHERE resolution_id = ? ORDER BY user_id"),
        {resolutionId});
    if (!parties)
        return parties.error();
    QJsonArray coExecutors;
    while (parties->next())
        coExecutors.append(parties->value(0).toString());
    data.insert(QStringLiteral("co_executor_ids"), coExecutors);
    return data;
}

} // namespace dms
