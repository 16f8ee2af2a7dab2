// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/ExchangeSendCommand.h"

#include "access/Permission.h"
#include "core/Tr.h"
#include "exchange/ExchangeService.h"
#include "exchange/message/ExchangeGuid.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"
#include "sync/SyncCommandApplier.h"

#include <QHash>

namespace dms::exchange {

Result<QList<Attachment>> ExchangeSendCommand::attachmentsOf(const QList<DocumentFile> &files,
                                                             const BlobStore &blobs)
{
    QHash<QString, DocumentFile> newest;
    for (const DocumentFile &file : files)
        if (!newest.contains(file.name) || newest.value(file.name).version < file.version)
            newest.insert(file.name, file);
    QStringList names = newest.keys();
    names.sort();
    QList<Attachment> attachments;
    for (const QString &name : std::as_const(names)) {
        const DocumentFile &file = newest[name];
        if (!blobs.contains(file.sha256))
            return makeError(ErrorCode::Storage, Tr::tr("A file of the document cannot be read."),
                             file.sha256);
        // Streamed from the store when the message is written: never loaded whole.
        Attachment attachment {file.name, {}, {}, file.mediaType};
        attachment.contentFile = blobs.pathFor(file.sha256);
        attachments.append(attachment);
    }
    return attachments;
}

ExchangeSendCommand::ExchangeSendCommand(ServiceContext &context, ExchangeService &service)
    : m_context(context)
    , m_service(service)
{ }

Result<CommandEffect> ExchangeSendCommand::apply(const SyncCommandContext &c)
{
    DMS_TRY(c.session.require(Permission::RegisterDocument));
    const QJsonObject &payload = c.command.payload;
    const QString recipient = payload.value(QStringLiteral("recipient_guid")).toString().trimmed();
    if (recipient.isEmpty() || !ExchangeGuid::isValid(recipient))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The recipient must be a participant's GUID."),
                         recipient);
    auto documentId = SyncCommandApplier::attachTarget(c.db, c.desk, payload);
    if (!documentId)
        return documentId.error();
    auto registration = RegistrationService(m_context).findByDocument(*documentId);
    if (!registration)
        return registration.error().code == ErrorCode::NotFound ? makeError(
                   ErrorCode::NotFound, Tr::tr("The document to send is not registered here."), *documentId)
                                                                : registration.error();
    if (registration->status != RegistrationStatus::Active)
        return makeError(ErrorCode::InvalidState, Tr::tr("An annulled registration cannot be sent."),
                         registration->index);
    auto participant = m_service.directory().find(recipient);
    if (!participant)
        return participant.error().code == ErrorCode::NotFound ? makeError(
                   ErrorCode::NotFound, Tr::tr("The recipient is not in the exchange registry."), recipient)
                                                               : participant.error();
    if (!participant->active)
        return makeError(ErrorCode::PermissionDenied,
                         Tr::tr("The participant is not active in the exchange registry."), recipient);

    CommandEffect effect;
    effect.result = {{QStringLiteral("document_id"), *documentId},
                     {QStringLiteral("recipient_guid"), ExchangeGuid::normalized(recipient)}};
    // A second send to the same recipient (another op_id, a double click on two
    // desks) is the first one, unless that one failed for good.
    auto earlier
        = Sql::exec(c.db,
                    QStringLiteral("SELECT s.document_guid, o.id FROM exchange_sent_document s"
                                   " LEFT JOIN exchange_outbox o ON o.document_guid = s.document_guid"
                                   " AND o.recipient_guid = s.recipient_guid"
                                   " AND o.message_type = 'MSG_DocumentRegistrationRequest'"
                                   " WHERE s.document_id = ? AND s.recipient_guid = ?"
                                   " AND s.status <> 'sent-failed' ORDER BY o.created_at LIMIT 1"),
                    {*documentId, ExchangeGuid::normalized(recipient)});
    if (!earlier)
        return earlier.error();
    if (earlier->next()) {
        effect.result.insert(QStringLiteral("document_guid"), earlier->value(0).toString());
        effect.result.insert(QStringLiteral("outbox_id"), earlier->value(1).toString());
        effect.result.insert(QStringLiteral("already_sent"), true);
        return effect;
    }
    earlier->finish();

    auto document = DocumentService(m_context, c.blobs).get(c.session, *documentId);
    if (!document)
        return document.error();
    auto files = DocumentService(m_context, c.blobs).files(c.session, *documentId);
    if (!files)
        return files.error();
    auto attachments = attachmentsOf(*files, c.blobs);
    if (!attachments)
        return attachments.error();

    DocumentRegistrationRequest request;
    request.docId.kind = DocumentId::Kind::Number;
    request.docId.number = {registration->index, registration->registeredOn};
    request.docId.guid = ExchangeGuid::create();
    request.kind = document->kind;
    request.about = document->subject;
    request.comment = payload.value(QStringLiteral("comment")).toString().trimmed();
    request.attachments = *attachments;
    auto queued = m_service.sendDocument(recipient, request, *documentId);
    if (!queued)
        return queued.error();
    effect.result.insert(QStringLiteral("document_guid"), ExchangeGuid::normalized(request.docId.guid));
    effect.result.insert(QStringLiteral("outbox_id"), *queued);
    auto changes = SyncCommandApplier::documentChanges(c.db, *documentId, c.now);
    if (!changes)
        return makeError(ErrorCode::Storage, changes.error().message, changes.error().detail);
    effect.changes = *changes;
    return effect;
}

} // namespace dms::exchange
