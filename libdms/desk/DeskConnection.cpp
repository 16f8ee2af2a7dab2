// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskConnection.h"

#include "core/Tr.h"
#include "desk/FeedBackfill.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "sync/ChangeFeed.h"
#include "sync/InProcessSyncTransport.h"
#include "sync/SyncService.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace dms {

namespace {

const QString kEmbeddedDeskName = QStringLiteral("embedded");
const QString kScopeStream = QStringLiteral("replica_restricted");

/** The embedded desk has no certificate; it is known by this fixed fingerprint. */
QByteArray embeddedFingerprint()
{
    return QCryptographicHash::hash("delovod embedded desk", QCryptographicHash::Sha256).toHex();
}

Result<std::shared_ptr<Database>> openReplica(const QString &path)
{
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The desk needs a file for its local replica."));
    QDir().mkpath(QFileInfo(path).absolutePath());
    DatabaseConfig config;
    config.path = path;
    return Database::open(config);
}

} // namespace

DeskConnection::DeskConnection(Mode mode, std::shared_ptr<Database> local, const Clock &clock,
                               DeskOptions options)
    : m_mode(mode)
    , m_local(std::move(local))
    , m_clock(clock)
    , m_options(std::move(options))
    , m_reader(*m_local)
{ }

DeskConnection::~DeskConnection()
{
    stop();
    if (m_service)
        m_service->shutdown();
}

Result<std::unique_ptr<DeskConnection>>
DeskConnection::embedded(std::shared_ptr<Database> office, const Clock &clock, const DeskOptions &options)
{
    auto local = openReplica(options.replicaPath);
    if (!local)
        return local.error();
    std::unique_ptr<DeskConnection> desk(new DeskConnection(Mode::Embedded, *local, clock, options));
    desk->m_officeDatabase = std::move(office);
    desk->m_office
        = std::make_unique<ServiceContext>(ServiceContext {*desk->m_officeDatabase, clock, options.timeZone});
    SyncSettings settings;
    settings.blobDir
        = QFileInfo(desk->m_officeDatabase->config().path).absolutePath() + QStringLiteral("/blobs");
    settings.maxWait = std::chrono::seconds(std::max(1, options.pollWaitSeconds));
    settings.maxWaitingPulls = 2;
    desk->m_service = std::make_unique<SyncService>(*desk->m_office, settings);
    SyncService *service = desk->m_service.get();
    auto reachable = desk->m_reachable;
    desk->m_transport = [service, reachable]() -> std::unique_ptr<SyncTransport> {
        return std::make_unique<InProcessSyncTransport>(*service, embeddedFingerprint(), reachable);
    };
    return desk;
}

Result<std::unique_ptr<DeskConnection>> DeskConnection::server(SyncEngine::TransportFactory transport,
                                                               const Clock &clock, const DeskOptions &options)
{
    auto local = openReplica(options.replicaPath);
    if (!local)
        return local.error();
    std::unique_ptr<DeskConnection> desk(new DeskConnection(Mode::Server, *local, clock, options));
    desk->m_transport = std::move(transport);
    return desk;
}

Status DeskConnection::ensureEmbeddedDesk()
{
    DeskDirectory desks(*m_office);
    if (desks.findByCertificate(QString::fromLatin1(embeddedFingerprint())))
        return {};
    // The office registers its own desk, as its administrator would.
    UserService users(*m_office);
    auto all = users.list();
    if (!all)
        return all.error();
    for (const User &user : std::as_const(*all)) {
        if (!user.active || !user.roles.contains(Role::Administrator))
            continue;
        auto admin = users.sessionFor(user.login);
        if (!admin)
            return admin.error();
        auto added = desks.add(*admin, kEmbeddedDeskName, QString::fromLatin1(embeddedFingerprint()));
        if (!added)
            return added.error();
        return {};
    }
    return makeError(ErrorCode::InvalidState,
                     Tr::tr("The office has no administrator yet to register this desk."));
}

Result<int> DeskConnection::publishOfficeData()
{
    if (m_mode != Mode::Embedded)
        return makeError(ErrorCode::InvalidState, Tr::tr("Only an embedded office publishes its own data."));
    auto published = FeedBackfill(*m_office).publishUnpublished();
    if (!published)
        return published.error();
    DMS_TRY(ensureEmbeddedDesk());
    if (m_engine && *published > 0)
        m_engine->syncNow();
    return published;
}

void DeskConnection::setServerReachable(bool reachable)
{
    *m_reachable = reachable;
    if (m_engine)
        m_engine->syncNow();
}

bool DeskConnection::isCaughtUp()
{
    if (m_mode != Mode::Embedded || !m_engine)
        return false;
    auto last = ChangeFeed::lastSeq(*m_officeDatabase);
    auto reached = m_engine->cursor();
    return last && reached && *reached >= *last;
}

Status DeskConnection::widenScopeFor(const Session &session)
{
    auto db = m_local->connection();
    if (!db)
        return db.error();
    auto stored
        = Sql::scalar(*db, QStringLiteral("SELECT cursor FROM sync_state WHERE stream = ?"), {kScopeStream});
    const bool hadRestricted = stored && stored->toLongLong() != 0;
    const bool mayRead = session.can(Permission::ReadRestricted);
    if (mayRead && !hadRestricted) {
        // The feed left restricted entries out for the previous reader: read it again.
        DMS_TRY(Sql::exec(*db, QStringLiteral("UPDATE sync_state SET cursor = 0 WHERE stream = 'changes'")));
    }
    if (mayRead != hadRestricted || !stored)
        DMS_TRY(Sql::exec(*db,
                          QStringLiteral("INSERT INTO sync_state (stream, cursor) VALUES (?, ?)"
                                         " ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor"),
                          {kScopeStream, mayRead || hadRestricted ? 1 : 0}));
    return {};
}

void DeskConnection::adoptLogin(const QJsonObject &user)
{
    Session session;
    session.userId = user.value(QStringLiteral("id")).toString();
    session.login = user.value(QStringLiteral("login")).toString();
    for (const QJsonValue &role : user.value(QStringLiteral("roles")).toArray()) {
        if (auto known = roleFromName(role.toString()))
            session.roles.insert(*known);
    }
    if (!session.isValid() || (session.userId == m_session.userId && session.roles == m_session.roles))
        return;
    m_session = session;
    Q_EMIT sessionChanged();
}

Status DeskConnection::signIn(const QString &login)
{
    stop();
    Session session;
    if (m_mode == Mode::Embedded) {
        auto known = UserService(*m_office).sessionFor(login);
        if (!known)
            return known.error();
        session = *known;
        DMS_TRY(ensureEmbeddedDesk());
    }
    SyncEngineSettings settings;
    settings.userLogin = login;
    settings.deskCode = m_options.deskCode;
    settings.pollWaitSeconds = m_options.pollWaitSeconds;
    settings.retryIntervalMs = m_options.retryIntervalMs;
    settings.pullLimit = m_options.pullLimit;
    settings.fileDir = m_options.fileDir;
    if (settings.fileDir.isEmpty()) {
        const QFileInfo replica(m_options.replicaPath);
        settings.fileDir = replica.absolutePath() + QLatin1Char('/') + replica.completeBaseName()
            + QStringLiteral("-files");
    }
    auto engine = std::make_unique<SyncEngine>(m_local, m_clock, m_transport, settings);
    engine->setReplicaObserver(&m_replica);
    if (!session.isValid()) {
        // Offline start of a server desk: who worked here last time, until the server answers.
        if (auto last = engine->lastLogin()) {
            m_session = {};
            adoptLogin(*last);
            session = m_session;
        }
    }
    if (session.isValid())
        DMS_TRY(widenScopeFor(session));
    m_engine = std::move(engine);
    SyncEngine *raw = m_engine.get();
    connect(raw, &SyncEngine::stateChanged, this, &DeskConnection::stateChanged);
    connect(raw, &SyncEngine::progress, this, &DeskConnection::progress);
    connect(raw, &SyncEngine::changesApplied, this, &DeskConnection::changesApplied);
    connect(raw, &SyncEngine::commandDecided, this, &DeskConnection::commandDecided);
    connect(raw, &SyncEngine::fileFetched, this, &DeskConnection::fileFetched);
    connect(raw, &SyncEngine::signedIn, this, [this, raw](const QJsonObject &user) {
        if (raw == m_engine.get())
            adoptLogin(user);
    });
    const bool changed = session.userId != m_session.userId || session.roles != m_session.roles;
    m_session = session;
    m_engine->start();
    if (changed)
        Q_EMIT sessionChanged();
    return {};
}

void DeskConnection::stop()
{
    if (!m_engine)
        return;
    m_engine->stop();
    m_engine.reset();
}

} // namespace dms
