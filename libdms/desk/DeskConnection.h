// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "desk/DeskReader.h"
#include "desk/DeskReplica.h"
#include "sync/SyncEngine.h"

#include <QObject>
#include <QTimeZone>

#include <memory>
#include <optional>

namespace dms {

class Clock;
class Database;
class InProcessSyncTransport;
class SyncService;
struct ServiceContext;

/** How a desk is set up. */
struct DeskOptions
{
    /** The desk's local SQLite file: the replica, the outbox, the cursor. */
    QString replicaPath;
    /** Printed in provisional numbers (ВР-<deskCode>-<n>). */
    QString deskCode = QStringLiteral("DESK");
    int pollWaitSeconds = 10;
    int retryIntervalMs = 1000;
    int pullLimit = 2000;
    /** The desk's copies of files (attached here or fetched); empty: "<replica>-files"
     *  next to the replica. */
    QString fileDir;
    QTimeZone timeZone = QTimeZone(QByteArrayLiteral("Europe/Sofia"));
};

/** A desk's connection to its office (docs/sync.md, "The desk"): the local
 *  replica database, the SyncEngine that fills it and sends the outbox, and the
 *  read side (DeskReader over the tables DeskReplica keeps). The desktop client
 *  reads and writes only through it, in both modes:
 *
 *  - **embedded** (one-desk office, demo): the office database is in this
 *    process; an in-process SyncService answers the engine through
 *    InProcessSyncTransport, exactly as delovod-server would over HTTPS. The
 *    desk registers itself in the office (desk "embedded") on first use;
 *    publishOfficeData() brings into the feed what was written outside the sync
 *    protocol (demo data).
 *  - **server**: the engine talks to delovod-server through the given transport
 *    factory (NetworkSyncTransport with the desk's client certificate).
 *
 *  Lives on the GUI thread; the engine's signals are re-emitted here, queued to
 *  this object's thread. Not copyable. */
class DeskConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeskConnection)

public:
    enum class Mode { Embedded, Server };

    /** The embedded office: `office` is its database (migrated). */
    static Result<std::unique_ptr<DeskConnection>> embedded(std::shared_ptr<Database> office,
                                                            const Clock &clock, const DeskOptions &options);
    /** A desk of delovod-server reached through `transport`. */
    static Result<std::unique_ptr<DeskConnection>> server(SyncEngine::TransportFactory transport,
                                                          const Clock &clock, const DeskOptions &options);
    ~DeskConnection() override;

    Mode mode() const { return m_mode; }
    /** The office's services (embedded mode only, e.g. for demo data); null for a server. */
    ServiceContext *officeContext() const { return m_office.get(); }
    /** The in-process server of an embedded office (e.g. to register extra
     *  command handlers, SyncService::extensions()); null for a server desk. */
    SyncService *embeddedService() const { return m_service.get(); }
    /** Embedded: publishes what the office wrote outside the sync protocol and
     *  registers this desk; the number of changes published. Any thread.
     *  InvalidState for a server desk. */
    Result<int> publishOfficeData();
    /** Embedded: the in-process server answers (true) or behaves as unreachable. */
    void setServerReachable(bool reachable);

    /** Starts syncing as `login`. Embedded: the session is checked in the office
     *  at once (NotFound / InvalidState for an unknown or inactive user). Server:
     *  the roles of the user's last login on this desk are used until the server
     *  answers (sessionChanged()); without one the session stays invalid until then. */
    Status signIn(const QString &login);
    /** Stops syncing (the outbox stays). */
    void stop();

    const Session &session() const { return m_session; }
    /** The engine of the signed-in user; null before signIn(). */
    SyncEngine *engine() const { return m_engine.get(); }
    DeskReader &reader() { return m_reader; }
    Database &local() { return *m_local; }
    SyncState state() const { return m_engine ? m_engine->state() : SyncState::Stopped; }
    const QTimeZone &timeZone() const { return m_options.timeZone; }
    /** The clock the desk works with (e.g. "today" of the overdue list). */
    const Clock &clock() const { return m_clock; }
    /** Has the replica everything the office published up to now? Embedded only
     *  (a server desk cannot know without asking): false for a server. */
    bool isCaughtUp();

Q_SIGNALS:
    void stateChanged(dms::SyncState state);
    void progress(int done, int total, const QString &stage);
    void changesApplied(qint64 cursor);
    void commandDecided(const QString &opId, bool applied, const QJsonObject &answer);
    /** See SyncEngine::fileFetched. */
    void fileFetched(const QString &sha256, const QString &error);
    /** The session changed (signed in, or the server confirmed the roles). */
    void sessionChanged();

private:
    DeskConnection(Mode mode, std::shared_ptr<Database> local, const Clock &clock, DeskOptions options);
    Status ensureEmbeddedDesk();
    /** Reads from the feed again when a user who may read restricted entries
     *  signs in on a replica filled for one who may not. */
    Status widenScopeFor(const Session &session);
    void adoptLogin(const QJsonObject &user);

    Mode m_mode;
    std::shared_ptr<Database> m_local;
    const Clock &m_clock;
    DeskOptions m_options;
    DeskReplica m_replica;
    DeskReader m_reader;
    SyncEngine::TransportFactory m_transport;
    std::shared_ptr<Database> m_officeDatabase;
    std::unique_ptr<ServiceContext> m_office;
    std::unique_ptr<SyncService> m_service;
    std::shared_ptr<std::atomic<bool>> m_reachable = std::make_shared<std::atomic<bool>>(true);
    std::unique_ptr<SyncEngine> m_engine;
    Session m_session;
};

} // namespace dms
