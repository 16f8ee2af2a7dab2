// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/BlobUploads.h"
#include "sync/ChangeNotifier.h"
#include "sync/DeskDirectory.h"
#include "sync/SyncCommandApplier.h"
#include "sync/SyncExtensions.h"
#include "sync/SyncMessages.h"
#include "sync/SyncSessions.h"

#include <atomic>
#include <chrono>

namespace dms {

struct ServiceContext;

/** The settings of the sync protocol on the server. */
struct SyncSettings
{
    /** Where blobs are kept (BlobStore root); uploads are staged below it. */
    QString blobDir;
    std::chrono::seconds sessionLifetime {8 * 3600};
    /** The longest long-poll a desk may ask for. */
    std::chrono::milliseconds maxWait {25'000};
    /** How many pulls may wait at once; more answer at once, so waiting pulls
     *  never take every I/O thread of the server. */
    int maxWaitingPulls = 1;
    int maxOpsPerPush = 500;
    /** The most changes one pull answers (a new desk's initial sync asks for
     *  this many per page: fewer round trips and transactions). */
    int maxPullLimit = 10'000;
    /** The largest file a desk may upload and attach (a scan of a thick file is tens of MB). */
    qint64 maxFileBytes = 256LL * 1024 * 1024;
};

/** How SyncService::handle gives its answer: as a QJsonObject (SyncReply::body,
 *  for in-process callers) or, where the service can write it directly, as JSON
 *  text (SyncReply::encodedBody, for the HTTP endpoints: a pull page then goes
 *  out without being parsed or re-encoded). */
enum class SyncReplyForm { Object, Encoded };

/** The sync protocol (docs/sync.md), independent of HTTP: the server's endpoints
 *  and the in-process desk transport both hand requests to handle().
 *
 *  Every call but login needs a registered desk certificate and a session made
 *  on that desk (query parameter "session"). Commands are applied by
 *  SyncCommandApplier, the feed is read by ChangeFeed, blobs go through
 *  BlobUploads. Errors use the API's JSON shape with a stable code and a
 *  translated message; a refused request changes nothing. Thread-safe: handle()
 *  may run on many threads; a pull may block up to its bounded wait. */
class SyncService
{
public:
    SyncService(ServiceContext &context, SyncSettings settings);

    SyncReply handle(const SyncRequest &request, SyncReplyForm form = SyncReplyForm::Object);
    /** Ends waiting pulls at once (server stop). */
    void shutdown();

    /** The paths handled, for a router: (method, path). */
    static QList<std::pair<QByteArray, QByteArray>> routes();
    /** The HTTP status of an error code. */
    static int httpStatus(ErrorCode code);
    static SyncReply errorReply(const Error &error);

    DeskDirectory &desks() { return m_desks; }
    /** The extra command kinds this server applies (told to desks at login). */
    SyncExtensions &extensions() { return m_extensions; }

private:
    struct Caller
    {
        Desk desk;
        Session session;
    };
    Result<Caller> authenticate(const SyncRequest &request);
    SyncReply login(const SyncRequest &request);
    SyncReply push(const Caller &caller, const SyncRequest &request);
    SyncReply pull(const Caller &caller, const SyncRequest &request, SyncReplyForm form);
    SyncReply registration(const Caller &caller, const SyncRequest &request);
    SyncReply addDesk(const Caller &caller, const SyncRequest &request);
    SyncReply blobsMissing(const SyncRequest &request);
    SyncReply blobPart(const SyncRequest &request);
    SyncReply blobParts(const SyncRequest &request);
    SyncReply blobComplete(const SyncRequest &request);
    SyncReply blobChunk(const Caller &caller, const SyncRequest &request);

    ServiceContext &m_context;
    SyncSettings m_settings;
    ChangeNotifier m_notifier;
    DeskDirectory m_desks;
    SyncSessions m_sessions;
    BlobUploads m_uploads;
    SyncExtensions m_extensions;
    SyncCommandApplier m_applier;
    std::atomic<int> m_waitingPulls {0};
};

} // namespace dms
