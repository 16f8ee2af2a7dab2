// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncCommandHandler.h"

namespace dms::exchange {

class ExchangeService;

/** The sync command "exchange.resend" (docs/sync.md): a desk asks the office to
 *  send again a document whose СЕОС send failed for good (the outbox gave up
 *  after its retries, or the recipient's exchange answered with an error: the
 *  status "sent-failed"). Payload: `document_id`, `recipient_guid`.
 *
 *  Puts the failed registration request back in the outbox unchanged (same
 *  message and document GUID, Outbox::resend(), due at once, its retries
 *  counted anew) and records the status "pending" again, so desks see it queued;
 *  the server's delivery thread sends it and the statuses come back as for
 *  "exchange.send". Answer: `outbox_id`, `document_guid`, `recipient_guid`,
 *  `document_id`.
 *
 *  Idempotent: a resend of a message already queued again (another desk's,
 *  or this desk's under another op_id) changes nothing and answers with
 *  `already_queued`. Refusals: PermissionDenied (no right to register and send),
 *  InvalidInput (no recipient, not a GUID, no document), NotFound (the document
 *  was never sent to the recipient), InvalidState (the send has not failed:
 *  delivered or answered). Thread-safe as far as the ExchangeService is. */
class ExchangeResendCommand final : public SyncCommandHandler
{
public:
    static inline const QString kind = QStringLiteral("exchange.resend");

    /** Must outlive the handler. */
    explicit ExchangeResendCommand(ExchangeService &service);

    Result<CommandEffect> apply(const SyncCommandContext &context) override;

private:
    ExchangeService &m_service;
};

} // namespace dms::exchange
