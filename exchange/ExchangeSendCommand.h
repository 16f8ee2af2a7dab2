// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/DocumentFile.h"
#include "exchange/message/Message.h"
#include "sync/SyncCommandHandler.h"

#include <QList>

namespace dms {
class BlobStore;
struct ServiceContext;
} // namespace dms

namespace dms::exchange {

class ExchangeService;

/** The sync command "exchange.send" (docs/sync.md): a desk asks the office to
 *  send a registered document to another administration over СЕОС. Payload:
 *  `document_id` or `registration_op_id` (this desk's registration command, for
 *  an entry pushed in the same batch), `recipient_guid`, optional `comment`.
 *
 *  Builds the DocumentRegistrationRequest as `delovodctl exchange send` does
 *  (our index and date, kind, subject) with the newest version of each of the
 *  document's files attached, and queues it signed in the outbox
 *  (ExchangeService::sendDocument) in the command's transaction; the server's
 *  delivery thread sends it. Answer: `outbox_id`, `document_guid`,
 *  `recipient_guid`, `document_id`; the registration is published again with
 *  its "exchange" status list.
 *
 *  Refusals: PermissionDenied (no right to register, or the participant is not
 *  active), NotFound (document, registration or participant unknown),
 *  InvalidInput (no recipient, not a GUID), InvalidState (annulled). Sending a
 *  document again to a recipient it was already sent to (and not failed) changes
 *  nothing and answers the first send with `already_sent`. Thread-safe as far
 *  as the ExchangeService is. */
class ExchangeSendCommand final : public SyncCommandHandler
{
public:
    static inline const QString kind = QStringLiteral("exchange.send");

    /** The newest version of each of @p files, in name order, as attachments read from
     *  @p blobs when the message is written (never loaded whole); Storage when one is
     *  missing from the store. Also used by `delovodctl exchange send`. */
    static Result<QList<Attachment>> attachmentsOf(const QList<DocumentFile> &files, const BlobStore &blobs);

    /** Both must outlive the handler; @p context on the office's database. */
    ExchangeSendCommand(ServiceContext &context, ExchangeService &service);

    Result<CommandEffect> apply(const SyncCommandContext &context) override;

private:
    ServiceContext &m_context;
    ExchangeService &m_service;
};

} // namespace dms::exchange
