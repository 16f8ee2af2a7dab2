// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "sync/Outbox.h"

#include <QString>

class QIODevice;

namespace dms {

class SyncEngine;

/** What the author chooses when routing a draft for signature. */
struct RoutingRequest
{
    QString title; ///< the subject of the outgoing document
    QString note; ///< for the signer, optional
    QString registerId; ///< the outgoing register it is registered in once signed
    QString kind; ///< e.g. "Писмо"
    QString correspondentId; ///< optional
    QString accessLevel = QStringLiteral("internal");
    QString recipientGuid; ///< send by СЕОС to this participant once signed; empty: do not send
    QString fileName = QStringLiteral("outgoing.pdf");
    QString signerId;
};

/** Queues the commands of routing for signature (docs/sync.md, "Routing for
 *  signature") through SyncEngine, so they wait offline like every command.
 *  The draft and the signed PDF are kept in the desk's file store and uploaded
 *  by the engine before the command that names them. Checks what the desk can
 *  (required fields, a PDF); the server decides the rest. Thread-safe. */
class DeskSigningCommands
{
public:
    static Result<OutboxEntry> route(SyncEngine &engine, const RoutingRequest &request, QIODevice &draft);
    static Result<OutboxEntry> sign(SyncEngine &engine, const QString &routeId, QIODevice &signedPdf);
    /** The signer returns the draft to its author; the reason is required. */
    static Result<OutboxEntry> returnToAuthor(SyncEngine &engine, const QString &routeId,
                                              const QString &reason);
    static Result<OutboxEntry> withdraw(SyncEngine &engine, const QString &routeId, const QString &reason);
};

} // namespace dms
