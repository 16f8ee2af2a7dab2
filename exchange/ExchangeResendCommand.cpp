// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/ExchangeResendCommand.h"

#include "access/Permission.h"
#include "core/Tr.h"
#include "exchange/ExchangeService.h"
#include "exchange/message/ExchangeGuid.h"
#include "storage/Sql.h"
#include "sync/SyncCommandApplier.h"

namespace dms::exchange {

ExchangeResendCommand::ExchangeResendCommand(ExchangeService &service)
    : m_service(service)
{ }

Result<CommandEffect> ExchangeResendCommand::apply(const SyncCommandContext &c)
{
    // Resending is sending: the same right as "exchange.send".
    DMS_TRY(c.session.require(Permission::RegisterDocument));
    const QJsonObject &payload = c.command.payload;
    const QString documentId = payload.value(QStringLiteral("document_id")).toString().trimmed();
    const QString recipient = payload.value(QStringLiteral("recipient_guid")).toString().trimmed();
    if (documentId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document to send is not known."));
    if (recipient.isEmpty() || !ExchangeGuid::isValid(recipient))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The recipient must be a participant's GUID."),
                         recipient);
    const QString peer = ExchangeGuid::normalized(recipient);

    // The latest registration request of the document to the recipient and its status.
    auto sent = Sql::exec(
        c.db,
        QStringLiteral("SELECT s.document_guid, s.status, o.id, o.state"
                       " FROM exchange_sent_document s JOIN exchange_outbox o"
                       " ON o.document_guid = s.document_guid AND o.recipient_guid = s.recipient_guid"
                       " AND o.message_type = 'MSG_DocumentRegistrationRequest'"
                       " WHERE s.document_id = ? AND s.recipient_guid = ?"
                       " ORDER BY s.updated_at DESC, o.created_at DESC LIMIT 1"),
        {documentId, peer});
    if (!sent)
        return sent.error();
    if (!sent->next())
        return makeError(ErrorCode::NotFound, Tr::tr("The document was not sent to this participant."),
                         documentId + QLatin1Char(' ') + peer);
    const QString documentGuid = sent->value(0).toString();
    const QString status = sent->value(1).toString();
    const QString outboxId = sent->value(2).toString();
    const QString state = sent->value(3).toString();
    sent->finish();

    CommandEffect effect;
    effect.result = {{QStringLiteral("document_id"), documentId},
                     {QStringLiteral("recipient_guid"), peer},
                     {QStringLiteral("document_guid"), documentGuid},
                     {QStringLiteral("outbox_id"), outboxId}};
    if (state == QLatin1String("pending") && status == QLatin1String("pending")) {
        // Queued again already (a second click, another desk): nothing more to do.
        effect.result.insert(QStringLiteral("already_queued"), true);
        return effect;
    }
    if (state != QLatin1String("failed"))
        return makeError(ErrorCode::InvalidState,
                         Tr::tr("Only a document whose sending failed can be sent again; this one was "
                                "delivered."),
                         outboxId);
    DMS_TRY(m_service.outbox().resend(outboxId));
    DMS_TRY(m_service.outbox().recordStatus(documentGuid, peer, QStringLiteral("pending")));
    auto changes = SyncCommandApplier::documentChanges(c.db, documentId, c.now);
    if (!changes)
        return makeError(ErrorCode::Storage, changes.error().message, changes.error().detail);
    effect.changes = *changes;
    return effect;
}

} // namespace dms::exchange
