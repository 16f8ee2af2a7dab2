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
#include "exchange/message/MessageStreamReader.h"
#include "exchange/message/MessageWriter.h"
#include "exchange/store/MessageLog.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "storage/BlobStore.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryFile>

#include <algorithm>

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
    OutboxEntry entry;
    const auto *registration = std::get_if<DocumentRegistrationRequest>(&body);
    const bool streamed = m_blobs && registration
        && std::any_of(registration->attachments.cbegin(), registration->attachments.cend(),
                       [](const Attachment &a) { return !a.contentFile.isEmpty(); });
    if (streamed) {
        // Signed over the spliced bytes and written straight into the store.
        auto spliced = MessageWriter::writeSpliced(message);
        if (!spliced)
            return spliced.error();
        auto signedMessage = m_signer.signSpliced(*spliced);
        if (!signedMessage)
            return signedMessage.error();
        auto writer = m_blobs->writer();
        if (!writer)
            return writer.error();
        Status written;
        DMS_TRY(signedMessage->write([&](QByteArrayView piece) {
            written = (*writer)->write(piece);
            return written.ok();
        }));
        DMS_TRY(written);
        auto blob = (*writer)->commit();
        if (!blob)
            return blob.error();
        entry.messageBlob = blob->sha256;
    } else {
        auto bytes = MessageWriter::write(message);
        if (!bytes)
            return bytes.error();
        auto signedBytes = m_signer.sign(*bytes);
        if (!signedBytes)
            return signedBytes.error();
        entry.content = *signedBytes;
    }
    entry.messageGuid = message.header.messageGuid;
    entry.recipientGuid = recipient->guid;
    entry.messageType = messageTypeName(message.bodyType());
    if (const auto *request = std::get_if<DocumentRegistrationRequest>(&body))
        entry.documentGuid = request->docId.guid;
    else if (const auto *status = std::get_if<DocumentStatusRequest>(&body))
        entry.documentGuid = status->docId.guid;
    else if (const auto *response = std::get_if<DocumentStatusResponse>(&body))
        entry.documentGuid = response->docId.guid;
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
    return check(
        *received, [&] { return m_verifier.verify(bytes); },
        ReceivedContent {bytes, {}, MessageLog::contentSha256(bytes), {}});
}

SubmitOutcome ExchangeService::receiveFile(const QString &messageFile)
{
    auto serverFault = [](const Error &error) {
        return SubmitOutcome {SubmitOutcome::Kind::ServerFault, {}, error.toString()};
    };
    if (!m_blobs)
        return serverFault(makeError(ErrorCode::InvalidState, Tr::tr("The message is too large."),
                                     QStringLiteral("no blob store for streamed messages")));
    QFile file(messageFile);
    if (!file.open(QIODevice::ReadOnly))
        return serverFault(makeError(ErrorCode::Storage, Tr::tr("The message cannot be read."),
                                     messageFile + QStringLiteral(": ") + file.errorString()));
    auto receipt = MessageStreamReader(*m_blobs, m_limits, QFileInfo(messageFile).absolutePath()).read(file);
    file.close();
    if (!receipt) {
        if (receipt.error().code == ErrorCode::Storage)
            return serverFault(receipt.error());
        return {SubmitOutcome::Kind::ClientFault, {}, receipt.error().toString()};
    }
    auto sha = MessageLog::fileSha256(messageFile);
    if (!sha)
        return serverFault(sha.error());
    return check(
        receipt->received(), [&] { return m_verifier.verifySpliced(receipt->signedForm()); },
        ReceivedContent {{}, messageFile, *sha, [&] {
                             return receipt->commitAttachments();
                         }});
}

SubmitOutcome ExchangeService::check(const ReceivedMessage &received,
                                     const std::function<Result<VerifiedSignature>()> &verify,
                                     const ReceivedContent &content)
{
    const Message &message = received.message;
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
    if (!received.hasSignature)
        return reject(QStringLiteral("Message is not signed"));
    auto signature = verify();
    if (!signature)
        return reject(QStringLiteral("Invalid message signature: ") + signature.error().detail);
    if (!CertificateSerial::equalHex(signature->certificateSerialHex, sender->certificateSerialHex))
        return reject(QStringLiteral("Signing certificate serial does not match the registry"));
    return handle(received, content, *sender);
}

SubmitOutcome ExchangeService::handle(const ReceivedMessage &received, const ReceivedContent &content,
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
            if (seen->value(2).toString() == QLatin1String("in")
                && seen->value(0).toString() == content.sha256)
                return {SubmitOutcome::Kind::Reply, seen->value(1).toString().toUtf8(), {}};
            return {SubmitOutcome::Kind::Reply,
                    errorReply(from, guid, QStringLiteral("Duplicate MessageGUID"), false),
                    {}};
        }
    }

    QByteArray reply;
    if (const auto *request = std::get_if<DocumentRegistrationRequest>(&message.body)) {
        QString messageBlob;
        auto known = m_inbox.findByDocument(sender.guid, request->docId.guid);
        if (!known && known.error().code != ErrorCode::NotFound)
            return serverFault(known.error());
        if (!content.file.isEmpty() && !known) {
            // Signed, checked and new: the attachments and the message itself are kept as blobs.
            if (content.commitAttachments)
                if (const Status committed = content.commitAttachments(); !committed)
                    return serverFault(committed.error());
            auto blob = m_blobs->putFile(content.file);
            if (!blob)
                return serverFault(blob.error());
            messageBlob = blob->sha256;
        }
        auto added = m_inbox.add(sender.guid, request->docId.guid, guid, content.bytes, messageBlob);
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
                                             messageTypeName(message.header.type), documentGuid,
                                             content.sha256, Sql::toText(m_context.clock.now()), nullptr);
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
        auto http = entry.messageBlob.isEmpty()
            ? transport.post(recipient->endpointUri, SoapEnvelope::soapAction(),
                             SoapEnvelope::submitRequest(entry.content))
            : postStored(transport, recipient->endpointUri, entry);
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
    const SubmitOutcome outcome
        = handle(*received, ReceivedContent {reply, {}, MessageLog::contentSha256(reply), {}}, *sender);
    if (outcome.kind != SubmitOutcome::Kind::Reply)
        return makeError(ErrorCode::Internal, Tr::tr("The reply could not be processed."), outcome.faultText);
    return m_outbox.markSent(entry.id);
}

Result<HttpReply> ExchangeService::postStored(Transport &transport, const QString &endpointUri,
                                              const OutboxEntry &entry)
{
    if (!m_blobs || !m_blobs->contains(entry.messageBlob))
        return makeError(ErrorCode::Storage, Tr::tr("The message to send is missing."),
                         QStringLiteral("outbox %1: blob %2").arg(entry.id, entry.messageBlob));
    // The stored message is spliced whole into the envelope, escaped on the way.
    const QByteArray marker = SplicedContent::newMarker();
    const SplicedContent message(
        marker, {{marker, m_blobs->pathFor(entry.messageBlob), SplicedContent::Encoding::Raw}});
    QTemporaryFile envelope(QDir(m_blobs->rootDir()).filePath(QStringLiteral("submit-XXXXXX")));
    if (!envelope.open())
        return makeError(ErrorCode::Storage, Tr::tr("The message cannot be written."),
                         envelope.errorString());
    DMS_TRY(SoapEnvelope::writeSubmitRequest(message, envelope));
    if (!envelope.flush())
        return makeError(ErrorCode::Storage, Tr::tr("The message cannot be written."),
                         envelope.errorString());
    return transport.postFile(endpointUri, SoapEnvelope::soapAction(), envelope.fileName());
}

Result<ReceivedMessage> ExchangeService::readEntry(const InboxEntry &entry)
{
    if (entry.messageBlob.isEmpty())
        return MessageReader(m_limits).read(entry.content);
    if (!m_blobs)
        return makeError(ErrorCode::InvalidState, Tr::tr("The received message is not available."),
                         QStringLiteral("no blob store for inbox %1").arg(entry.id));
    auto file = m_blobs->open(entry.messageBlob);
    if (!file)
        return file.error();
    // Verified when it arrived; decoding again names the same blobs.
    MessageLimits limits = m_limits;
    limits.maxMessageBytes = std::max(limits.maxMessageBytes, (*file)->size());
    auto receipt = MessageStreamReader(*m_blobs, limits, m_blobs->rootDir()).read(**file);
    if (!receipt)
        return receipt.error();
    DMS_TRY(receipt->commitAttachments());
    return receipt->received();
}

Status ExchangeService::attachFiles(const Session &session, const QString &documentId,
                                    const QList<Attachment> &attachments)
{
    if (!m_blobs)
        return {};
    DocumentService documents(m_context, *m_blobs);
    for (const Attachment &attachment : attachments) {
        // A type the peer wrote that we do not accept must not lose the file.
        const QString type = DocumentService::normalizedMediaType(attachment.mimeType)
                                 .valueOr(QStringLiteral("application/octet-stream"));
        if (!attachment.contentSha256.isEmpty()) {
            DMS_TRY(documents.addStoredFile(session, documentId, attachment.fileName, type,
                                            attachment.contentSha256));
            continue;
        }
        QByteArray content = attachment.content;
        QBuffer buffer(&content);
        buffer.open(QIODevice::ReadOnly);
        DMS_TRY(documents.addFile(session, documentId, attachment.fileName, type, buffer));
    }
    return {};
}

Status ExchangeService::pushStatus(const InboxEntry &entry, const DocumentId *sentId)
{
    DocumentStatusResponse response;
    response.docId.guid = entry.documentGuid;
    // The GUID is stored normalised; send it back as the sender wrote it.
    if (sentId) {
        response.docId = *sentId;
    } else if (auto request = readEntry(entry)) {
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
    auto request = readEntry(*entry);
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
    DMS_TRY(pushStatus(*updated, &body.docId));
    // After the status: the registration stands even if a file cannot be attached.
    DMS_TRY(attachFiles(session, registered->documentId, body.attachments));
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
