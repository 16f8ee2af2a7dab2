// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/ExchangeService.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "exchange/CertificateSerial.h"
#include "exchange/MessageSigner.h"
#include "exchange/MessageVerifier.h"
#include "exchange/SoapEnvelope.h"
#include "exchange/Transport.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageReader.h"
#include "exchange/message/MessageWriter.h"
#include "exchange/store/MessageLog.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCryptographicHash>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(dmsExchange, "dms.exchange")

namespace dms::exchange {

ExchangeService::ExchangeService(ServiceContext &context, const Participant &self, MessageSigner &signer,
                                 MessageVerifier &verifier, MessageLimits limits)
    : m_context(context)
    , m_self(self)
    , m_signer(signer)
    , m_verifier(verifier)
    , m_limits(limits)
    , m_directory(context.database, context.clock)
    , m_inbox(context.database, context.clock)
    , m_outbox(context.database, context.clock)
{ }

Result<QByteArray> ExchangeService::signedReply(const Participant &to, const MessageBody &body)
{
    Message message;
    message.header.date = m_context.clock.now();
    message.header.sender = m_self;
    message.header.recipient = to;
    message.header.messageGuid = ExchangeGuid::create();
    message.body = body;
    auto bytes = MessageWriter::write(message);
    if (!bytes)
        return bytes.error();
    return m_signer.sign(*bytes);
}

Result<QString> ExchangeService::enqueue(const QString &recipientGuid, const MessageBody &body,
                                         const QString &documentId)
{
    auto recipient = m_directory.find(recipientGuid);
    if (!recipient)
        return recipient.error();
    if (!recipient->active)
        return makeError(ErrorCode::PermissionDenied,
                         Tr::tr("The participant is not active in the exchange registry."), recipientGuid);
    const Participant to {recipient->identifier, recipient->name, recipient->guid};
    Message message;
    message.header.date = m_context.clock.now();
    message.header.sender = m_self;
    message.header.recipient = to;
    message.header.messageGuid = ExchangeGuid::create();
    message.body = body;
    auto bytes = MessageWriter::write(message);
    if (!bytes)
        return bytes.error();
    auto signedBytes = m_signer.sign(*bytes);
    if (!signedBytes)
        return signedBytes.error();
    OutboxEntry entry;
    entry.messageGuid = message.header.messageGuid;
    entry.recipientGuid = recipient->guid;
    entry.messageType = messageTypeName(message.bodyType());
    if (const auto *request = std::get_if<DocumentRegistrationRequest>(&body))
        entry.documentGuid = request->docId.guid;
    else if (const auto *status = std::get_if<DocumentStatusRequest>(&body))
        entry.documentGuid = status->docId.guid;
    else if (const auto *response = std::get_if<DocumentStatusResponse>(&body))
        entry.documentGuid = response->docId.guid;
    entry.content = *signedBytes;
    return m_outbox.enqueue(entry, documentId);
}

Result<QString> ExchangeService::sendDocument(const QString &recipientGuid,
                                              const DocumentRegistrationRequest &request,
                                              const QString &documentId)
{
    return enqueue(recipientGuid, request, documentId);
}

Result<QString> ExchangeService::requestStatus(const QString &recipientGuid, const DocumentId &docId)
{
    return enqueue(recipientGuid, DocumentStatusRequest {docId});
}

QByteArray ExchangeService::errorReply(const Participant &to, const QString &messageGuid,
                                       const QString &description, bool internal)
{
    ErrorNotice notice;
    notice.messageGuid = ExchangeGuid::isValid(messageGuid) ? messageGuid : QString();
    notice.type = internal ? ErrorNotice::Type::Internal : ErrorNotice::Type::External;
    notice.description = description;
    auto reply = signedReply(to, notice);
    if (!reply) {
        qCWarning(dmsExchange) << "cannot sign an error reply:" << reply.error().detail;
        return {};
    }
    return *reply;
}

SubmitOutcome ExchangeService::receive(const QByteArray &bytes)
{
    auto received = MessageReader(m_limits).read(bytes);
    if (!received)
        return {SubmitOutcome::Kind::ClientFault, {}, received.error().toString()};
    const Message &message = received->message;
    const Participant &from = message.header.sender;
    const QString guid = message.header.messageGuid;
    auto reject = [&](const QString &why) {
        qCInfo(dmsExchange) << "refused message" << guid << why;
        return SubmitOutcome {SubmitOutcome::Kind::Reply, errorReply(from, guid, why, false), {}};
    };
    // П.4: the recipient is us, by GUID and identifier.
    if (!ExchangeGuid::equal(message.header.recipient.guid, m_self.guid)
        || message.header.recipient.identifier.trimmed() != m_self.identifier)
        return reject(QStringLiteral("Recipient is not served by this endpoint"));
    // П.5: an active participant, GUID and identifier both matching.
    auto sender = m_directory.match(from);
    if (!sender) {
        if (sender.error().code == ErrorCode::Storage)
            return {SubmitOutcome::Kind::ServerFault, {}, sender.error().toString()};
        return reject(QStringLiteral("Sender is not an active participant: ") + sender.error().detail);
    }
    // П.7, П.8: signed, and by the certificate the registry names.
    if (!received->hasSignature)
        return reject(QStringLiteral("Message is not signed"));
    auto signature = m_verifier.verify(bytes);
    if (!signature)
        return reject(QStringLiteral("Invalid message signature: ") + signature.error().detail);
    if (!CertificateSerial::equalHex(signature->certificateSerialHex, sender->certificateSerialHex))
        return reject(QStringLiteral("Signing certificate serial does not match the registry"));
    return handle(*received, bytes, *sender);
}

SubmitOutcome ExchangeService::handle(const ReceivedMessage &received, const QByteArray &bytes,
                                      const ParticipantRecord &sender)
{
    const Message &message = received.message;
    const Participant &from = message.header.sender;
    const QString guid = message.header.messageGuid;
    auto serverFault = [](const Error &error) {
        return SubmitOutcome {SubmitOutcome::Kind::ServerFault, {}, error.toString()};
    };

    // П.9: MessageGUID unique. A peer resending the same bytes gets the first answer.
    {
        auto db = m_context.database.connection();
        if (!db)
            return serverFault(db.error());
        auto seen = Sql::exec(*db,
                              QStringLiteral("SELECT content_sha256, reply, direction FROM exchange_message "
                                             "WHERE message_guid = ?"),
                              {ExchangeGuid::normalized(guid)});
        if (!seen)
            return serverFault(seen.error());
        if (seen->next()) {
            const QString sha
                = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
            if (seen->value(2).toString() == QLatin1String("in") && seen->value(0).toString() == sha)
                return {SubmitOutcome::Kind::Reply, seen->value(1).toString().toUtf8(), {}};
            return {SubmitOutcome::Kind::Reply,
                    errorReply(from, guid, QStringLiteral("Duplicate MessageGUID"), false),
                    {}};
        }
    }

    QByteArray reply;
    if (const auto *request = std::get_if<DocumentRegistrationRequest>(&message.body)) {
        auto added = m_inbox.add(sender.guid, request->docId.guid, guid, bytes);
        if (!added && added.error().code != ErrorCode::AlreadyExists)
            return serverFault(added.error());
        if (!added) {
            // ЗР.1: the same document again (a retry with a new MessageGUID): never a second entry.
            auto existing = m_inbox.find(added.error().detail);
            if (!existing)
                return serverFault(existing.error());
            DocumentStatusResponse response;
            response.docId.guid = request->docId.guid;
            if (!existing->receiverNumber.isEmpty()) {
                response.docId.kind = DocumentId::Kind::Number;
                response.docId.number = {existing->receiverNumber, existing->receiverDate};
            }
            response.status = DocumentStatus::AlreadyReceived;
            auto signedBytes = signedReply(from, response);
            if (!signedBytes)
                return serverFault(signedBytes.error());
            reply = *signedBytes;
        }
        // A new document: empty reply, the status follows by a Submit of ours.
    } else if (const auto *statusRequest = std::get_if<DocumentStatusRequest>(&message.body)) {
        DocumentStatusResponse response;
        response.docId = statusRequest->docId;
        auto entry = m_inbox.findByDocument(sender.guid, statusRequest->docId.guid);
        if (!entry && entry.error().code != ErrorCode::NotFound)
            return serverFault(entry.error());
        if (!entry) {
            response.status = DocumentStatus::NotFound;
        } else {
            response.status = entry->status;
            response.rejectionReason = entry->rejectionReason;
            if (!entry->receiverNumber.isEmpty()) {
                response.docId.kind = DocumentId::Kind::Number;
                response.docId.number = {entry->receiverNumber, entry->receiverDate};
            }
        }
        auto signedBytes = signedReply(from, response);
        if (!signedBytes)
            return serverFault(signedBytes.error());
        reply = *signedBytes;
    } else if (const auto *response = std::get_if<DocumentStatusResponse>(&message.body)) {
        const Status recorded = m_outbox.recordStatus(
            response->docId.guid, sender.guid, documentStatusName(response->status),
            response->docId.kind == DocumentId::Kind::Number ? response->docId.number.number : QString(),
            response->docId.number.date, response->rejectionReason);
        if (!recorded && recorded.error().code == ErrorCode::NotFound)
            reply = errorReply(from, guid, QStringLiteral("Unknown DocumentGUID"), false);
        else if (!recorded)
            return serverFault(recorded.error());
    } else {
        const auto &notice = std::get<ErrorNotice>(message.body);
        qCInfo(dmsExchange) << "peer reported an error for" << notice.messageGuid;
        auto db = m_context.database.connection();
        if (!db)
            return serverFault(db.error());
        auto entry = Sql::exec(
            *db,
            QStringLiteral("SELECT id FROM exchange_outbox WHERE message_guid = ? AND recipient_guid = ?"),
            {ExchangeGuid::normalized(notice.messageGuid), sender.guid});
        if (!entry)
            return serverFault(entry.error());
        if (entry->next()) {
            const QString id = entry->value(0).toString();
            entry->finish();
            const Status failed = m_outbox.markFailed(id, notice.description);
            if (!failed)
                return serverFault(failed.error());
        } else {
            reply = errorReply(from, guid, QStringLiteral("Error refers to no message sent to you"), false);
        }
    }

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return serverFault(tx.error());
    QString documentGuid;
    if (const auto *request = std::get_if<DocumentRegistrationRequest>(&message.body))
        documentGuid = request->docId.guid;
    const Status logged = MessageLog::record(tx->connection(), MessageLog::Direction::In, guid, sender.guid,
                                             messageTypeName(message.header.type), documentGuid, bytes,
                                             Sql::toText(m_context.clock.now()), nullptr);
    if (logged) {
        const Status stored = MessageLog::storeReply(tx->connection(), guid, reply);
        if (!stored || !tx->commit())
            return serverFault(stored ? Error {ErrorCode::Storage, {}, QStringLiteral("commit")}
                                      : stored.error());
    }
    return {SubmitOutcome::Kind::Reply, reply, {}};
}

Result<int> ExchangeService::deliverDue(Transport &transport)
{
    auto due = m_outbox.due();
    if (!due)
        return due.error();
    int delivered = 0;
    for (const OutboxEntry &entry : *due) {
        auto recipient = m_directory.find(entry.recipientGuid);
        if (!recipient) {
            DMS_TRY(m_outbox.markFailed(entry.id, recipient.error().toString()));
            continue;
        }
        auto http = transport.post(recipient->endpointUri, SoapEnvelope::soapAction(),
                                   SoapEnvelope::submitRequest(entry.content));
        if (!http) {
            DMS_TRY(m_outbox.markAttemptFailed(entry.id, http.error().toString()));
            continue;
        }
        auto result = SoapEnvelope::parseSubmitResponse(http->body, m_limits.maxMessageBytes);
        if (!result && result.error().code == ErrorCode::SoapFault
            && result.error().detail.startsWith(QLatin1String("Client"))) {
            DMS_TRY(m_outbox.markFailed(entry.id, result.error().toString())); // our request was wrong
            continue;
        }
        if (!result && (result.error().code == ErrorCode::SoapFault || http->status >= 500)) {
            DMS_TRY(m_outbox.markAttemptFailed(entry.id, result.error().toString()));
            continue;
        }
        if (!result) {
            DMS_TRY(
                m_outbox.markFailed(entry.id, result.error().toString())); // an invalid reply stops retries
            continue;
        }
        if (!result->has_value()) {
            DMS_TRY(m_outbox.markSent(entry.id));
            if (entry.messageType == QLatin1String("MSG_DocumentRegistrationRequest"))
                DMS_TRY(m_outbox.recordStatus(entry.documentGuid, entry.recipientGuid,
                                              documentStatusName(DocumentStatus::WaitRegistration)));
            ++delivered;
            continue;
        }
        const Status accepted = acceptReply(entry, **result);
        if (!accepted) {
            DMS_TRY(m_outbox.markFailed(entry.id, accepted.error().toString()));
            continue;
        }
        ++delivered;
    }
    return delivered;
}

Status ExchangeService::acceptReply(const OutboxEntry &entry, const QByteArray &reply)
{
    // И.9–И.15: a valid message, from the recipient to us, signed by its registry certificate, new GUID.
    auto received = MessageReader(m_limits).read(reply);
    if (!received)
        return received.error();
    const Message &message = received->message;
    if (!ExchangeGuid::equal(message.header.sender.guid, entry.recipientGuid)
        || !ExchangeGuid::equal(message.header.recipient.guid, m_self.guid))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The reply does not come from the recipient."),
                         QStringLiteral("sender/recipient not swapped"));
    auto sender = m_directory.match(message.header.sender);
    if (!sender)
        return sender.error();
    if (!received->hasSignature)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The reply is not signed."), entry.messageGuid);
    auto signature = m_verifier.verify(reply);
    if (!signature)
        return signature.error();
    if (!CertificateSerial::equalHex(signature->certificateSerialHex, sender->certificateSerialHex))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The reply is signed by another certificate."),
                         QStringLiteral("certificate serial mismatch"));
    if (std::holds_alternative<ErrorNotice>(message.body)) {
        const auto &notice = std::get<ErrorNotice>(message.body);
        DMS_TRY(m_outbox.markFailed(entry.id, notice.description));
        return {};
    }
    const SubmitOutcome outcome = handle(*received, reply, *sender);
    if (outcome.kind != SubmitOutcome::Kind::Reply)
        return makeError(ErrorCode::Internal, Tr::tr("The reply could not be processed."), outcome.faultText);
    return m_outbox.markSent(entry.id);
}

Status ExchangeService::pushStatus(const InboxEntry &entry)
{
    DocumentStatusResponse response;
    response.docId.guid = entry.documentGuid;
    // The GUID is stored normalised; send it back as the sender wrote it.
    auto request = MessageReader(m_limits).read(entry.content);
    if (request) {
        if (const auto *r = std::get_if<DocumentRegistrationRequest>(&request->message.body))
            response.docId = r->docId;
    }
    response.status = entry.status;
    response.rejectionReason = entry.rejectionReason;
    if (!entry.receiverNumber.isEmpty()) {
        response.docId.kind = DocumentId::Kind::Number;
        response.docId.number = {entry.receiverNumber, entry.receiverDate};
    }
    auto queued = enqueue(entry.senderGuid, response);
    if (!queued)
        return queued.error();
    return {};
}

Result<Registration> ExchangeService::registerIncoming(const Session &session, const QString &inboxId,
                                                       const QString &registerId, const QString &subject)
{
    auto entry = m_inbox.find(inboxId);
    if (!entry)
        return entry.error();
    auto request = MessageReader(m_limits).read(entry->content);
    if (!request)
        return request.error();
    const auto &body = std::get<DocumentRegistrationRequest>(request->message.body);
    DMS_TRY(m_inbox.claim(inboxId));
    NewRegistration registration;
    registration.registerId = registerId;
    registration.document.kind = body.kind.left(RegistrationService::kMaxKindLength);
    registration.document.subject
        = (subject.isEmpty() ? (body.about.isEmpty() ? body.kind : body.about) : subject)
              .left(RegistrationService::kMaxSubjectLength);
    registration.document.channel = Channel::Seos;
    auto registered = RegistrationService(m_context).registerDocument(session, registration);
    if (!registered) {
        (void)m_inbox.release(inboxId);
        return registered.error();
    }
    DMS_TRY(m_inbox.markRegistered(inboxId, registered->id, registered->index, registered->registeredOn));
    auto updated = m_inbox.find(inboxId);
    if (!updated)
        return updated.error();
    DMS_TRY(pushStatus(*updated));
    return registered;
}

Status ExchangeService::rejectIncoming(const QString &inboxId, const QString &reason)
{
    DMS_TRY(m_inbox.markRejected(inboxId, reason));
    auto updated = m_inbox.find(inboxId);
    if (!updated)
        return updated.error();
    return pushStatus(*updated);
}

} // namespace dms::exchange
