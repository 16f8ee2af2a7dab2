// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/CaseFile.h"
#include "storage/SqlStatement.h"

#include <QList>

namespace dms {

struct ServiceContext;

/** Case files (преписки). RegistrationService opens them (a registration with
 *  openCase) and adds follow-ups to them; this service reads them, closes and
 *  reopens them and attaches documents registered elsewhere.
 *
 *  Reading needs Permission::ReadDocuments; the subjects of restricted documents
 *  are hidden from readers without Permission::ReadRestricted. Changes need
 *  Permission::ManageCases and are journalled (entity "case"). A document
 *  belongs to at most one case file. Thread-safe: each call uses the calling
 *  thread's connection. */
class CaseService
{
public:
    explicit CaseService(ServiceContext &context);

    /** A case document from a row whose first eight columns are document id,
     *  registration id, index, kind, subject, access level, registration status
     *  and registration time; the subject is hidden from sessions that may not
     *  read restricted documents. Shared with the desk's replica reader. */
    static CaseDocument documentFromRow(const SqlStatement &row, bool mayReadRestricted);

    /** The case file with its documents. NotFound when there is none. */
    Result<CaseFile> get(const Session &session, const QString &caseId);
    /** The case file opened by the registration with this index (the base index,
     *  e.g. "СОА20-ДИ05-1/08.09.2020"), with its documents. */
    Result<CaseFile> findByIndex(const Session &session, const QString &baseIndex);
    /** The open case files, oldest first, without their documents. */
    Result<QList<CaseFile>> openCases(const Session &session);

    /** Opens a case file on an already registered document: its registration
     *  becomes the base. The title defaults to the document's subject. InvalidState
     *  when the registration is annulled; AlreadyExists (naming the case) when the
     *  document already belongs to a case file; NotFound for an unknown
     *  registration. Journalled as "case.open". */
    Result<CaseFile> open(const Session &session, const QString &registrationId, const QString &title);

    /** Closes an open case file. InvalidState when it is already closed or when
     *  a resolution on one of its documents is still open. The optional note is
     *  kept in the journal. */
    Status close(const Session &session, const QString &caseId, const QString &note);
    /** Reopens a closed case file; InvalidState when it is open. */
    Status reopen(const Session &session, const QString &caseId, const QString &note);
    /** Adds a registered document that is in no case file yet to an open case
     *  file. AlreadyExists (naming the case) when the document already belongs to
     *  a case file; InvalidState when the case is closed or the document's
     *  registration is annulled; NotFound for an unknown case or document. */
    Status attachDocument(const Session &session, const QString &caseId, const QString &documentId);

    static constexpr int kMaxNoteLength = 1000;
    static constexpr int kMaxTitleLength = 1000;

private:
    Result<CaseFile> load(const Session &session, const QString &condition, const QString &value);
    Status setStatus(const Session &session, const QString &caseId, const QString &note, CaseStatus to);
    ServiceContext &m_context;
};

} // namespace dms
