// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SyncService.h"

#include "core/Tr.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "sync/ChangeFeed.h"
#include "sync/ChangePageWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <utility>

namespace dms {

namespace {

const QByteArray kLogin = QByteArrayLiteral("/api/v1/sync/login");
const QByteArray kLogout = QByteArrayLiteral("/api/v1/sync/logout");
const QByteArray kPush = QByteArrayLiteral("/api/v1/sync/push");
const QByteArray kPull = QByteArrayLiteral("/api/v1/sync/pull");
const QByteArray kRegistration = QByteArrayLiteral("/api/v1/sync/registration");
const QByteArray kDesks = QByteArrayLiteral("/api/v1/sync/desks");
const QByteArray kBlobsMissing = QByteArrayLiteral("/api/v1/blobs/missing");
const QByteArray kBlobPart = QByteArrayLiteral("/api/v1/blobs/part");
const QByteArray kBlobParts = QByteArrayLiteral("/api/v1/blobs/parts");
const QByteArray kBlobComplete = QByteArrayLiteral("/api/v1/blobs/complete");
const QByteArray kBlobChunk = QByteArrayLiteral("/api/v1/blobs/chunk");
/** What one download reply carries (base64 in JSON, so both transports carry it unchanged). */
constexpr qint64 kChunkBytes = 4 * 1024 * 1024;

/** A JSON object body, or the error saying why not. */
Result<QJsonObject> jsonBody(const SyncRequest &request)
{
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parse);
    if (parse.error != QJsonParseError::NoError || !document.isObject())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The request body is not a JSON object."),
                         parse.errorString());
    return document.object();
}

SyncReply ok(const QJsonObject &body)
{
    return {200, body};
}

} // namespace

SyncService::SyncService(ServiceContext &context, SyncSettings settings)
    : m_context(context)
    , m_settings(std::move(settings))
    , m_desks(context)
    , m_sessions(context, m_settings.sessionLifetime)
    , m_uploads(m_settings.blobDir)
    , m_applier(context, m_notifier, m_uploads.store(), m_settings.maxFileBytes, &m_extensions)
{ }

void SyncService::shutdown()
{
    m_notifier.shutdown();
}

QList<std::pair<QByteArray, QByteArray>> SyncService::routes()
{
    return {{"POST", kLogin},       {"POST", kLogout},       {"POST", kPush},         {"GET", kPull},
            {"GET", kRegistration}, {"POST", kDesks},        {"POST", kBlobsMissing}, {"PUT", kBlobPart},
            {"GET", kBlobParts},    {"POST", kBlobComplete}, {"GET", kBlobChunk}};
}

int SyncService::httpStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
        return 400;
    case ErrorCode::PermissionDenied:
        return 403;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::AlreadyExists:
    case ErrorCode::Conflict:
    case ErrorCode::InvalidState:
        return 409;
    case ErrorCode::Corrupt:
        return 422;
    case ErrorCode::Storage:
        return 503;
    default:
        return 500;
    }
}

SyncReply SyncService::errorReply(const Error &error)
{
    const QJsonObject body {{QStringLiteral("code"), QLatin1String(errorCodeName(error.code))},
                            {QStringLiteral("message"), error.message}};
    return {httpStatus(error.code), QJsonObject {{QStringLiteral("error"), body}}};
}

Result<SyncService::Caller> SyncService::authenticate(const SyncRequest &request)
{
    auto desk = m_desks.findByCertificate(QString::fromLatin1(request.deskCertSha256));
    if (!desk)
        return desk.error();
    auto session = m_sessions.authenticate(*desk, request.query.value(QStringLiteral("session")));
    if (!session)
        return session.error();
    return Caller {*desk, *session};
}

SyncReply SyncService::handle(const SyncRequest &request, SyncReplyForm form)
{
    if (request.path == kLogin && request.method == "POST")
        return login(request);
    auto caller = authenticate(request);
    if (!caller) {
        SyncReply reply = errorReply(caller.error());
        if (caller.error().code == ErrorCode::PermissionDenied)
            reply.status = 401;
        return reply;
    }
    if (request.path == kLogout) {
        const Status done = m_sessions.logout(caller->desk, request.query.value(QStringLiteral("session")));
        return done ? ok({}) : errorReply(done.error());
    }
    if (request.path == kPush)
        return push(*caller, request);
    if (request.path == kPull)
        return pull(*caller, request, form);
    if (request.path == kRegistration)
        return registration(*caller, request);
    if (request.path == kDesks)
        return addDesk(*caller, request);
    // Blobs: any logged-in desk user may upload what its commands refer to.
    if (request.path == kBlobsMissing)
        return blobsMissing(request);
    if (request.path == kBlobPart)
        return blobPart(request);
    if (request.path == kBlobParts)
        return blobParts(request);
    if (request.path == kBlobComplete)
        return blobComplete(request);
    if (request.path == kBlobChunk)
        return blobChunk(*caller, request);
    return errorReply(makeError(ErrorCode::NotFound, Tr::tr("There is no such resource.")));
}

SyncReply SyncService::login(const SyncRequest &request)
{
    auto desk = m_desks.findByCertificate(QString::fromLatin1(request.deskCertSha256));
    if (!desk) {
        SyncReply reply = errorReply(desk.error());
        reply.status = 401;
        return reply;
    }
    auto body = jsonBody(request);
    if (!body)
        return errorReply(body.error());
    auto made = m_sessions.login(*desk, body->value(QStringLiteral("login")).toString());
    if (!made)
        return errorReply(made.error());
    QJsonArray roles;
    for (Role role : made->session.roles)
        roles.append(roleName(role));
    return ok({{QStringLiteral("session"), made->token},
               {QStringLiteral("expires_at"), made->expiresAt.toString(Qt::ISODateWithMs)},
               {QStringLiteral("user"),
                QJsonObject {{QStringLiteral("id"), made->session.userId},
                             {QStringLiteral("login"), made->session.login},
                             {QStringLiteral("roles"), roles}}},
               {QStringLiteral("desk"),
                QJsonObject {{QStringLiteral("id"), desk->id}, {QStringLiteral("name"), desk->name}}},
               // The extra command kinds of this server (e.g. "exchange.send"): the desk offers them.
               {QStringLiteral("commands"), QJsonArray::fromStringList(m_extensions.kinds())}});
}

SyncReply SyncService::push(const Caller &caller, const SyncRequest &request)
{
    auto body = jsonBody(request);
    if (!body)
        return errorReply(body.error());
    const QJsonValue opsValue = body->value(QStringLiteral("ops"));
    if (!opsValue.isArray())
        return errorReply(makeError(ErrorCode::InvalidInput, Tr::tr("The push needs an \"ops\" array.")));
    const QJsonArray ops = opsValue.toArray();
    if (ops.size() > m_settings.maxOpsPerPush)
        return errorReply(makeError(ErrorCode::InvalidInput,
                                    Tr::tr("At most %1 commands per push.").arg(m_settings.maxOpsPerPush)));
    // Checked as a whole first, so that a malformed batch changes nothing.
    for (const QJsonValue &op : ops) {
        if (!op.isObject() || !op.toObject().value(QStringLiteral("op_id")).isString()
            || !op.toObject().value(QStringLiteral("kind")).isString()
            || !op.toObject().value(QStringLiteral("payload")).isObject())
            return errorReply(makeError(ErrorCode::InvalidInput,
                                        Tr::tr("Each command needs op_id, kind and a payload object.")));
    }
    QJsonArray results;
    for (const QJsonValue &value : ops) {
        const QJsonObject op = value.toObject();
        SyncCommand command {
            op.value(QStringLiteral("op_id")).toString(), op.value(QStringLiteral("kind")).toString(),
            op.value(QStringLiteral("payload")).toObject(),
            QDateTime::fromString(op.value(QStringLiteral("client_time")).toString(), Qt::ISODateWithMs)};
        const SyncOutcome outcome = m_applier.apply(caller.desk, caller.session, command);
        results.append(outcome.json);
        // Order matters (outbox order): stop at the first command the server could not decide.
        if (outcome.kind == SyncOutcome::Kind::Retry)
            break;
    }
    return ok({{QStringLiteral("results"), results}});
}

SyncReply SyncService::pull(const Caller &caller, const SyncRequest &request, SyncReplyForm form)
{
    bool ok1 = true, ok2 = true, ok3 = true;
    const QString cursorText = request.query.value(QStringLiteral("cursor"), QStringLiteral("0"));
    const qint64 cursor = cursorText.toLongLong(&ok1);
    const int limit = request.query.value(QStringLiteral("limit"), QStringLiteral("500")).toInt(&ok2);
    const int waitSeconds = request.query.value(QStringLiteral("wait"), QStringLiteral("0")).toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || cursor < 0 || limit < 1 || waitSeconds < 0)
        return errorReply(
            makeError(ErrorCode::InvalidInput, Tr::tr("cursor, limit and wait must be numbers.")));
    const bool restricted = caller.session.can(Permission::ReadRestricted);
    const int boundedLimit = std::min(limit, m_settings.maxPullLimit);

    std::chrono::milliseconds wait
        = std::min<std::chrono::milliseconds>(std::chrono::seconds(waitSeconds), m_settings.maxWait);
    const bool mayWait = wait.count() > 0 && m_waitingPulls.fetch_add(1) < m_settings.maxWaitingPulls;
    if (wait.count() > 0 && !mayWait)
        m_waitingPulls.fetch_sub(1);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    Result<ChangePage> page = ChangeFeed::read(m_context.database, cursor, boundedLimit, restricted);
    while (mayWait && page && page->changes.isEmpty() && page->nextCursor == cursor) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || m_notifier.isShutdown())
            break;
        // Woken by this process's commits; the slice also notices other processes' writes.
        m_notifier.waitBeyond(cursor, std::min(left, std::chrono::milliseconds(500)));
        page = ChangeFeed::read(m_context.database, cursor, boundedLimit, restricted);
    }
    if (mayWait)
        m_waitingPulls.fetch_sub(1);
    if (!page)
        return errorReply(page.error());
    // The page is written as bytes around the feed's stored JSON; only an
    // in-process caller that wants an object pays for parsing it.
    SyncReply reply;
    reply.encodedBody = ChangePageWriter::write(*page);
    if (form == SyncReplyForm::Object)
        reply.body = QJsonDocument::fromJson(std::exchange(reply.encodedBody, {})).object();
    return reply;
}

SyncReply SyncService::registration(const Caller &caller, const SyncRequest &request)
{
    const Status readable = caller.session.require(Permission::ReadDocuments);
    if (!readable)
        return errorReply(readable.error());
    auto db = m_context.database.connection();
    if (!db)
        return errorReply(db.error());
    QString access;
    auto data = SyncCommandApplier::registrationData(*db, request.query.value(QStringLiteral("id")), &access);
    if (!data)
        return errorReply(data.error());
    if (access == QLatin1String("restricted")) {
        const Status allowed = caller.session.require(Permission::ReadRestricted);
        if (!allowed)
            return errorReply(allowed.error());
    }
    return ok(*data);
}

SyncReply SyncService::addDesk(const Caller &caller, const SyncRequest &request)
{
    auto body = jsonBody(request);
    if (!body)
        return errorReply(body.error());
    auto desk = m_desks.add(caller.session, body->value(QStringLiteral("name")).toString(),
                            body->value(QStringLiteral("cert_sha256")).toString());
    if (!desk)
        return errorReply(desk.error());
    return {201, QJsonObject {{QStringLiteral("id"), desk->id}, {QStringLiteral("name"), desk->name}}};
}

SyncReply SyncService::blobsMissing(const SyncRequest &request)
{
    auto body = jsonBody(request);
    if (!body)
        return errorReply(body.error());
    QStringList hashes;
    for (const QJsonValue &value : body->value(QStringLiteral("hashes")).toArray())
        hashes.append(value.toString());
    if (hashes.size() > 10'000)
        return errorReply(
            makeError(ErrorCode::InvalidInput, Tr::tr("Ask about at most 10000 blobs at once.")));
    auto missing = m_uploads.missing(hashes);
    if (!missing)
        return errorReply(missing.error());
    return ok({{QStringLiteral("missing"), QJsonArray::fromStringList(*missing)}});
}

SyncReply SyncService::blobPart(const SyncRequest &request)
{
    bool valid = false;
    const int number = request.query.value(QStringLiteral("part")).toInt(&valid);
    if (!valid)
        return errorReply(makeError(ErrorCode::InvalidInput, Tr::tr("The part number is missing.")));
    const QString sha256 = request.query.value(QStringLiteral("sha256"));
    // Parts past the largest file accepted are refused before they take disk space.
    if (qint64(number) * BlobUploads::kMaxPartBytes >= m_settings.maxFileBytes)
        return errorReply(makeError(ErrorCode::InvalidInput,
                                    Tr::tr("The file is larger than the office accepts (%1 MB).")
                                        .arg(m_settings.maxFileBytes / (1024 * 1024))));
    const Status stored
        = m_uploads.putPart(sha256, number, request.body, request.query.value(QStringLiteral("part_sha256")));
    if (!stored)
        return errorReply(stored.error());
    return ok({{QStringLiteral("sha256"), sha256},
               {QStringLiteral("part"), number},
               {QStringLiteral("size"), qint64(request.body.size())}});
}

SyncReply SyncService::blobParts(const SyncRequest &request)
{
    auto parts = m_uploads.parts(request.query.value(QStringLiteral("sha256")));
    if (!parts)
        return errorReply(parts.error());
    QJsonArray list;
    for (const BlobPart &part : *parts)
        list.append(QJsonObject {{QStringLiteral("part"), part.number},
                                 {QStringLiteral("size"), part.size},
                                 {QStringLiteral("sha256"), part.sha256}});
    return ok({{QStringLiteral("parts"), list}});
}

SyncReply SyncService::blobComplete(const SyncRequest &request)
{
    bool valid = false;
    const int count = request.query.value(QStringLiteral("parts")).toInt(&valid);
    if (!valid)
        return errorReply(makeError(ErrorCode::InvalidInput, Tr::tr("The part count is missing.")));
    auto info = m_uploads.complete(request.query.value(QStringLiteral("sha256")), count);
    if (!info)
        return errorReply(info.error());
    return ok({{QStringLiteral("sha256"), info->sha256}, {QStringLiteral("size"), info->size}});
}

SyncReply SyncService::blobChunk(const Caller &caller, const SyncRequest &request)
{
    // Only the bytes of a file of a document the session may read: a hash alone opens nothing.
    const Status readable = caller.session.require(Permission::ReadDocuments);
    if (!readable)
        return errorReply(readable.error());
    const QString sha256 = request.query.value(QStringLiteral("sha256"));
    bool valid = false;
    const qint64 offset
        = request.query.value(QStringLiteral("offset"), QStringLiteral("0")).toLongLong(&valid);
    if (!BlobStore::isValidName(sha256) || !valid || offset < 0)
        return errorReply(
            makeError(ErrorCode::InvalidInput, Tr::tr("A download needs a SHA-256 and an offset.")));
    auto db = m_context.database.connection();
    if (!db)
        return errorReply(db.error());
    auto levels = Sql::exec(*db,
                            QStringLiteral("SELECT DISTINCT d.access_level FROM document_file f"
                                           " JOIN document d ON d.id = f.document_id WHERE f.sha256 = ?"),
                            {sha256});
    if (!levels)
        return errorReply(levels.error());
    bool known = false, open = false;
    while (levels->next()) {
        known = true;
        open = open || levels->value(0).toString() != QLatin1String("restricted");
    }
    levels->finish();
    if (!open) {
        // A draft routed for signature (or its signed PDF) opens to its author and its signer.
        auto routed
            = Sql::scalar(*db,
                          QStringLiteral("SELECT COUNT(*) FROM signing_route WHERE (draft_sha256 = ?"
                                         " OR signed_sha256 = ?) AND (author_id = ? OR signer_id = ?)"),
                          {sha256, sha256, caller.session.userId, caller.session.userId});
        if (!routed)
            return errorReply(routed.error());
        if (routed->toInt() > 0)
            known = open = true;
    }
    const Error noSuchFile = makeError(ErrorCode::NotFound, Tr::tr("No such file."), sha256);
    if (!known)
        return errorReply(noSuchFile);
    if (!open) {
        const Status allowed = caller.session.require(Permission::ReadRestricted);
        if (!allowed)
            return errorReply(allowed.error());
    }
    auto file = m_uploads.store().open(sha256);
    if (!file)
        return errorReply(file.error().code == ErrorCode::NotFound ? noSuchFile : file.error());
    const qint64 size = (*file)->size();
    if (offset > size || !(*file)->seek(offset))
        return errorReply(
            makeError(ErrorCode::InvalidInput, Tr::tr("The offset is past the end of the file.")));
    const QByteArray bytes = (*file)->read(std::min(kChunkBytes, size - offset));
    return ok({{QStringLiteral("sha256"), sha256},
               {QStringLiteral("size"), size},
               {QStringLiteral("offset"), offset},
               {QStringLiteral("data"), QString::fromLatin1(bytes.toBase64())}});
}

} // namespace dms
