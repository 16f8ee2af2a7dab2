// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SyncEngine.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "storage/BlobStore.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/BlobTransfer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <algorithm>
#include <climits>

namespace dms {

namespace {

const QString kChangesStream = QStringLiteral("changes");
const QString kProvisionalStream = QStringLiteral("provisional");
const QString kLoginEntity = QStringLiteral("login");

bool isOffline(const Error &error)
{
    return error.code == ErrorCode::Network || error.code == ErrorCode::Timeout
        || error.code == ErrorCode::Cancelled;
}

Error replyError(const SyncReply &reply)
{
    const QJsonObject error = reply.body.value(QStringLiteral("error")).toObject();
    const ErrorCode code = reply.status == 401 ? ErrorCode::PermissionDenied
        : reply.status >= 500                  ? ErrorCode::Network
                                               : ErrorCode::InvalidInput;
    return makeError(code, error.value(QStringLiteral("message")).toString(),
                     error.value(QStringLiteral("code")).toString());
}

QByteArray toBody(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

SyncEngine::SyncEngine(std::shared_ptr<Database> local, const Clock &clock, TransportFactory transport,
                       SyncEngineSettings settings, QObject *parent)
    : QObject(parent)
    , m_local(std::move(local))
    , m_clock(clock)
    , m_factory(std::move(transport))
    , m_settings(std::move(settings))
    , m_outbox(*m_local)
{
    if (!m_settings.fileDir.isEmpty())
        m_files = std::make_unique<BlobStore>(m_settings.fileDir);
}

SyncEngine::~SyncEngine()
{
    stop();
}

void SyncEngine::start()
{
    if (m_thread)
        return;
    m_stopping = false;
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("dms-sync"));
    m_thread->start();
}

void SyncEngine::stop()
{
    if (!m_thread)
        return;
    m_stopping = true;
    if (SyncTransport *transport = m_transport.load())
        transport->interrupt();
    syncNow();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    setState(SyncState::Stopped);
}

void SyncEngine::syncNow()
{
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_wake.notify_all();
}

void SyncEngine::sleepFor(int milliseconds)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::milliseconds(milliseconds), [this] { return m_woken || m_stopping; });
    m_woken = false;
}

void SyncEngine::setState(SyncState state)
{
    if (m_state.exchange(state) != state)
        Q_EMIT stateChanged(state);
}

Result<OutboxEntry> SyncEngine::enqueue(const QString &kind, const QJsonObject &payload)
{
    auto tx = Transaction::begin(*m_local);
    if (!tx)
        return tx.error();
    auto entry = m_outbox.enqueue(kind, payload, m_clock.now());
    if (!entry)
        return entry;
    if (m_observer)
        DMS_TRY(m_observer->commandQueued(tx->connection(), *entry));
    DMS_TRY(tx->commit());
    syncNow();
    return entry;
}

Status SyncEngine::decide(const QString &opId, bool applied, const QJsonObject &answer)
{
    // The outbox and the read side change together: a provisional row never
    // outlives its decided command, nor goes before it.
    auto tx = Transaction::begin(*m_local);
    if (!tx)
        return tx.error();
    DMS_TRY(m_outbox.decide(opId, applied, answer));
    if (m_observer)
        DMS_TRY(m_observer->commandDecided(tx->connection(), opId, applied, answer));
    DMS_TRY(tx->commit());
    Q_EMIT commandDecided(opId, applied, answer);
    return {};
}

void SyncEngine::setLastError(const QString &message)
{
    std::lock_guard lock(m_errorMutex);
    m_lastError = message;
}

QString SyncEngine::lastError() const
{
    std::lock_guard lock(m_errorMutex);
    return m_lastError;
}

Result<OutboxEntry> SyncEngine::registerDocument(const NewRegistration &request)
{
    const DocumentDraft &draft = request.document;
    QJsonObject document {{QStringLiteral("kind"), draft.kind},
                          {QStringLiteral("subject"), draft.subject},
                          {QStringLiteral("channel"), toName(draft.channel)},
                          {QStringLiteral("page_count"), draft.pageCount},
                          {QStringLiteral("access_level"), toName(draft.accessLevel)}};
    if (!draft.correspondentId.isEmpty())
        document.insert(QStringLiteral("correspondent_id"), draft.correspondentId);
    if (!draft.classificationId.isEmpty())
        document.insert(QStringLiteral("classification_id"), draft.classificationId);
    if (!draft.fullText.isEmpty())
        document.insert(QStringLiteral("full_text"), draft.fullText);
    QJsonObject payload {{QStringLiteral("document"), document}};
    if (!request.registerId.isEmpty())
        payload.insert(QStringLiteral("register_id"), request.registerId);
    if (!request.caseId.isEmpty())
        payload.insert(QStringLiteral("case_id"), request.caseId);
    if (request.openCase) {
        payload.insert(QStringLiteral("open_case"), true);
        payload.insert(QStringLiteral("case_title"), request.caseTitle);
    }

    // The provisional number and the outbox entry are one transaction.
    auto tx = Transaction::begin(*m_local);
    if (!tx)
        return tx.error();
    DMS_TRY(Sql::exec(
        tx->connection(),
        QStringLiteral("INSERT INTO sync_state (stream, cursor) VALUES (?, 0) ON CONFLICT DO NOTHING"),
        {kProvisionalStream}));
    auto next = Sql::exec(
        tx->connection(),
        QStringLiteral("UPDATE sync_state SET cursor = cursor + 1 WHERE stream = ? RETURNING cursor"),
        {kProvisionalStream});
    if (!next)
        return next.error();
    if (!next->next())
        return makeError(ErrorCode::Internal, Tr::tr("Could not issue a provisional number."));
    const qint64 number = next->value(0).toLongLong();
    next->finish();
    const QDateTime now = m_clock.now().toUTC();
    QString provisionalNumber = QStringLiteral("ВР-%1-%2").arg(m_settings.deskCode).arg(number);
    if (state() != SyncState::Online && !request.registerId.isEmpty() && request.caseId.isEmpty()) {
        // The year is the server's to check: a lease of another year is refused there.
        auto leased
            = Sql::exec(tx->connection(),
                        QStringLiteral("UPDATE sync_desk_lease SET next_number = next_number + 1"
                                       " WHERE lease_id = (SELECT lease_id FROM sync_desk_lease"
                                       " WHERE register_id = ? AND year = ? AND active = 1"
                                       " AND next_number <= last_number ORDER BY first_number LIMIT 1)"
                                       " RETURNING next_number - 1, year"),
                        {request.registerId, now.toLocalTime().date().year()});
        if (!leased)
            return leased.error();
        if (leased->next()) {
            payload.insert(QStringLiteral("leased_number"), leased->value(0).toLongLong());
            payload.insert(QStringLiteral("year"), leased->value(1).toInt());
            provisionalNumber = leased->value(0).toString();
        }
    }
    payload.insert(QStringLiteral("provisional"),
                   QJsonObject {{QStringLiteral("number"), provisionalNumber},
                                {QStringLiteral("received_at_local"), Sql::toText(now)}});
    auto entry = m_outbox.enqueue(QStringLiteral("registration.create"), payload, now);
    if (!entry)
        return entry;
    if (m_observer)
        DMS_TRY(m_observer->commandQueued(tx->connection(), *entry));
    DMS_TRY(tx->commit());
    syncNow();
    return entry;
}

Result<OutboxEntry> SyncEngine::annul(const QString &registrationId, const QString &reason)
{
    return enqueue(QStringLiteral("registration.annul"),
                   {{QStringLiteral("registration_id"), registrationId}, {QStringLiteral("reason"), reason}});
}

Result<OutboxEntry> SyncEngine::addCorrespondent(const Correspondent &c)
{
    return enqueue(QStringLiteral("correspondent.create"),
                   {{QStringLiteral("kind"), toName(c.kind)},
                    {QStringLiteral("name"), c.name},
                    {QStringLiteral("egn"), c.egn},
                    {QStringLiteral("eik"), c.eik},
                    {QStringLiteral("seos_guid"), c.seosGuid},
                    {QStringLiteral("address"), c.address},
                    {QStringLiteral("email"), c.email},
                    {QStringLiteral("phone"), c.phone}});
}

Result<OutboxEntry> SyncEngine::attachFile(const FileAttachment &target, QIODevice &content)
{
    if (!m_files)
        return makeError(ErrorCode::InvalidState, Tr::tr("This desk has no place for files."));
    if (target.documentId.isEmpty() == target.registrationOpId.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file needs the document or the registration it belongs to."));
    if (content.isSequential() ? false : content.size() > m_settings.maxFileBytes)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file is larger than the office accepts (%1 MB).")
                             .arg(m_settings.maxFileBytes / (1024 * 1024)));
    auto blob = m_files->put(content);
    if (!blob)
        return blob.error();
    if (blob->size > m_settings.maxFileBytes)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file is larger than the office accepts (%1 MB).")
                             .arg(m_settings.maxFileBytes / (1024 * 1024)));
    QJsonObject payload {{QStringLiteral("sha256"), blob->sha256},
                         {QStringLiteral("size"), blob->size},
                         {QStringLiteral("name"), target.name},
                         {QStringLiteral("media_type"), target.mediaType}};
    if (!target.documentId.isEmpty())
        payload.insert(QStringLiteral("document_id"), target.documentId);
    else
        payload.insert(QStringLiteral("registration_op_id"), target.registrationOpId);
    return enqueue(QStringLiteral("document.attach_file"), payload);
}

Result<BlobInfo> SyncEngine::keepFile(QIODevice &content)
{
    if (!m_files)
        return makeError(ErrorCode::InvalidState, Tr::tr("This desk has no place for files."));
    auto blob = m_files->put(content);
    if (!blob)
        return blob.error();
    if (blob->size > m_settings.maxFileBytes)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file is larger than the office accepts (%1 MB).")
                             .arg(m_settings.maxFileBytes / (1024 * 1024)));
    return blob;
}

QString SyncEngine::localFile(const QString &sha256) const
{
    return m_files && m_files->contains(sha256) ? m_files->pathFor(sha256) : QString();
}

void SyncEngine::requestFile(const QString &sha256)
{
    {
        std::lock_guard lock(m_wantedMutex);
        if (!m_wantedFiles.contains(sha256))
            m_wantedFiles.append(sha256);
    }
    syncNow();
}

Result<qint64> SyncEngine::cursor()
{
    auto db = m_local->connection();
    if (!db)
        return db.error();
    auto value = Sql::scalar(*db, QStringLiteral("SELECT cursor FROM sync_state WHERE stream = ?"),
                             {kChangesStream});
    if (!value)
        return value.error().code == ErrorCode::NotFound ? Result<qint64>(qint64(0))
                                                         : Result<qint64>(value.error());
    return value->toLongLong();
}

Result<QJsonObject> SyncEngine::replicated(const QString &entity, const QString &id)
{
    auto db = m_local->connection();
    if (!db)
        return db.error();
    auto value
        = Sql::scalar(*db, QStringLiteral("SELECT data FROM sync_replica WHERE entity = ? AND entity_id = ?"),
                      {entity, id});
    if (!value)
        return value.error();
    return QJsonDocument::fromJson(value->toString().toUtf8()).object();
}

Result<QJsonObject> SyncEngine::lastLogin()
{
    return replicated(kLoginEntity, m_settings.userLogin);
}

Result<int> SyncEngine::replicaCount(const QString &entity)
{
    auto db = m_local->connection();
    if (!db)
        return db.error();
    auto value
        = Sql::scalar(*db, QStringLiteral("SELECT COUNT(*) FROM sync_replica WHERE entity = ?"), {entity});
    if (!value)
        return value.error();
    return value->toInt();
}

void SyncEngine::run()
{
    std::unique_ptr<SyncTransport> transport = m_factory();
    m_transport = transport.get();
    while (!m_stopping) {
        const Status done = round(*transport);
        if (m_stopping)
            break;
        if (!done) {
            if (isOffline(done.error()) || done.error().code == ErrorCode::PermissionDenied) {
                m_session.clear();
                setLastError(done.error().message);
                setState(SyncState::Offline);
            }
            sleepFor(m_settings.retryIntervalMs);
        }
    }
    m_transport = nullptr;
    transport.reset();
}

Result<SyncReply> SyncEngine::call(SyncTransport &transport, SyncRequest request)
{
    request.query.insert(QStringLiteral("session"), m_session);
    auto reply = transport.send(request);
    if (reply && reply->status == 401) {
        // The session expired or the server forgot it: log in again once.
        m_session.clear();
        DMS_TRY(login(transport));
        request.query.insert(QStringLiteral("session"), m_session);
        reply = transport.send(request);
    }
    return reply;
}

Status SyncEngine::login(SyncTransport &transport)
{
    auto reply = transport.send(
        {"POST", "/api/v1/sync/login", {}, toBody({{QStringLiteral("login"), m_settings.userLogin}}), {}});
    if (!reply)
        return reply.error();
    if (!reply->isSuccess())
        return replyError(*reply);
    m_session = reply->body.value(QStringLiteral("session")).toString();
    m_deskId = reply->body.value(QStringLiteral("desk")).toObject().value(QStringLiteral("id")).toString();
    QJsonObject user = reply->body.value(QStringLiteral("user")).toObject();
    // Kept with the login: the extra commands this office applies (e.g. "exchange.send").
    user.insert(QStringLiteral("commands"), reply->body.value(QStringLiteral("commands")).toArray());
    auto db = m_local->connection();
    if (!db)
        return db.error();
    DMS_TRY(
        Sql::exec(*db,
                  QStringLiteral("INSERT INTO sync_replica (entity, entity_id, seq, data) VALUES (?, ?, 0, ?)"
                                 " ON CONFLICT (entity, entity_id) DO UPDATE SET data = excluded.data"),
                  {kLoginEntity, m_settings.userLogin, QString::fromUtf8(toBody(user))}));
    setLastError({});
    Q_EMIT signedIn(user);
    return {};
}

Status SyncEngine::round(SyncTransport &transport)
{
    if (m_session.isEmpty())
        DMS_TRY(login(transport));
    DMS_TRY(pushAll(transport));
    fetchRequested(transport);
    // Catch up without waiting, then wait for news (unless the outbox has more).
    bool hasMore = true;
    m_received = 0;
    while (hasMore && !m_stopping)
        DMS_TRY(pullOnce(transport, false, &hasMore));
    auto rejected = m_outbox.count(QStringLiteral("rejected"));
    setState(rejected && *rejected > 0 ? SyncState::Conflicts : SyncState::Online);
    auto pending = m_outbox.count(QStringLiteral("pending"));
    bool woken = false;
    {
        std::lock_guard lock(m_mutex);
        woken = std::exchange(m_woken, false);
    }
    if (pending && *pending == 0 && !woken && !m_stopping)
        DMS_TRY(pullOnce(transport, true, &hasMore));
    return {};
}

Status SyncEngine::pushAll(SyncTransport &transport)
{
    auto total = m_outbox.count(QStringLiteral("pending"));
    if (!total)
        return total.error();
    int done = 0;
    int batchSize = m_settings.pushBatch;
    while (!m_stopping) {
        auto batch = m_outbox.pending(batchSize);
        if (!batch)
            return batch.error();
        if (batch->isEmpty())
            return {};
        auto refusedFiles = uploadFiles(transport, *batch);
        if (!refusedFiles)
            return refusedFiles.error();
        if (*refusedFiles > 0)
            continue; // the batch without the commands decided here
        QJsonArray ops;
        for (const OutboxEntry &entry : *batch)
            ops.append(QJsonObject {{QStringLiteral("op_id"), entry.opId},
                                    {QStringLiteral("kind"), entry.kind},
                                    {QStringLiteral("payload"), entry.payload},
                                    {QStringLiteral("client_time"), Sql::toText(entry.createdAt)}});
        const QByteArray body = toBody({{QStringLiteral("ops"), ops}});
        // Over the server's body limit (known here, or answered 413): send fewer at once.
        // A single command that is too large can never be taken: refused here for the clerk.
        auto reply = body.size() > m_settings.maxPushBytes
            ? Result<SyncReply>(SyncReply {413, {}})
            : call(transport, {"POST", "/api/v1/sync/push", {}, body, {}});
        if (!reply)
            return reply.error();
        if (reply->status == 413) {
            if (batch->size() > 1) {
                batchSize = std::max(1, int(batch->size()) / 2);
                continue;
            }
            const QJsonObject answer {
                {QStringLiteral("op_id"), batch->constFirst().opId},
                {QStringLiteral("outcome"), QStringLiteral("rejected")},
                {QStringLiteral("error"),
                 QJsonObject {
                     {QStringLiteral("code"), QLatin1String(errorCodeName(ErrorCode::InvalidInput))},
                     {QStringLiteral("message"), Tr::tr("The command is larger than the server accepts.")}}}};
            DMS_TRY(decide(batch->constFirst().opId, false, answer));
            continue;
        }
        if (!reply->isSuccess())
            return replyError(*reply);
        const QJsonArray results = reply->body.value(QStringLiteral("results")).toArray();
        for (const QJsonValue &value : results) {
            const QJsonObject answer = value.toObject();
            const QString opId = answer.value(QStringLiteral("op_id")).toString();
            const QString outcome = answer.value(QStringLiteral("outcome")).toString();
            if (outcome == QLatin1String("retry")) {
                DMS_TRY(m_outbox.attemptFailed(opId,
                                               answer.value(QStringLiteral("error"))
                                                   .toObject()
                                                   .value(QStringLiteral("message"))
                                                   .toString()));
                return makeError(ErrorCode::Network, Tr::tr("The server could not take the command now."));
            }
            DMS_TRY(decide(opId, outcome == QLatin1String("applied"), answer));
            ++done;
        }
        Q_EMIT progress(done, *total, Tr::tr("Sending"));
        if (results.size() < batch->size())
            return makeError(ErrorCode::Network, Tr::tr("The server answered only part of the commands."));
    }
    return {};
}

Result<int> SyncEngine::uploadFiles(SyncTransport &transport, const QList<OutboxEntry> &batch)
{
    int refused = 0;
    for (const OutboxEntry &entry : batch) {
        // Commands that carry a file by its hash: a file of an entry, a draft or a signed PDF.
        if (entry.kind != QLatin1String("document.attach_file")
            && entry.kind != QLatin1String("signing.route") && entry.kind != QLatin1String("signing.sign"))
            continue;
        if (!m_files)
            return makeError(ErrorCode::InvalidState, Tr::tr("This desk has no place for files."));
        BlobTransfer transfer(*m_files, [this, &transport](SyncRequest request) {
            return call(transport, std::move(request));
        });
        const Status sent = transfer.upload(entry.payload.value(QStringLiteral("sha256")).toString());
        if (sent)
            continue;
        if (isOffline(sent.error()) || sent.error().code == ErrorCode::PermissionDenied)
            return sent.error(); // not the file's fault: sent again at the next round
        // Refused for good (lost on the desk, too large, damaged): the clerk sees it as a conflict.
        const QJsonObject answer {
            {QStringLiteral("op_id"), entry.opId},
            {QStringLiteral("outcome"), QStringLiteral("rejected")},
            {QStringLiteral("error"),
             QJsonObject {{QStringLiteral("code"), QLatin1String(errorCodeName(sent.error().code))},
                          {QStringLiteral("message"), sent.error().message}}}};
        DMS_TRY(decide(entry.opId, false, answer));
        ++refused;
    }
    return refused;
}

void SyncEngine::fetchRequested(SyncTransport &transport)
{
    QStringList wanted;
    {
        std::lock_guard lock(m_wantedMutex);
        wanted = std::exchange(m_wantedFiles, {});
    }
    for (const QString &sha256 : std::as_const(wanted)) {
        if (!m_files) {
            Q_EMIT fileFetched(sha256, Tr::tr("This desk has no place for files."));
            continue;
        }
        BlobTransfer transfer(*m_files, [this, &transport](SyncRequest request) {
            return call(transport, std::move(request));
        });
        const Status fetched = transfer.download(sha256);
        if (!fetched && isOffline(fetched.error())) {
            // Asked again at the next round, when the server is back.
            std::lock_guard lock(m_wantedMutex);
            m_wantedFiles.append(sha256);
            return;
        }
        Q_EMIT fileFetched(sha256, fetched ? QString() : fetched.error().message);
    }
}

Status SyncEngine::pullOnce(SyncTransport &transport, bool wait, bool *hasMore)
{
    auto from = cursor();
    if (!from)
        return from.error();
    SyncRequest request {"GET",
                         "/api/v1/sync/pull",
                         {{QStringLiteral("cursor"), QString::number(*from)},
                          {QStringLiteral("limit"), QString::number(m_settings.pullLimit)},
                          {QStringLiteral("wait"), QString::number(wait ? m_settings.pollWaitSeconds : 0)}},
                         {},
                         {}};
    auto reply = call(transport, request);
    if (!reply)
        return reply.error();
    if (!reply->isSuccess())
        return replyError(*reply);
    *hasMore = reply->body.value(QStringLiteral("has_more")).toBool();
    DMS_TRY(storeChanges(reply->body));
    if (!reply->body.value(QStringLiteral("changes")).toArray().isEmpty())
        Q_EMIT progress(int(std::min<qint64>(m_received, INT_MAX)),
                        *hasMore ? 0 : int(std::min<qint64>(m_received, INT_MAX)), Tr::tr("Receiving"));
    return {};
}

Status SyncEngine::storeChanges(const QJsonObject &page)
{
    const QJsonArray changes = page.value(QStringLiteral("changes")).toArray();
    const qint64 next = page.value(QStringLiteral("next_cursor")).toInteger();
    auto tx = Transaction::begin(*m_local);
    if (!tx)
        return tx.error();
    for (const QJsonValue &value : changes) {
        const QJsonObject change = value.toObject();
        const QString entity = change.value(QStringLiteral("entity")).toString();
        const QString id = change.value(QStringLiteral("id")).toString();
        const QJsonObject data = change.value(QStringLiteral("data")).toObject();
        DMS_TRY(Sql::exec(
            tx->connection(),
            QStringLiteral("INSERT INTO sync_replica (entity, entity_id, seq, data) VALUES (?, ?, ?, ?)"
                           " ON CONFLICT (entity, entity_id) DO UPDATE SET seq = excluded.seq,"
                           " data = excluded.data"),
            {entity, id, change.value(QStringLiteral("seq")).toInteger(), QString::fromUtf8(toBody(data))}));
        if (entity == QLatin1String("number_lease"))
            DMS_TRY(storeLease(tx->connection(), data));
        if (m_observer)
            DMS_TRY(m_observer->changeStored(tx->connection(), entity, id, data));
    }
    DMS_TRY(Sql::exec(tx->connection(),
                      QStringLiteral("INSERT INTO sync_state (stream, cursor) VALUES (?, ?)"
                                     " ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor"),
                      {kChangesStream, next}));
    DMS_TRY(tx->commit());
    if (!changes.isEmpty()) {
        m_received += changes.size();
        Q_EMIT changesApplied(next);
    }
    return {};
}

Status SyncEngine::storeLease(const QSqlDatabase &db, const QJsonObject &data)
{
    if (m_deskId.isEmpty() || data.value(QStringLiteral("desk_id")).toString() != m_deskId)
        return {};
    const qint64 first = data.value(QStringLiteral("first_number")).toInteger();
    // A lease already known keeps how far this desk used it.
    auto stored = Sql::exec(
        db,
        QStringLiteral("INSERT INTO sync_desk_lease (lease_id, register_id, year, first_number,"
                       " last_number, next_number, active) VALUES (?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (lease_id) DO UPDATE SET active = excluded.active"),
        {data.value(QStringLiteral("id")).toString(), data.value(QStringLiteral("register_id")).toString(),
         data.value(QStringLiteral("year")).toInt(), first,
         data.value(QStringLiteral("last_number")).toInteger(), first,
         data.value(QStringLiteral("state")).toString() == QLatin1String("active") ? 1 : 0});
    if (!stored)
        return stored.error();
    return {};
}

} // namespace dms
