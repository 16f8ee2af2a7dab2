// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskSigningCommands.h"

#include "core/Tr.h"
#include "sync/SyncEngine.h"

#include <QIODevice>

namespace dms {

namespace {

Status requiredRoute(const QString &routeId)
{
    if (routeId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose a document routed for signature."));
    return {};
}

/** Keeps a PDF in the desk's store: its hash and size for the command. */
Result<BlobInfo> keepPdf(SyncEngine &engine, QIODevice &content)
{
    if (!content.isSequential() && !content.seek(0))
        return makeError(ErrorCode::Storage, Tr::tr("The file could not be read."));
    if (!content.peek(5).startsWith("%PDF-"))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file is not a PDF."));
    return engine.keepFile(content);
}

} // namespace

Result<OutboxEntry> DeskSigningCommands::route(SyncEngine &engine, const RoutingRequest &request,
                                               QIODevice &draft)
{
    if (request.title.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The subject is required."));
    if (request.registerId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose an open outgoing register."));
    if (request.signerId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose who signs the document."));
    auto blob = keepPdf(engine, draft);
    if (!blob)
        return blob.error();
    QJsonObject payload {{QStringLiteral("title"), request.title.trimmed()},
                         {QStringLiteral("note"), request.note.trimmed()},
                         {QStringLiteral("register_id"), request.registerId},
                         {QStringLiteral("kind"), request.kind.trimmed()},
                         {QStringLiteral("access_level"), request.accessLevel},
                         {QStringLiteral("name"), request.fileName},
                         {QStringLiteral("sha256"), blob->sha256},
                         {QStringLiteral("size"), blob->size},
                         {QStringLiteral("signer_id"), request.signerId}};
    if (!request.correspondentId.isEmpty())
        payload.insert(QStringLiteral("correspondent_id"), request.correspondentId);
    if (!request.recipientGuid.isEmpty())
        payload.insert(QStringLiteral("recipient_guid"), request.recipientGuid);
    return engine.submit(QStringLiteral("signing.route"), payload);
}

Result<OutboxEntry> DeskSigningCommands::sign(SyncEngine &engine, const QString &routeId,
                                              QIODevice &signedPdf)
{
    DMS_TRY(requiredRoute(routeId));
    auto blob = keepPdf(engine, signedPdf);
    if (!blob)
        return blob.error();
    return engine.submit(QStringLiteral("signing.sign"),
                         {{QStringLiteral("route_id"), routeId},
                          {QStringLiteral("sha256"), blob->sha256},
                          {QStringLiteral("size"), blob->size}});
}

Result<OutboxEntry> DeskSigningCommands::returnToAuthor(SyncEngine &engine, const QString &routeId,
                                                        const QString &reason)
{
    DMS_TRY(requiredRoute(routeId));
    if (reason.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Give the reason for returning the document."));
    return engine.submit(
        QStringLiteral("signing.return"),
        {{QStringLiteral("route_id"), routeId}, {QStringLiteral("reason"), reason.trimmed()}});
}

Result<OutboxEntry> DeskSigningCommands::withdraw(SyncEngine &engine, const QString &routeId,
                                                  const QString &reason)
{
    DMS_TRY(requiredRoute(routeId));
    return engine.submit(
        QStringLiteral("signing.withdraw"),
        {{QStringLiteral("route_id"), routeId}, {QStringLiteral("reason"), reason.trimmed()}});
}

} // namespace dms
