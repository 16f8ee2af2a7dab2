// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SigningRouteCommands.h"

#include "audit/AuditJournal.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "domain/Vocabulary.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/FeedPublisher.h"
#include "sync/SignedPdfCheck.h"
#include "sync/SyncCommandApplier.h"
#include "sync/SyncExtensions.h"

#include <QUuid>

namespace dms {

namespace {

const QString kEntity = QStringLiteral("signing_route");
const QString kMediaType = QStringLiteral("application/pdf");

QString text(const QJsonObject &payload, const char *key)
{
    return payload.value(QLatin1String(key)).toString().trimmed();
}

/** The bytes of an uploaded blob named by the payload's sha256 and size. */
Result<QByteArray> uploadedPdf(BlobStore &blobs, const QJsonObject &payload, qint64 maxFileBytes)
{
    const QString sha256 = payload.value(QStringLiteral("sha256")).toString();
    if (!BlobStore::isValidName(sha256))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file's SHA-256 is not valid."));
    auto file = blobs.open(sha256);
    if (!file)
        return file.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, Tr::tr("The file's content was not uploaded."), sha256)
            : file.error();
    if ((*file)->size() > maxFileBytes)
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("The file is larger than the office accepts (%1 MB).").arg(maxFileBytes / (1024 * 1024)));
    const qint64 size = payload.value(QStringLiteral("size")).toInteger(-1);
    if (size >= 0 && (*file)->size() != size)
        return makeError(ErrorCode::Corrupt, Tr::tr("The uploaded file does not have the size sent."));
    const QByteArray bytes = (*file)->readAll();
    if (bytes.size() != (*file)->size())
        return makeError(ErrorCode::Storage, Tr::tr("The uploaded file could not be read."), sha256);
    DMS_TRY(SignedPdfCheck::isPdf(bytes));
    return bytes;
}

/** An active user whose roles may sign outgoing documents: their login. */
Result<QString> activeSigner(const QSqlDatabase &db, const QString &userId)
{
    if (userId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose who signs the document."));
    auto user = Sql::exec(db, QStringLiteral("SELECT login, active FROM app_user WHERE id = ?"), {userId});
    if (!user)
        return user.error();
    if (!user->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such user."), userId);
    const QString login = user->value(0).toString();
    const bool active = user->value(1).toInt() == 1;
    user->finish();
    if (!active)
        return makeError(ErrorCode::InvalidInput, Tr::tr("%1 is not an active user.").arg(login), userId);
    auto roles = Sql::exec(db, QStringLiteral("SELECT role FROM user_role WHERE user_id = ?"), {userId});
    if (!roles)
        return roles.error();
    while (roles->next()) {
        const auto role = roleFromName(roles->value(0).toString());
        if (role && roleGrants(*role, Permission::SignOutgoing))
            return login;
    }
    return makeError(ErrorCode::InvalidInput, Tr::tr("%1 may not sign outgoing documents.").arg(login),
                     userId);
}

struct Route
{
    QString id;
    QString title;
    QString registerId;
    QString documentKind;
    QString correspondentId;
    QString accessLevel;
    QString recipientGuid;
    QString fileName;
    QString draftSha256;
    QString authorId;
    QString signerId;
    QString status;
};

Result<Route> loadRoute(const QSqlDatabase &db, const QString &routeId)
{
    if (routeId.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose a document routed for signature."));
    auto row = Sql::exec(db,
                         QStringLiteral("SELECT id, title, register_id, document_kind, correspondent_id,"
                                        " access_level, recipient_guid, file_name, draft_sha256, author_id,"
                                        " signer_id, status FROM signing_route WHERE id = ?"),
                         {routeId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such document routed for signature."), routeId);
    Route route;
    route.id = row->value(0).toString();
    route.title = row->value(1).toString();
    route.registerId = row->value(2).toString();
    route.documentKind = row->value(3).toString();
    route.correspondentId = row->value(4).toString();
    route.accessLevel = row->value(5).toString();
    route.recipientGuid = row->value(6).toString();
    route.fileName = row->value(7).toString();
    route.draftSha256 = row->value(8).toString();
    route.authorId = row->value(9).toString();
    route.signerId = row->value(10).toString();
    route.status = row->value(11).toString();
    return route;
}

Status requireAwaiting(const Route &route)
{
    if (route.status == QLatin1String("signed"))
        return makeError(ErrorCode::InvalidState, Tr::tr("This document is already signed."), route.id);
    if (route.status == QLatin1String("returned"))
        return makeError(ErrorCode::InvalidState, Tr::tr("This document was returned to its author."),
                         route.id);
    if (route.status != QLatin1String("awaiting"))
        return makeError(ErrorCode::InvalidState, Tr::tr("This document was withdrawn by its author."),
                         route.id);
    return {};
}

Status requireSigner(const Session &session, const Route &route)
{
    if (route.signerId != session.userId)
        return makeError(ErrorCode::PermissionDenied,
                         Tr::tr("Only the official it was routed to may sign or return this document."),
                         QStringLiteral("user '%1' is not the signer of %2").arg(session.login, route.id));
    return session.require(Permission::SignOutgoing);
}

Status validateNote(const QString &note)
{
    if (note.size() > SigningRouteCommands::kMaxNoteLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The text is too long (at most %1 characters).")
                             .arg(SigningRouteCommands::kMaxNoteLength));
    return {};
}

/** The signing routes' entity on top of the shared feed publishing. */
class Publisher : public FeedPublisher
{
public:
    using FeedPublisher::FeedPublisher;

    Status route(const QString &id) { return publish(kEntity, id, &SigningRouteCommands::routeData); }
};

Result<CommandEffect> routeDraft(ServiceContext &context, const SyncCommandContext &c, qint64 maxFileBytes)
{
    const Session &session = c.session;
    DMS_TRY(session.require(Permission::RegisterDocument));
    const QJsonObject &payload = c.command.payload;
    const QString title = text(payload, "title");
    const QString note = text(payload, "note");
    const QString registerId = text(payload, "register_id");
    const QString kind = text(payload, "kind");
    const QString correspondentId = text(payload, "correspondent_id");
    const QString recipient = text(payload, "recipient_guid");
    const QString signerId = text(payload, "signer_id");
    QString fileName = text(payload, "name");
    if (fileName.isEmpty())
        fileName = QStringLiteral("outgoing.pdf");
    if (title.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The subject is required."));
    if (title.size() > SigningRouteCommands::kMaxTitleLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The subject is too long (at most %1 characters).")
                             .arg(SigningRouteCommands::kMaxTitleLength));
    if (kind.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The kind of document is required."));
    DMS_TRY(validateNote(note));
    const auto access = accessLevelFromName(
        payload.value(QStringLiteral("access_level")).toString(QStringLiteral("internal")));
    if (!access)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The channel or the access level is not valid."));
    if (!recipient.isEmpty() && QUuid::fromString(recipient).isNull())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The СЕОС recipient is not a valid GUID."),
                         recipient);
    if (fileName.size() > 255 || fileName.contains(QLatin1Char('/')) || fileName.contains(QLatin1Char('\\')))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file name is not valid."), fileName);

    const QSqlDatabase &db = c.db;
    auto registerRow
        = Sql::exec(db, QStringLiteral("SELECT kind, active FROM register WHERE id = ?"), {registerId});
    if (!registerRow)
        return registerRow.error();
    if (!registerRow->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such register."), registerId);
    if (registerRow->value(0).toString() != QLatin1String("outgoing") || registerRow->value(1).toInt() != 1)
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose an open outgoing register."), registerId);
    registerRow->finish();
    if (!correspondentId.isEmpty()) {
        auto known = Sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM correspondent WHERE id = ?"),
                                 {correspondentId});
        if (!known)
            return known.error();
        if (known->toInt() == 0)
            return makeError(ErrorCode::NotFound, Tr::tr("No such correspondent."), correspondentId);
    }
    auto signer = activeSigner(db, signerId);
    if (!signer)
        return signer.error();
    auto draft = uploadedPdf(c.blobs, payload, maxFileBytes);
    if (!draft)
        return draft.error();

    auto tx = Transaction::begin(context.database);
    if (!tx)
        return tx.error();
    const QString id = Ids::create(c.now);
    const QString sha256 = payload.value(QStringLiteral("sha256")).toString();
    DMS_TRY(
        Sql::exec(tx->connection(),
                  QStringLiteral("INSERT INTO signing_route (id, title, note, register_id, document_kind,"
                                 " correspondent_id, access_level, recipient_guid, file_name, draft_sha256,"
                                 " draft_size, author_id, signer_id, status, created_at)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'awaiting', ?)"),
                  {id, title, Sql::textOrNull(note), registerId, kind, Sql::textOrNull(correspondentId),
                   toName(*access), Sql::textOrNull(recipient.toLower()), fileName, sha256,
                   qint64(draft->size()), session.userId, signerId, Sql::toText(c.now)}));
    DMS_TRY(AuditJournal::append(*tx, session.login, c.now,
                                 AuditEvent {QStringLiteral("signing.route"),
                                             kEntity,
                                             id,
                                             {{QStringLiteral("registerId"), registerId},
                                              {QStringLiteral("signerId"), signerId},
                                              {QStringLiteral("sha256"), sha256},
                                              {QStringLiteral("send"), !recipient.isEmpty()}}}));
    DMS_TRY(tx->commit());
    Publisher publish(db, c.now);
    DMS_TRY(publish.route(id));
    return publish.done({{QStringLiteral("route_id"), id}, {QStringLiteral("signer"), *signer}});
}

/** Sends the registered document through the exchange handler, in a savepoint of
 *  its own: a refusal leaves the registration standing and says why on the route. */
Result<QString> sendByExchange(ServiceContext &context, const SyncCommandContext &c, const Session &author,
                               const SyncExtensions *extensions, const Route &route,
                               const QString &documentId, Publisher &publish)
{
    auto handler = extensions ? extensions->find(QStringLiteral("exchange.send")) : nullptr;
    if (!handler)
        return makeError(ErrorCode::InvalidState, Tr::tr("Not sent: the СЕОС exchange is not available."));
    auto tx = Transaction::begin(context.database);
    if (!tx)
        return tx.error();
    SyncCommand send {c.command.opId,
                      QStringLiteral("exchange.send"),
                      {{QStringLiteral("document_id"), documentId},
                       {QStringLiteral("recipient_guid"), route.recipientGuid},
                       {QStringLiteral("comment"), route.title}},
                      c.command.clientTime};
    auto effect = handler->apply({tx->connection(), c.desk, author, send, c.now, c.blobs});
    if (!effect) {
        tx->rollback();
        return effect.error();
    }
    DMS_TRY(tx->commit());
    publish.add(effect->changes);
    return effect->result.value(QStringLiteral("outbox_id")).toString();
}

Result<CommandEffect> sign(ServiceContext &context, const SyncCommandContext &c,
                           const SyncExtensions *extensions, qint64 maxFileBytes)
{
    const QJsonObject &payload = c.command.payload;
    auto route = loadRoute(c.db, text(payload, "route_id"));
    if (!route)
        return route.error();
    DMS_TRY(requireSigner(c.session, *route));
    DMS_TRY(requireAwaiting(*route));
    auto signedPdf = uploadedPdf(c.blobs, payload, maxFileBytes);
    if (!signedPdf)
        return signedPdf.error();
    QJsonObject draftPayload {{QStringLiteral("sha256"), route->draftSha256}};
    auto draft = uploadedPdf(c.blobs, draftPayload, maxFileBytes);
    if (!draft)
        return draft.error().code == ErrorCode::NotFound ? FeedPublisher::storageError(draft.error())
                                                         : draft.error();
    DMS_TRY(SignedPdfCheck::signsDraft(*draft, *signedPdf));

    // Registered on the author's behalf: the clerk who prepared it keeps the register.
    auto authorLogin
        = Sql::scalar(c.db, QStringLiteral("SELECT login FROM app_user WHERE id = ?"), {route->authorId});
    if (!authorLogin)
        return authorLogin.error();
    auto author = UserService(context).sessionFor(authorLogin->toString());
    if (!author)
        return author.error().code == ErrorCode::Storage
            ? author.error()
            : makeError(ErrorCode::InvalidState,
                        Tr::tr("The author of this document is no longer an active user; return it."),
                        route->authorId);

    auto tx = Transaction::begin(context.database);
    if (!tx)
        return tx.error();
    NewRegistration request;
    request.registerId = route->registerId;
    request.document.kind = route->documentKind;
    request.document.subject = route->title;
    request.document.correspondentId = route->correspondentId;
    request.document.channel = route->recipientGuid.isEmpty() ? Channel::Post : Channel::Seos;
    request.document.accessLevel = accessLevelFromName(route->accessLevel).value_or(AccessLevel::Internal);
    auto registration = RegistrationService(context).registerDocument(*author, request);
    if (!registration)
        return registration.error();
    const QString signedSha256 = payload.value(QStringLiteral("sha256")).toString();
    auto file
        = DocumentService(context, c.blobs)
              .addStoredFile(*author, registration->documentId, route->fileName, kMediaType, signedSha256);
    if (!file)
        return file.error();
    DMS_TRY(
        Sql::exec(tx->connection(),
                  QStringLiteral("UPDATE signing_route SET status = 'signed', signed_sha256 = ?,"
                                 " registration_id = ?, decided_at = ? WHERE id = ? AND status = 'awaiting'"),
                  {signedSha256, registration->id, Sql::toText(c.now), route->id}));
    DMS_TRY(AuditJournal::append(*tx, c.session.login, c.now,
                                 AuditEvent {QStringLiteral("signing.sign"),
                                             kEntity,
                                             route->id,
                                             {{QStringLiteral("sha256"), signedSha256},
                                              {QStringLiteral("registrationId"), registration->id},
                                              {QStringLiteral("index"), registration->index}}}));
    DMS_TRY(tx->commit());

    Publisher publish(c.db, c.now);
    QJsonObject result {{QStringLiteral("route_id"), route->id},
                        {QStringLiteral("registration_id"), registration->id},
                        {QStringLiteral("document_id"), registration->documentId},
                        {QStringLiteral("index"), registration->index},
                        {QStringLiteral("file_id"), file->id}};
    if (!route->recipientGuid.isEmpty()) {
        auto sent
            = sendByExchange(context, c, *author, extensions, *route, registration->documentId, publish);
        if (!sent && (sent.error().code == ErrorCode::Storage || sent.error().code == ErrorCode::Internal))
            return sent.error();
        const QString status = sent ? QStringLiteral("queued") : QStringLiteral("not-sent");
        const QString note = sent ? QString() : sent.error().message;
        DMS_TRY(Sql::exec(
            c.db, QStringLiteral("UPDATE signing_route SET send_status = ?, send_note = ? WHERE id = ?"),
            {status, Sql::textOrNull(note), route->id}));
        result.insert(QStringLiteral("send_status"), status);
        if (sent)
            result.insert(QStringLiteral("outbox_id"), *sent);
        else
            result.insert(QStringLiteral("send_note"), note);
    }
    DMS_TRY(publish.route(route->id));
    DMS_TRY(publish.registration(registration->id));
    return publish.done(result);
}

Result<CommandEffect> close(ServiceContext &context, const SyncCommandContext &c, bool byAuthor)
{
    const QJsonObject &payload = c.command.payload;
    auto route = loadRoute(c.db, text(payload, "route_id"));
    if (!route)
        return route.error();
    const QString reason = text(payload, "reason");
    if (byAuthor) {
        if (route->authorId != c.session.userId)
            return makeError(
                ErrorCode::PermissionDenied,
                Tr::tr("Only the author may withdraw a document routed for signature."),
                QStringLiteral("user '%1' is not the author of %2").arg(c.session.login, route->id));
    } else {
        DMS_TRY(requireSigner(c.session, *route));
        if (reason.isEmpty())
            return makeError(ErrorCode::InvalidInput, Tr::tr("Give the reason for returning the document."));
    }
    DMS_TRY(validateNote(reason));
    DMS_TRY(requireAwaiting(*route));
    auto tx = Transaction::begin(context.database);
    if (!tx)
        return tx.error();
    const QString status = byAuthor ? QStringLiteral("withdrawn") : QStringLiteral("returned");
    auto updated = Sql::exec(tx->connection(),
                             QStringLiteral("UPDATE signing_route SET status = ?, reason = ?, decided_at = ?"
                                            " WHERE id = ? AND status = 'awaiting'"),
                             {status, Sql::textOrNull(reason), Sql::toText(c.now), route->id});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::InvalidState, Tr::tr("This document is no longer awaiting signature."),
                         route->id);
    DMS_TRY(AuditJournal::append(
        *tx, c.session.login, c.now,
        AuditEvent {byAuthor ? QStringLiteral("signing.withdraw") : QStringLiteral("signing.return"),
                    kEntity,
                    route->id,
                    {{QStringLiteral("reason"), reason}}}));
    DMS_TRY(tx->commit());
    Publisher publish(c.db, c.now);
    DMS_TRY(publish.route(route->id));
    return publish.done({{QStringLiteral("route_id"), route->id}, {QStringLiteral("status"), status}});
}

} // namespace

bool SigningRouteCommands::handles(const QString &kind)
{
    static const QStringList kinds {QStringLiteral("signing.route"), QStringLiteral("signing.sign"),
                                    QStringLiteral("signing.return"), QStringLiteral("signing.withdraw")};
    return kinds.contains(kind);
}

Result<CommandEffect> SigningRouteCommands::apply(ServiceContext &context, const SyncCommandContext &command,
                                                  const SyncExtensions *extensions, qint64 maxFileBytes)
{
    const QString &kind = command.command.kind;
    if (kind == QLatin1String("signing.route"))
        return routeDraft(context, command, maxFileBytes);
    if (kind == QLatin1String("signing.sign"))
        return sign(context, command, extensions, maxFileBytes);
    if (kind == QLatin1String("signing.return"))
        return close(context, command, false);
    if (kind == QLatin1String("signing.withdraw"))
        return close(context, command, true);
    return makeError(ErrorCode::InvalidInput, Tr::tr("Unknown command kind."), kind);
}

Result<QJsonObject> SigningRouteCommands::routeData(const QSqlDatabase &db, const QString &routeId,
                                                    QString *accessLevel)
{
    auto row = Sql::exec(
        db,
        QStringLiteral("SELECT s.id, s.title, s.note, s.register_id, s.document_kind, s.correspondent_id,"
                       " s.access_level, s.recipient_guid, s.file_name, s.draft_sha256, s.draft_size,"
                       " s.author_id, s.signer_id, s.status, s.reason, s.signed_sha256, s.registration_id,"
                       " g.reg_index, s.send_status, s.send_note, s.created_at, s.decided_at"
                       " FROM signing_route s LEFT JOIN registration g ON g.id = s.registration_id"
                       " WHERE s.id = ?"),
        {routeId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such document routed for signature."), routeId);
    QJsonObject data {{QStringLiteral("id"), row->value(0).toString()},
                      {QStringLiteral("title"), row->value(1).toString()},
                      {QStringLiteral("register_id"), row->value(3).toString()},
                      {QStringLiteral("kind"), row->value(4).toString()},
                      {QStringLiteral("access_level"), row->value(6).toString()},
                      {QStringLiteral("file_name"), row->value(8).toString()},
                      {QStringLiteral("draft_sha256"), row->value(9).toString()},
                      {QStringLiteral("draft_size"), row->value(10).toLongLong()},
                      {QStringLiteral("author_id"), row->value(11).toString()},
                      {QStringLiteral("signer_id"), row->value(12).toString()},
                      {QStringLiteral("status"), row->value(13).toString()},
                      {QStringLiteral("created_at"), row->value(20).toString()}};
    const auto optional = [&](int column, const char *key) {
        if (!row->isNull(column))
            data.insert(QLatin1String(key), row->value(column).toString());
    };
    optional(2, "note");
    optional(5, "correspondent_id");
    optional(7, "recipient_guid");
    optional(14, "reason");
    optional(15, "signed_sha256");
    optional(16, "registration_id");
    optional(17, "registration_index");
    optional(18, "send_status");
    optional(19, "send_note");
    optional(21, "decided_at");
    if (accessLevel)
        *accessLevel = row->value(6).toString();
    return data;
}

} // namespace dms
