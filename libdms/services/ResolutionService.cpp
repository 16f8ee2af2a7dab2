// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/ResolutionService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "domain/Vocabulary.h"
#include "services/CalendarService.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QSet>

namespace dms {

namespace {

const QString kSelect = QStringLiteral(
    "SELECT r.id, r.document_id, g.reg_index, r.author_id, r.executor_id, r.instruction, r.deadline,"
    " r.status, r.created_at, r.completed_at, r.completion_note FROM resolution r"
    " LEFT JOIN registration g ON g.document_id = r.document_id ");

Resolution resolutionFrom(const QSqlQuery &row)
{
    Resolution resolution;
    resolution.id = row.value(0).toString();
    resolution.documentId = row.value(1).toString();
    resolution.documentIndex = row.value(2).toString();
    resolution.authorId = row.value(3).toString();
    resolution.executorId = row.value(4).toString();
    resolution.instruction = row.value(5).toString();
    if (!row.value(6).isNull())
        resolution.deadline = QDate::fromString(row.value(6).toString(), Qt::ISODate);
    resolution.status = resolutionStatusFromName(row.value(7).toString()).value_or(ResolutionStatus::Open);
    resolution.createdAt = Sql::toDateTime(row.value(8));
    resolution.completedAt = Sql::toDateTime(row.value(9));
    resolution.completionNote = row.value(10).toString();
    return resolution;
}

/** The login of an active user, for messages; InvalidInput when inactive. With
 *  mustExecute, also InvalidInput when none of the user's roles may execute. */
Result<QString> activeUser(const QSqlDatabase &db, const QString &userId, bool mustExecute)
{
    auto user = Sql::exec(db, QStringLiteral("SELECT login, active FROM app_user WHERE id = ?"), {userId});
    if (!user)
        return user.error();
    if (!user->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such user."), userId);
    const QString login = user->value(0).toString();
    if (user->value(1).toInt() != 1)
        return makeError(ErrorCode::InvalidInput, Tr::tr("%1 is not an active user.").arg(login), userId);
    user->finish();
    if (!mustExecute)
        return login;
    auto roles = Sql::exec(db, QStringLiteral("SELECT role FROM user_role WHERE user_id = ?"), {userId});
    if (!roles)
        return roles.error();
    while (roles->next()) {
        const auto role = roleFromName(roles->value(0).toString());
        if (role && roleGrants(*role, Permission::ExecuteResolution))
            return login;
    }
    return makeError(ErrorCode::InvalidInput, Tr::tr("%1 may not execute resolutions.").arg(login), userId);
}

Status validate(const NewResolution &request)
{
    const QString instruction = request.instruction.trimmed();
    if (instruction.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The instruction is required."));
    if (instruction.size() > ResolutionService::kMaxInstructionLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The instruction is too long (at most %1 characters).")
                             .arg(ResolutionService::kMaxInstructionLength));
    if (request.documentId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose a document."));
    if (request.executorId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose an executor."));
    if (request.coExecutorIds.size() > ResolutionService::kMaxCoExecutors)
        return makeError(ErrorCode::InvalidInput, Tr::tr("Too many co-executors."));
    QSet<QString> seen;
    for (const QString &id : request.coExecutorIds) {
        if (id.isEmpty())
            return makeError(ErrorCode::InvalidInput, Tr::tr("A co-executor is not chosen."));
        if (id == request.executorId)
            return makeError(ErrorCode::InvalidInput, Tr::tr("The executor cannot also be a co-executor."),
                             id);
        if (seen.contains(id))
            return makeError(ErrorCode::InvalidInput, Tr::tr("A co-executor is named twice."), id);
        seen.insert(id);
    }
    if (request.deadline.isValid() && request.workingDays)
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("Give the deadline either as a date or as a number of working days, not both."));
    if (request.workingDays
        && (*request.workingDays < 1 || *request.workingDays > ResolutionService::kMaxWorkingDays))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The number of working days must be between 1 and %1.")
                             .arg(ResolutionService::kMaxWorkingDays));
    return {};
}

Status validateNote(const QString &note)
{
    if (note.size() > ResolutionService::kMaxNoteLength)
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("The text is too long (at most %1 characters).").arg(ResolutionService::kMaxNoteLength));
    return {};
}

struct Current
{
    QString authorId;
    QString executorId;
    QString status;
};

Result<Current> current(const QSqlDatabase &db, const QString &resolutionId)
{
    auto row
        = Sql::exec(db, QStringLiteral("SELECT author_id, executor_id, status FROM resolution WHERE id = ?"),
                    {resolutionId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such resolution."), resolutionId);
    return Current {row->value(0).toString(), row->value(1).toString(), row->value(2).toString()};
}

Status requireOpen(const Current &resolution, const QString &resolutionId)
{
    if (resolution.status == toName(ResolutionStatus::Done))
        return makeError(ErrorCode::InvalidState, Tr::tr("This resolution is already done."), resolutionId);
    if (resolution.status != toName(ResolutionStatus::Open))
        return makeError(ErrorCode::InvalidState, Tr::tr("This resolution is cancelled."), resolutionId);
    return {};
}

bool isAdministrator(const Session &session)
{
    return session.isValid() && session.roles.contains(Role::Administrator);
}

} // namespace

ResolutionService::ResolutionService(ServiceContext &context)
    : m_context(context)
{ }

QDate ResolutionService::today() const
{
    return m_context.clock.now().toTimeZone(m_context.timeZone).date();
}

Result<Resolution> ResolutionService::assign(const Session &session, const NewResolution &request)
{
    DMS_TRY(session.require(Permission::AssignResolution));
    DMS_TRY(validate(request));
    const QDate localToday = today();
    if (request.deadline.isValid() && request.deadline < localToday)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The deadline is in the past."),
                         request.deadline.toString(Qt::ISODate));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();

    auto document
        = Sql::exec(db,
                    QStringLiteral("SELECT g.reg_index, g.status FROM document d"
                                   " LEFT JOIN registration g ON g.document_id = d.id WHERE d.id = ?"),
                    {request.documentId});
    if (!document)
        return document.error();
    if (!document->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such document."), request.documentId);
    const QString index = document->value(0).toString();
    if (!document->value(1).isNull() && document->value(1).toString() != toName(RegistrationStatus::Active))
        return makeError(ErrorCode::InvalidState, Tr::tr("The registration of this document is annulled."),
                         index);
    document->finish();

    auto executor = activeUser(db, request.executorId, true);
    if (!executor)
        return executor.error();
    QStringList coExecutors = request.coExecutorIds;
    coExecutors.sort();
    for (const QString &id : std::as_const(coExecutors)) {
        auto user = activeUser(db, id, false);
        if (!user)
            return user.error();
    }

    QDate deadline = request.deadline;
    if (request.workingDays) {
        auto calendar = CalendarService::load(db);
        if (!calendar)
            return calendar.error();
        deadline = calendar->addWorkingDays(localToday, *request.workingDays);
    }

    const QDateTime now = m_context.clock.now().toUTC();
    Resolution resolution;
    resolution.id = Ids::create(now);
    resolution.documentId = request.documentId;
    resolution.documentIndex = index;
    resolution.authorId = session.userId;
    resolution.executorId = request.executorId;
    resolution.coExecutorIds = coExecutors;
    resolution.instruction = request.instruction.trimmed();
    resolution.deadline = deadline;
    resolution.createdAt = now;

    auto inserted = Sql::exec(
        db,
        QStringLiteral(
            "INSERT INTO resolution (id, document_id, author_id, executor_id, instruction, deadline,"
            " status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)"),
        {resolution.id, resolution.documentId, resolution.authorId, resolution.executorId,
         resolution.instruction, deadline.isValid() ? QVariant(deadline.toString(Qt::ISODate)) : Sql::null(),
         now.toString(Qt::ISODateWithMs)});
    if (!inserted)
        return inserted.error();
    for (const QString &id : std::as_const(coExecutors)) {
        auto added = Sql::exec(
            db, QStringLiteral("INSERT INTO resolution_coexecutor (resolution_id, user_id) VALUES (?, ?)"),
            {resolution.id, id});
        if (!added)
            return added.error();
    }

    QJsonObject details {{QStringLiteral("documentId"), resolution.documentId},
                         {QStringLiteral("index"), index},
                         {QStringLiteral("executorId"), resolution.executorId},
                         {QStringLiteral("coExecutorIds"), QJsonArray::fromStringList(coExecutors)}};
    if (deadline.isValid())
        details.insert(QStringLiteral("deadline"), deadline.toString(Qt::ISODate));
    if (request.workingDays)
        details.insert(QStringLiteral("workingDays"), *request.workingDays);
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("resolution.assign"),
                                             QStringLiteral("resolution"), resolution.id, details}));
    DMS_TRY(tx->commit());
    return resolution;
}

Status ResolutionService::complete(const Session &session, const QString &resolutionId, const QString &note)
{
    DMS_TRY(session.require(Permission::ExecuteResolution));
    const QString text = note.trimmed();
    DMS_TRY(validateNote(text));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto resolution = current(tx->connection(), resolutionId);
    if (!resolution)
        return resolution.error();
    if (resolution->executorId != session.userId && !isAdministrator(session))
        return makeError(
            ErrorCode::PermissionDenied,
            Tr::tr("Only the executor or an administrator may complete this resolution."),
            QStringLiteral("user '%1' is not the executor of %2").arg(session.login, resolutionId));
    DMS_TRY(requireOpen(*resolution, resolutionId));

    return closeOpen(*tx, session, resolutionId, QStringLiteral("done"), Sql::textOrNull(text),
                     AuditEvent {QStringLiteral("resolution.complete"),
                                 QStringLiteral("resolution"),
                                 resolutionId,
                                 {{QStringLiteral("hasNote"), !text.isEmpty()}}});
}

Status ResolutionService::cancel(const Session &session, const QString &resolutionId, const QString &reason)
{
    if (!session.isValid())
        return session.require(Permission::AssignResolution);
    const QString why = reason.trimmed();
    if (why.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Give the reason for the cancellation."));
    DMS_TRY(validateNote(why));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto resolution = current(tx->connection(), resolutionId);
    if (!resolution)
        return resolution.error();
    const bool author = resolution->authorId == session.userId && session.can(Permission::AssignResolution);
    if (!author && !isAdministrator(session))
        return makeError(
            ErrorCode::PermissionDenied,
            Tr::tr("Only the author or an administrator may cancel this resolution."),
            QStringLiteral("user '%1' is not the author of %2").arg(session.login, resolutionId));
    DMS_TRY(requireOpen(*resolution, resolutionId));

    return closeOpen(*tx, session, resolutionId, QStringLiteral("cancelled"), why,
                     AuditEvent {QStringLiteral("resolution.cancel"),
                                 QStringLiteral("resolution"),
                                 resolutionId,
                                 {{QStringLiteral("reason"), why}}});
}

Status ResolutionService::closeOpen(Transaction &tx, const Session &session, const QString &resolutionId,
                                    const QString &status, const QVariant &note, const AuditEvent &event)
{
    const QDateTime now = m_context.clock.now().toUTC();
    auto updated = Sql::exec(tx.connection(),
                             QStringLiteral("UPDATE resolution SET status = ?, completed_at = ?,"
                                            " completion_note = ? WHERE id = ? AND status = 'open'"),
                             {status, Sql::toText(now), note, resolutionId});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::InvalidState, Tr::tr("This resolution is no longer open."), resolutionId);
    DMS_TRY(AuditJournal::append(tx, session.login, now, event));
    return tx.commit();
}

Result<QList<Resolution>> ResolutionService::select(const QString &condition, const QVariantList &params,
                                                    const QString &order)
{
    auto tx = Transaction::begin(m_context.database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    auto rows = Sql::exec(tx->connection(), kSelect + condition + order, params);
    if (!rows)
        return rows.error();
    QList<Resolution> resolutions;
    QHash<QString, qsizetype> positions;
    while (rows->next()) {
        positions.insert(rows->value(0).toString(), resolutions.size());
        resolutions.append(resolutionFrom(*rows));
    }
    rows->finish();
    if (resolutions.isEmpty())
        return resolutions;
    auto coExecutors
        = Sql::exec(tx->connection(),
                    QStringLiteral("SELECT rc.resolution_id, rc.user_id FROM resolution_coexecutor rc"
                                   " JOIN resolution r ON r.id = rc.resolution_id ")
                        + condition + QStringLiteral(" ORDER BY rc.user_id"),
                    params);
    if (!coExecutors)
        return coExecutors.error();
    while (coExecutors->next()) {
        const auto found = positions.constFind(coExecutors->value(0).toString());
        if (found != positions.constEnd())
            resolutions[*found].coExecutorIds.append(coExecutors->value(1).toString());
    }
    coExecutors->finish();
    DMS_TRY(tx->commit());
    return resolutions;
}

Result<Resolution> ResolutionService::find(const QString &resolutionId)
{
    auto found = select(QStringLiteral("WHERE r.id = ?"), {resolutionId}, {});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return makeError(ErrorCode::NotFound, Tr::tr("No such resolution."), resolutionId);
    return found->first();
}

Result<QList<Resolution>> ResolutionService::forDocument(const QString &documentId)
{
    return select(QStringLiteral("WHERE r.document_id = ?"), {documentId},
                  QStringLiteral(" ORDER BY r.created_at, r.id"));
}

Result<QList<Resolution>> ResolutionService::myTasks(const Session &session)
{
    if (!session.isValid())
        return session.require(Permission::ReadDocuments).error();
    return select(QStringLiteral("WHERE r.status = 'open' AND (r.executor_id = ? OR EXISTS (SELECT 1 FROM"
                                 " resolution_coexecutor x WHERE x.resolution_id = r.id AND x.user_id = ?))"),
                  {session.userId, session.userId},
                  QStringLiteral(" ORDER BY CASE WHEN r.deadline IS NULL THEN 1 ELSE 0 END, r.deadline,"
                                 " r.created_at, r.id"));
}

Result<QList<Resolution>> ResolutionService::overdue(const Session &session, const QDate &asOf)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    if (!asOf.isValid())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The date is not valid."));
    return select(QStringLiteral("WHERE r.status = 'open' AND r.deadline IS NOT NULL AND r.deadline < ?"),
                  {asOf.toString(Qt::ISODate)}, QStringLiteral(" ORDER BY r.deadline, r.created_at, r.id"));
}

} // namespace dms
