// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Correspondent.h"
#include "domain/Registration.h"
#include "storage/BlobStore.h"
#include "sync/Outbox.h"
#include "sync/SyncTransport.h"

#include <QJsonObject>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

class QIODevice;
class QThread;

namespace dms {

class Clock;
class BlobStore;
class Database;

/** What a desk's sync engine is doing, as shown in its status bar. */
enum class SyncState {
    Stopped,
    Offline, ///< the server cannot be reached (or refused the login); work goes on locally
    Online, ///< connected; the outbox is being sent and changes arrive
    Conflicts, ///< connected, but the server refused commands that need the clerk's attention
};

/** The desk's read side, kept in step with the replica (libdms/desk's DeskReplica
 *  materialises what the GUI lists). Each call runs inside the transaction that
 *  changes the replica or the outbox, on the thread doing it; an error rolls the
 *  whole change back. */
class SyncReplicaObserver
{
public:
    virtual ~SyncReplicaObserver() = default;
    /** A change of the feed was stored in sync_replica. */
    virtual Status changeStored(const QSqlDatabase &db, const QString &entity, const QString &id,
                                const QJsonObject &data)
        = 0;
    /** A command entered the outbox (a registration with its provisional number). */
    virtual Status commandQueued(const QSqlDatabase &db, const OutboxEntry &entry) = 0;
    /** The server decided a command. */
    virtual Status commandDecided(const QSqlDatabase &db, const QString &opId, bool applied,
                                  const QJsonObject &answer)
        = 0;
};

/** The settings of a desk's engine. */
struct SyncEngineSettings
{
    QString userLogin;
    /** Printed in provisional numbers: ВР-<deskCode>-<n>. */
    QString deskCode = QStringLiteral("DESK");
    /** How long a pull waits on the server for changes (long-poll). */
    int pollWaitSeconds = 10;
    /** Pause before reconnecting after the server was unreachable. */
    int retryIntervalMs = 1000;
    int pushBatch = 100;
    /** The largest push body sent; keep it under the server's [limits] max_body_bytes. */
    qint64 maxPushBytes = 8 * 1024 * 1024;
    int pullLimit = 2000;
    /** The desk's own copies of files (a BlobStore root): what it attaches and
     *  what it fetched. Empty: attachFile() is refused. */
    QString fileDir;
    /** The largest file attachFile() takes (the office refuses larger ones too). */
    qint64 maxFileBytes = 256LL * 1024 * 1024;
};

/** Where a file attached on a desk belongs: a document the desk knows, or the
 *  registration this desk queued (its op_id), numbered or not yet. */
struct FileAttachment
{
    QString documentId;
    QString registrationOpId;
    QString name; ///< e.g. "scan.pdf"
    QString mediaType; ///< e.g. "application/pdf"
};

/** A desk's side of sync (docs/sync.md): a local SQLite replica, the persistent
 *  outbox and a background worker.
 *
 *  Commands made on the desk (registerDocument, annul, addCorrespondent) go into
 *  the outbox at once, also when offline; a registration gets a provisional
 *  number (ВР-<desk>-<n>) and the local receipt time, and the server issues the
 *  official number when it is pushed. The worker thread logs in, pushes the
 *  outbox in order, pulls the change feed into the replica (long-poll) and
 *  reconnects when the server comes back. Progress and state are signalled from
 *  the worker thread. The transport is made by the factory on the worker thread.
 *  All public functions are thread-safe. */
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    using TransportFactory = std::function<std::unique_ptr<SyncTransport>()>;

    SyncEngine(std::shared_ptr<Database> local, const Clock &clock, TransportFactory transport,
               SyncEngineSettings settings, QObject *parent = nullptr);
    ~SyncEngine() override;
    Q_DISABLE_COPY_MOVE(SyncEngine)

    /** Keeps `observer` (not owned, outliving the engine) in step; call before start(). */
    void setReplicaObserver(SyncReplicaObserver *observer) { m_observer = observer; }

    void start();
    /** Stops the worker and waits for it (an in-flight request is interrupted). */
    void stop();
    /** Wakes the worker now (e.g. after a command). */
    void syncNow();

    SyncState state() const { return m_state.load(); }

    /** Queues a registration; the entry returned carries the provisional number
     *  (payload "provisional") and its op_id. While not online, a register for
     *  which the server leased this desk a block of numbers (received through
     *  the feed) takes the next unused number of the block instead (payload
     *  "leased_number" and "year"): a real number, confirmed when pushed. */
    Result<OutboxEntry> registerDocument(const NewRegistration &request);
    Result<OutboxEntry> annul(const QString &registrationId, const QString &reason);
    Result<OutboxEntry> addCorrespondent(const Correspondent &correspondent);
    /** Keeps the bytes of `content` in the desk's file store and queues
     *  "document.attach_file" with their SHA-256; the worker uploads the blob
     *  before it pushes the command (both wait while offline). InvalidInput for
     *  a file over maxFileBytes or without a target, InvalidState without a
     *  fileDir. Copies and hashes the bytes on the calling thread. */
    Result<OutboxEntry> attachFile(const FileAttachment &target, QIODevice &content);
    /** Keeps the bytes of `content` in the desk's file store, for a command that
     *  names them by hash ("signing.route", "signing.sign": the worker uploads
     *  the blob before it pushes such a command). InvalidState without a
     *  fileDir, InvalidInput over maxFileBytes. */
    Result<BlobInfo> keepFile(QIODevice &content);
    /** The desk's copy of a blob, or empty when it has none (then requestFile()). */
    QString localFile(const QString &sha256) const;
    /** Asks the worker to fetch a blob by hash; fileFetched() tells the outcome. */
    void requestFile(const QString &sha256);
    /** Queues any other command the server knows (docs/sync.md), e.g. the case
     *  file and resolution commands DeskCaseCommands builds. */
    Result<OutboxEntry> submit(const QString &kind, const QJsonObject &payload)
    {
        return enqueue(kind, payload);
    }

    Outbox &outbox() { return m_outbox; }
    /** The cursor of the change feed the replica has reached. */
    Result<qint64> cursor();
    /** A replicated entity's data; NotFound when the replica does not have it. */
    Result<QJsonObject> replicated(const QString &entity, const QString &id);
    Result<int> replicaCount(const QString &entity);
    /** The user of the last successful login on this desk ({id, login, roles,
     *  commands: the extra command kinds of the office}),
     *  kept in the replica so that an offline start knows who works here; NotFound
     *  before the first login of `userLogin`. */
    Result<QJsonObject> lastLogin();
    /** Why the engine is offline (empty while online). */
    QString lastError() const;

Q_SIGNALS:
    void stateChanged(dms::SyncState state);
    void progress(int done, int total, const QString &stage);
    /** After pulled changes were stored, with the new cursor. */
    void changesApplied(qint64 cursor);
    /** After the server decided a command. */
    void commandDecided(const QString &opId, bool applied, const QJsonObject &answer);
    /** A blob asked for with requestFile() is in the desk's store (empty error)
     *  or could not be fetched (the translated reason). */
    void fileFetched(const QString &sha256, const QString &error);
    /** The server accepted the login: the user's {id, login, roles}. */
    void signedIn(const QJsonObject &user);

private:
    void run();
    Result<OutboxEntry> enqueue(const QString &kind, const QJsonObject &payload);
    /** One round: login if needed, push, pull. False when offline. */
    Status round(SyncTransport &transport);
    Status login(SyncTransport &transport);
    Result<SyncReply> call(SyncTransport &transport, SyncRequest request);
    Status pushAll(SyncTransport &transport);
    /** Uploads the blobs of a batch's attach commands; those whose blob the server
     *  refuses (or the desk lost) are decided as rejected here: how many were. */
    Result<int> uploadFiles(SyncTransport &transport, const QList<OutboxEntry> &batch);
    void fetchRequested(SyncTransport &transport);
    Status pullOnce(SyncTransport &transport, bool wait, bool *hasMore);
    Status storeChanges(const QJsonObject &page);
    /** Keeps a lease of this desk received from the feed in sync_desk_lease. */
    Status storeLease(const QSqlDatabase &db, const QJsonObject &data);
    Status decide(const QString &opId, bool applied, const QJsonObject &answer);
    void setState(SyncState state);
    void setLastError(const QString &message);
    void sleepFor(int milliseconds);

    std::shared_ptr<Database> m_local;
    const Clock &m_clock;
    TransportFactory m_factory;
    SyncEngineSettings m_settings;
    Outbox m_outbox;
    std::unique_ptr<BlobStore> m_files;
    std::mutex m_wantedMutex;
    QStringList m_wantedFiles;
    QThread *m_thread = nullptr;
    std::atomic<SyncState> m_state {SyncState::Stopped};
    std::atomic<bool> m_stopping {false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_woken = false;
    std::atomic<SyncTransport *> m_transport {nullptr};
    SyncReplicaObserver *m_observer = nullptr;
    mutable std::mutex m_errorMutex;
    QString m_lastError;
    qint64 m_received = 0; ///< changes received in the current catch-up; worker thread only
    QString m_session; ///< worker thread only
    QString m_deskId; ///< from the login reply; worker thread only
};

} // namespace dms
