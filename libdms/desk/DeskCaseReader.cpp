// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskCaseReader.h"

#include "core/Tr.h"
#include "services/CaseService.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <algorithm>

namespace dms {

namespace {

const QString kResolutionColumns = QStringLiteral(
    "SELECT r.id, r.document_id, r.document_index, r.author_id, r.executor_id, r.instruction,"
    " r.deadline, r.status, r.created_at, r.completed_at, r.completion_note,"
    " (SELECT GROUP_CONCAT(p.user_id, ' ') FROM desk_resolution_party p"
    " WHERE p.resolution_id = r.id AND p.executor = 0) FROM desk_resolution r ");

const QString kCaseColumns
    = QStringLiteral("SELECT c.id, c.base_registration_id, c.base_index, c.title, c.status, c.opened_at,"
                     " c.closed_at, c.created_by, c.document_count FROM desk_case_file c ");

QString restrictedFilter(const Session &session, const QString &alias)
{
    return session.can(Permission::ReadRestricted)
        ? QString()
        : QStringLiteral(" AND %1.access_level <> 'restricted'").arg(alias);
}

CaseFile caseFrom(const QSqlQuery &row)
{
    CaseFile file;
    file.id = row.value(0).toString();
    file.baseRegistrationId = row.value(1).toString();
    file.baseIndex = row.value(2).toString();
    file.title = row.value(3).toString();
    file.status = caseStatusFromName(row.value(4).toString()).value_or(CaseStatus::Open);
    file.openedAt = Sql::toDateTime(row.value(5));
    file.closedAt = Sql::toDateTime(row.value(6));
    file.createdBy = row.value(7).toString();
    file.documentCount = row.value(8).toInt();
    return file;
}

Resolution resolutionFrom(const QSqlQuery &row)
{
    Resolution r;
    r.id = row.value(0).toString();
    r.documentId = row.value(1).toString();
    r.documentIndex = row.value(2).toString();
    r.authorId = row.value(3).toString();
    r.executorId = row.value(4).toString();
    r.instruction = row.value(5).toString();
    if (!row.value(6).isNull())
        r.deadline = QDate::fromString(row.value(6).toString(), Qt::ISODate);
    r.status = resolutionStatusFromName(row.value(7).toString()).value_or(ResolutionStatus::Open);
    r.createdAt = Sql::toDateTime(row.value(8));
    r.completedAt = Sql::toDateTime(row.value(9));
    r.completionNote = row.value(10).toString();
    r.coExecutorIds = row.value(11).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    r.coExecutorIds.sort();
    return r;
}

} // namespace

DeskCaseReader::DeskCaseReader(Database &local)
    : m_local(local)
{ }

Result<QList<CaseFile>> DeskCaseReader::cases(const Session &session, int limit)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(
        *db,
        kCaseColumns + QStringLiteral("WHERE 1 = 1") + restrictedFilter(session, QStringLiteral("c"))
            + QStringLiteral(" ORDER BY c.status = 'closed', c.opened_at DESC, c.id DESC LIMIT ?"),
        {std::max(limit, 1)});
    if (!rows)
        return rows.error();
    QList<CaseFile> files;
    while (rows->next())
        files.append(caseFrom(*rows));
    return files;
}

Result<CaseFile> DeskCaseReader::caseFile(const Session &session, const QString &caseId)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(
        *db, kCaseColumns + QStringLiteral("WHERE c.id = ?") + restrictedFilter(session, QStringLiteral("c")),
        {caseId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such case file."), caseId);
    CaseFile file = caseFrom(*row);
    row->finish();
    auto documents = Sql::exec(
        *db,
        QStringLiteral("SELECT r.document_id, r.id, r.reg_index, r.kind, r.subject, r.access_level, r.status,"
                       " r.registered_at FROM desk_registration r WHERE r.case_id = ? AND r.pending = 0"
                       " ORDER BY r.id <> ?, r.registered_at, r.id"),
        {caseId, file.baseRegistrationId});
    if (!documents)
        return documents.error();
    const bool mayReadRestricted = session.can(Permission::ReadRestricted);
    while (documents->next()) {
        const CaseDocument document = CaseService::documentFromRow(*documents, mayReadRestricted);
        file.documents.append(document);
    }
    return file;
}

Result<QList<Resolution>> DeskCaseReader::resolutions(const Session &session, const QString &condition,
                                                      const QVariantList &params, const QString &order)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          kResolutionColumns + QStringLiteral("WHERE ") + condition
                              + restrictedFilter(session, QStringLiteral("r")) + QStringLiteral(" ORDER BY ")
                              + order,
                          params);
    if (!rows)
        return rows.error();
    QList<Resolution> list;
    while (rows->next())
        list.append(resolutionFrom(*rows));
    return list;
}

Result<QList<Resolution>> DeskCaseReader::resolutionsFor(const Session &session, const QString &documentId)
{
    return resolutions(session, QStringLiteral("r.document_id = ?"), {documentId},
                       QStringLiteral("r.created_at, r.id"));
}

Result<QList<Resolution>> DeskCaseReader::myTasks(const Session &session, const QString &userId)
{
    return resolutions(session,
                       QStringLiteral("r.status = 'open' AND r.id IN (SELECT p.resolution_id FROM"
                                      " desk_resolution_party p WHERE p.user_id = ?)"),
                       {userId}, QStringLiteral("r.deadline IS NULL, r.deadline, r.created_at, r.id"));
}

Result<QList<Resolution>> DeskCaseReader::overdue(const Session &session, const QDate &asOf)
{
    if (!asOf.isValid())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The date is not valid."));
    return resolutions(session,
                       QStringLiteral("r.status = 'open' AND r.deadline IS NOT NULL AND r.deadline < ?"),
                       {asOf.toString(Qt::ISODate)}, QStringLiteral("r.deadline, r.created_at, r.id"));
}

Result<QList<DeskUser>> DeskCaseReader::users()
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(
        *db,
        QStringLiteral(
            "SELECT id, login, full_name FROM desk_user WHERE active = 1 ORDER BY full_name, login"));
    if (!rows)
        return rows.error();
    QList<DeskUser> users;
    while (rows->next())
        users.append({rows->value(0).toString(), rows->value(1).toString(), rows->value(2).toString()});
    return users;
}

} // namespace dms
