// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "eservices/ServiceApplication.h"

#include <QByteArray>

namespace dms {

struct ServiceContext;
class AttachmentVerifier;
class BlobStore;
struct AdministrativeService;

/** Applications for administrative services: intake from the e-service portal,
 *  status changes by the office and the citizen's status check.
 *
 *  A submission is validated (known active service, required attachments,
 *  signatures), registered in the service's incoming register with a new case
 *  file, its attachments stored as the document's files, its deadline started
 *  (working days from the day of receipt) and a "received" event written, all
 *  in one transaction. It is idempotent on the client reference: the same
 *  reference with the same body (its SHA-256) gets the same receipt again, with
 *  another body Conflict. The access code is returned once and stored only as a
 *  salted hash. Thread-safe: each call uses the calling thread's connection. */
class ApplicationService
{
public:
    /** `blobs` stores the attachments (none are accepted without it);
     *  `verifier` checks signed attachments (signed ones are refused without it). */
    ApplicationService(ServiceContext &context, BlobStore *blobs, const AttachmentVerifier *verifier);

    /** Failures: InvalidInput with the field in the detail ("service",
     *  "attachments", "attachments[2].signature", …), Conflict for a client
     *  reference used with another body, PermissionDenied without
     *  Permission::RegisterDocument. */
    Result<ApplicationReceipt> submit(const Session &session, const ApplicationRequest &request,
                                      const QByteArray &requestSha256);
    /** Moves the application registered under `registrationIndex` to `to`
     *  (Permission::ManageCases): waiting for the applicant stops the deadline and
     *  keeps the working days left; leaving it resumes with them. InvalidState for
     *  a change canChange() refuses; journalled. */
    Status changeStatus(const Session &session, const QString &registrationIndex, ApplicationStatus to);
    /** The status for the citizen. NotFound with the same message and detail
     *  whether the index is unknown or the code is wrong; the code is compared in
     *  constant time. */
    Result<PublicApplicationStatus> publicStatus(const QString &registrationIndex, const QString &accessCode);

private:
    Result<ApplicationReceipt> repeated(const QString &clientReference, const QByteArray &requestSha256);
    Status checkAttachments(const ApplicationRequest &request, const AdministrativeService &service) const;

    ServiceContext &m_context;
    BlobStore *m_blobs;
    const AttachmentVerifier *m_verifier;
};

} // namespace dms
