// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "sync/CommandEffect.h"
#include "sync/SyncCommandHandler.h"

#include <QJsonObject>
#include <QSqlDatabase>

namespace dms {

struct ServiceContext;
class SyncExtensions;

/** The sync commands that route an outgoing document for signature
 *  (docs/sync.md, "Routing for signature"), applied by SyncCommandApplier
 *  inside the command's transaction, with its op_id idempotence:
 *
 *  | kind | payload | who |
 *  |---|---|---|
 *  | signing.route | title, note, register_id (an outgoing register), kind, correspondent_id, access_level,
 * recipient_guid, name, sha256, size (the uploaded draft PDF), signer_id | needs register-document; the
 * signer must be active and may sign (Permission::SignOutgoing) | | signing.sign | route_id, sha256, size
 * (the uploaded signed PDF) | only the named signer | | signing.return | route_id, reason (required) | only
 * the named signer | | signing.withdraw | route_id, reason | only the author |
 *
 *  A route is "awaiting" until it is signed, returned or withdrawn; it never
 *  changes after that (InvalidState). signing.sign accepts only the draft's
 *  bytes followed by an incremental update that signs the whole file
 *  (SignedPdfCheck), registers the signed PDF in the register the author chose,
 *  on the author's behalf (RegistrationService, DocumentService::addStoredFile,
 *  the same transaction), and, when the author named a СЕОС recipient, sends it
 *  through the "exchange.send" handler of `extensions`; without one the entry is
 *  registered and the route says it was not sent. Each step is journalled
 *  (entity "signing_route"). Feed entity "signing_route" with the access level
 *  the author chose; the registration is published too. Stateless; thread-safe. */
class SigningRouteCommands
{
public:
    static bool handles(const QString &kind);
    static Result<CommandEffect> apply(ServiceContext &context, const SyncCommandContext &command,
                                       const SyncExtensions *extensions, qint64 maxFileBytes);
    /** The published form of a route (entity "signing_route"). */
    static Result<QJsonObject> routeData(const QSqlDatabase &db, const QString &routeId,
                                         QString *accessLevel);

    static constexpr int kMaxTitleLength = 1000;
    static constexpr int kMaxNoteLength = 4000;
};

} // namespace dms
