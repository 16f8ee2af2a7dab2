// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/ApplicationService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "eservices/AccessCode.h"
#include "eservices/ApplicationDeadline.h"
#include "eservices/AttachmentVerifier.h"
#include "eservices/ServiceCatalogue.h"
#include "services/CalendarService.h"
#include "services/CorrespondentService.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QBuffer>
#include <QSet>

namespace dms {

namespace {

Error fieldError(const QString &message, const QString &field)
{
    return makeError(ErrorCode::InvalidInput, message, field);
}

Error notFoundForCitizen()
{
    // One answer for an unknown index and a wrong code, so neither can be probed.
    return makeError(ErrorCode::NotFound,
                     Tr::tr("No application matches this registration index and access code."));
}

QString dateText(const QDate &date)
{
    return date.isValid() ? date.toString(Qt::ISODate) : QString();
}

Status addEvent(Transaction &tx, const QString &applicationId, ApplicationStatus status, const QDateTime &at,
                const QString &actorId, const QDate &deadline)
{
    auto inserted
        = Sql::exec(tx.connection(),
                    QStringLiteral("INSERT INTO eservice_status_event (id, application_id, status, at,"
                                   " actor, deadline) VALUES (?, ?, ?, ?, ?, ?)"),
                    {Ids::create(at), applicationId, toName(status), Sql::toText(at), actorId,
                     Sql::textOrNull(dateText(deadline))});
    if (!inserted)
        return inserted.error();
    return {};
}

/** The applicant as a correspondent: the existing one with this ЕГН/ЕИК, else a new one. */
Result<QString> correspondentFor(ServiceContext &context, const Session &session, const Applicant &applicant)
{
    CorrespondentService correspondents(context);
    const QString identifier = applicant.kind == Applicant::Kind::Citizen ? applicant.egn : applicant.eik;
    auto found = correspondents.findByIdentifier(session, identifier);
    if (found)
        return found->id;
    if (found.error().code != ErrorCode::NotFound)
        return found.error();
    Correspondent correspondent;
    correspondent.kind = applicant.kind == Applicant::Kind::Citizen ? CorrespondentKind::Citizen
                                                                    : CorrespondentKind::Company;
    correspondent.name = applicant.name;
    correspondent.egn = applicant.egn;
    correspondent.eik = applicant.eik;
    correspondent.email = applicant.email;
    auto created = correspondents.create(session, correspondent);
    if (!created)
        return makeError(ErrorCode::InvalidInput, created.error().message, QStringLiteral("applicant"));
    return created->id;
}

} // namespace

ApplicationService::ApplicationService(ServiceContext &context, BlobStore *blobs,
                                       const AttachmentVerifier *verifier)
    : m_context(context)
    , m_blobs(blobs)
    , m_verifier(verifier)
{ }

Result<ApplicationReceipt> ApplicationService::repeated(const QString &clientReference,
                                                        const QByteArray &requestSha256)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows
        = Sql::exec(*db,
                    QStringLiteral("SELECT a.id, a.request_sha256, a.access_salt, a.replay_code, r.reg_index,"
                                   " a.received_at, s.deadline_working_days"
                                   " FROM eservice_application a"
                                   " JOIN registration r ON r.id = a.registration_id"
                                   " JOIN eservice s ON s.id = a.service_id WHERE a.client_reference = ?"),
                    {clientReference});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return makeError(ErrorCode::NotFound, Tr::tr("There is no such application."));
    const QByteArray storedSha = rows->value(1).toString().toLatin1();
    if (!AccessCode::equalConstantTime(storedSha, requestSha256))
        return makeError(ErrorCode::Conflict,
                         Tr::tr("This client reference was already used for another application."),
                         QStringLiteral("clientReference"));
    ApplicationReceipt receipt;
    receipt.applicationId = rows->value(0).toString();
    const QByteArray salt = rows->value(2).toString().toLatin1();
    receipt.accessCode = QString::fromLatin1(
        QByteArray::fromHex(AccessCode::mask(salt, requestSha256, rows->value(3).toString().toLatin1())));
    receipt.registrationIndex = rows->value(4).toString();
    rows->finish();
    // The answer of the first submission: its first event holds the initial deadline.
    auto first
        = Sql::exec(*db,
                    QStringLiteral("SELECT deadline FROM eservice_status_event WHERE application_id = ?"
                                   " AND status = 'received'"),
                    {receipt.applicationId});
    if (!first)
        return first.error();
    if (first->next())
        receipt.deadline = QDate::fromString(first->value(0).toString(), Qt::ISODate);
    receipt.status = ApplicationStatus::Received;
    receipt.repeated = true;
    return receipt;
}

Status ApplicationService::checkAttachments(const ApplicationRequest &request,
                                            const AdministrativeService &service) const
{
    QSet<QString> present;
    for (const ApplicationAttachment &attachment : request.attachments)
        present.insert(attachment.type);
    for (const RequiredAttachment &required : service.requiredAttachments) {
        if (!present.contains(required.code))
            return fieldError(Tr::tr("The required attachment \"%1\" is missing.").arg(required.title),
                              QStringLiteral("attachments.") + required.code);
    }
    if (!request.attachments.isEmpty() && !m_blobs)
        return fieldError(Tr::tr("This server cannot store attachments."), QStringLiteral("attachments"));
    for (qsizetype i = 0; i < request.attachments.size(); ++i) {
        const ApplicationAttachment &attachment = request.attachments.at(i);
        const QString field = QStringLiteral("attachments[%1]").arg(i);
        auto name = DocumentService::normalizedFileName(attachment.name);
        if (!name)
            return fieldError(name.error().message, field + QStringLiteral(".name"));
        if (attachment.signature.isEmpty())
            continue;
        if (!m_verifier)
            return fieldError(Tr::tr("Signed attachments cannot be checked by this server."),
                              field + QStringLiteral(".signature"));
        const Status verified = m_verifier->verify(attachment);
        if (!verified)
            return fieldError(verified.error().message, field + QStringLiteral(".signature"));
    }
    return {};
}

Result<ApplicationReceipt> ApplicationService::submit(const Session &session,
                                                      const ApplicationRequest &request,
                                                      const QByteArray &requestSha256)
{
    DMS_TRY(session.require(Permission::RegisterDocument));
    auto earlier = repeated(request.clientReference, requestSha256);
    if (earlier || earlier.error().code != ErrorCode::NotFound)
        return earlier;

    auto service = ServiceCatalogue(m_context).findByIisda(request.serviceIisdaNumber);
    if (!service) {
        if (service.error().code == ErrorCode::NotFound)
            return fieldError(service.error().message, QStringLiteral("service"));
        return service.error();
    }
    if (!service->active)
        return fieldError(Tr::tr("This service is no longer offered."), QStringLiteral("service"));
    DMS_TRY(checkAttachments(request, *service));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto correspondentId = correspondentFor(m_context, session, request.applicant);
    if (!correspondentId)
        return correspondentId.error();
    NewRegistration registration;
    registration.registerId = service->registerId;
    registration.document.kind = QStringLiteral("Заявление");
    registration.document.subject
        = request.subject.isEmpty() ? service->name : service->name + QStringLiteral(": ") + request.subject;
    registration.document.subject.truncate(RegistrationService::kMaxSubjectLength);
    registration.document.correspondentId = *correspondentId;
    registration.document.channel = Channel::EService;
    registration.openCase = true;
    registration.caseTitle = service->name.left(RegistrationService::kMaxSubjectLength);
    auto registered = RegistrationService(m_context).registerDocument(session, registration);
    if (!registered)
        return registered.error();

    if (m_blobs) {
        DocumentService documents(m_context, *m_blobs);
        for (const ApplicationAttachment &attachment : request.attachments) {
            QBuffer content;
            content.setData(attachment.content);
            content.open(QIODevice::ReadOnly);
            auto added = documents.addFile(session, registered->documentId, attachment.name,
                                           attachment.mediaType, content);
            if (!added)
                return added.error();
            if (attachment.signature.isEmpty())
                continue;
            QBuffer signature;
            signature.setData(attachment.signature);
            signature.open(QIODevice::ReadOnly);
            auto signatureAdded
                = documents.addFile(session, registered->documentId, attachment.name + QStringLiteral(".p7s"),
                                    QStringLiteral("application/pkcs7-signature"), signature);
            if (!signatureAdded)
                return signatureAdded.error();
        }
    }

    auto calendar = CalendarService::load(tx->connection());
    if (!calendar)
        return calendar.error();
    const QDateTime now = m_context.clock.now();
    const QDate deadline
        = ApplicationDeadline::start(*calendar, registered->registeredOn, service->deadlineWorkingDays);
    ApplicationReceipt receipt;
    receipt.applicationId = Ids::create(now);
    receipt.registrationIndex = registered->index;
    receipt.accessCode = AccessCode::generate();
    receipt.deadline = deadline;
    const QByteArray salt = AccessCode::newSalt();
    auto inserted = Sql::exec(
        tx->connection(),
        QStringLiteral("INSERT INTO eservice_application (id, service_id, client_reference, request_sha256,"
                       " registration_id, access_salt, access_hash, replay_code, status, deadline,"
                       " remaining_working_days, received_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)"),
        {receipt.applicationId, service->id, request.clientReference, QString::fromLatin1(requestSha256),
         registered->id, QString::fromLatin1(salt),
         QString::fromLatin1(AccessCode::hash(salt, receipt.accessCode)),
         QString::fromLatin1(AccessCode::mask(salt, requestSha256, receipt.accessCode.toLatin1().toHex())),
         toName(ApplicationStatus::Received), dateText(deadline), Sql::toText(now), Sql::toText(now)});
    if (!inserted) {
        // Another request with this reference won the race: answer as it was answered.
        if (inserted.error().code == ErrorCode::AlreadyExists
            || inserted.error().code == ErrorCode::Conflict) {
            tx->rollback();
            return repeated(request.clientReference, requestSha256);
        }
        return inserted.error();
    }
    DMS_TRY(addEvent(*tx, receipt.applicationId, ApplicationStatus::Received, now, session.userId, deadline));
    DMS_TRY(
        AuditJournal::append(*tx, session.login, now,
                             AuditEvent {QStringLiteral("eservice.application.receive"),
                                         QStringLiteral("eservice_application"), receipt.applicationId,
                                         QJsonObject {{QStringLiteral("service"), service->iisdaNumber},
                                                      {QStringLiteral("registration"), registered->index},
                                                      {QStringLiteral("deadline"), dateText(deadline)}}}));
    DMS_TRY(tx->commit());
    return receipt;
}

Status ApplicationService::changeStatus(const Session &session, const QString &registrationIndex,
                                        ApplicationStatus to)
{
    DMS_TRY(session.require(Permission::ManageCases));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto rows = Sql::exec(tx->connection(),
                          QStringLiteral("SELECT a.id, a.status, a.deadline, a.remaining_working_days"
                                         " FROM eservice_application a JOIN registration r"
                                         " ON r.id = a.registration_id WHERE r.reg_index = ?"),
                          {registrationIndex.trimmed()});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No application is registered under this index."),
                         registrationIndex);
    const QString id = rows->value(0).toString();
    const auto from = applicationStatusFromName(rows->value(1).toString());
    QDate deadline = QDate::fromString(rows->value(2).toString(), Qt::ISODate);
    QVariant remaining = rows->isNull(3) ? QVariant() : QVariant(rows->value(3).toInt());
    rows->finish();
    if (!from)
        return makeError(ErrorCode::Corrupt, Tr::tr("The application has an unknown status."), id);
    if (!canChange(*from, to))
        return makeError(ErrorCode::InvalidState,
                         Tr::tr("An application cannot go from \"%1\" to \"%2\".")
                             .arg(displayName(*from), displayName(to)));

    auto calendar = CalendarService::load(tx->connection());
    if (!calendar)
        return calendar.error();
    const QDateTime now = m_context.clock.now();
    const QDate today = now.toTimeZone(m_context.timeZone).date();
    if (to == ApplicationStatus::WaitingForApplicant) {
        remaining = ApplicationDeadline::remaining(*calendar, deadline, today);
        deadline = {};
    } else if (*from == ApplicationStatus::WaitingForApplicant) {
        if (!isFinal(to))
            deadline = ApplicationDeadline::resume(*calendar, today, remaining.toInt());
        remaining = QVariant();
    }
    auto updated
        = Sql::exec(tx->connection(),
                    QStringLiteral("UPDATE eservice_application SET status = ?, deadline = ?,"
                                   " remaining_working_days = ?, updated_at = ? WHERE id = ?"),
                    {toName(to), Sql::textOrNull(dateText(deadline)), remaining, Sql::toText(now), id});
    if (!updated)
        return updated.error();
    DMS_TRY(addEvent(*tx, id, to, now, session.userId, deadline));
    DMS_TRY(AuditJournal::append(
        *tx, session.login, now,
        AuditEvent {QStringLiteral("eservice.application.status"), QStringLiteral("eservice_application"), id,
                    QJsonObject {{QStringLiteral("from"), toName(*from)},
                                 {QStringLiteral("to"), toName(to)},
                                 {QStringLiteral("deadline"), dateText(deadline)}}}));
    return tx->commit();
}

Result<PublicApplicationStatus> ApplicationService::publicStatus(const QString &registrationIndex,
                                                                 const QString &accessCode)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          QStringLiteral("SELECT a.id, a.access_salt, a.access_hash, a.status, a.deadline,"
                                         " a.remaining_working_days, a.received_at, r.reg_index, s.name,"
                                         " s.iisda_number, a.registration_id"
                                         " FROM eservice_application a"
                                         " JOIN registration r ON r.id = a.registration_id"
                                         " JOIN eservice s ON s.id = a.service_id WHERE r.reg_index = ?"),
                          {registrationIndex.trimmed()});
    if (!rows)
        return rows.error();
    const bool found = rows->next();
    // An unknown index costs the same hash and comparison as a wrong code.
    const QByteArray salt = found ? rows->value(1).toString().toLatin1() : QByteArray(32, '0');
    const QByteArray expected = found ? rows->value(2).toString().toLatin1() : QByteArray(64, 'x');
    const bool matches = AccessCode::matches(salt, expected, accessCode);
    if (!found || !matches)
        return notFoundForCitizen();
    PublicApplicationStatus out;
    const QString id = rows->value(0).toString();
    out.status = applicationStatusFromName(rows->value(3).toString()).value_or(ApplicationStatus::Received);
    out.deadline = isFinal(out.status) ? QDate() : QDate::fromString(rows->value(4).toString(), Qt::ISODate);
    out.remainingWorkingDays = rows->isNull(5) ? -1 : rows->value(5).toInt();
    out.receivedAt = Sql::toDateTime(rows->value(6));
    out.registrationIndex = rows->value(7).toString();
    out.serviceName = rows->value(8).toString();
    out.serviceIisdaNumber = rows->value(9).toString();
    const QString registrationId = rows->value(10).toString();
    rows->finish();

    auto events = Sql::exec(*db,
                            QStringLiteral("SELECT status, at, deadline FROM eservice_status_event"
                                           " WHERE application_id = ? ORDER BY at, id"),
                            {id});
    if (!events)
        return events.error();
    while (events->next()) {
        ApplicationStatusEvent event;
        event.status
            = applicationStatusFromName(events->value(0).toString()).value_or(ApplicationStatus::Received);
        event.at = Sql::toDateTime(events->value(1));
        event.deadline = QDate::fromString(events->value(2).toString(), Qt::ISODate);
        out.history.append(event);
    }
    events->finish();
    auto documents = Sql::exec(*db,
                               QStringLiteral("SELECT r.reg_index, r.registered_at, c.status FROM case_file c"
                                              " JOIN case_document d ON d.case_id = c.id"
                                              " JOIN registration r ON r.document_id = d.document_id"
                                              " WHERE c.base_registration_id = ? AND r.status = 'active'"
                                              " ORDER BY r.registered_at, r.reg_index"),
                               {registrationId});
    if (!documents)
        return documents.error();
    while (documents->next()) {
        out.caseDocuments.append({documents->value(0).toString(), Sql::toDateTime(documents->value(1))});
        out.caseOpen = documents->value(2).toString() == QLatin1String("open");
    }
    return out;
}

} // namespace dms
