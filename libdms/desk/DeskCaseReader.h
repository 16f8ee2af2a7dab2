// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/CaseFile.h"
#include "domain/Resolution.h"

#include <QDate>
#include <QList>

namespace dms {

class Database;

/** A user a resolution can name, as the desk knows it (entity "user"). */
struct DeskUser
{
    QString id;
    QString login;
    QString fullName;
};

/** Case files and resolutions as a desk knows them (the tables DeskCaseReplica
 *  keeps): the case tree, the resolutions of a document, My tasks and the
 *  overdue list. Every call needs Permission::ReadDocuments; case files and
 *  resolutions of restricted documents only for sessions that may read them.
 *  Thread-safe (one connection per thread). */
class DeskCaseReader
{
public:
    explicit DeskCaseReader(Database &local);

    /** The case files, open ones first, newest first, at most `limit`; without documents. */
    Result<QList<CaseFile>> cases(const Session &session, int limit = 1000);
    /** One case file with its registrations (base first, then by time). NotFound when unknown. */
    Result<CaseFile> caseFile(const Session &session, const QString &caseId);
    /** The resolutions on a document, oldest first. */
    Result<QList<Resolution>> resolutionsFor(const Session &session, const QString &documentId);
    /** The open resolutions `userId` executes or co-executes, earliest deadline
     *  first (those without one last). */
    Result<QList<Resolution>> myTasks(const Session &session, const QString &userId);
    /** The open resolutions with a deadline before `asOf`, earliest first. */
    Result<QList<Resolution>> overdue(const Session &session, const QDate &asOf);
    /** The active users, by name. */
    Result<QList<DeskUser>> users();

private:
    Result<QList<Resolution>> resolutions(const Session &session, const QString &condition,
                                          const QVariantList &params, const QString &order);
    Database &m_local;
};

} // namespace dms
