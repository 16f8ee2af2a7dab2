// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/Registration.h"

namespace dms {

struct ServiceContext;

/** Registers documents: the one place where registration numbers are issued.
 *
 *  A registration creates the document, takes the next number of its register
 *  and year from the counter row (or the next follow-up number of a case file),
 *  writes the entry, indexes the document for search and journals the change,
 *  all in one transaction: a number is either issued with its entry or not at
 *  all, so numbering has no gaps and no duplicates under any concurrency. The
 *  time and date come from the service's clock. Entries are never deleted or
 *  renumbered; annul() marks one void with a reason. Thread-safe: each call
 *  uses the calling thread's connection. */
class RegistrationService
{
public:
    explicit RegistrationService(ServiceContext &context);

    Result<Registration> registerDocument(const Session &session, const NewRegistration &request);
    Status annul(const Session &session, const QString &registrationId, const QString &reason);

    Result<Registration> find(const QString &registrationId);
    Result<Registration> findByIndex(const QString &index);
    Result<Registration> findByDocument(const QString &documentId);

    /** Limits on what a clerk may type, shared with the forms. */
    static constexpr int kMaxSubjectLength = 1000;
    static constexpr int kMaxKindLength = 100;
    static constexpr int kMaxPages = 100000;
    static constexpr int kMaxReasonLength = 1000;
    static constexpr int kMaxTextLength = 10 * 1024 * 1024;

    /** Checks a draft without touching the database. */
    static Status validate(const DocumentDraft &draft);

private:
    Result<Registration> findWhere(const QString &condition, const QVariant &value);
    ServiceContext &m_context;
};

} // namespace dms
