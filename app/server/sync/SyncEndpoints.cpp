// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncEndpoints.h"

#include "core/Clock.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "sync/SyncService.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QUrlQuery>

#include <utility>

namespace dms::server {

SyncRequest SyncEndpoints::toSyncRequest(const HttpRequest &request)
{
    SyncRequest sync;
    sync.method = request.method;
    sync.path = request.path;
    sync.body = request.body;
    sync.deskCertSha256 = request.client.sha256Fingerprint;
    const QUrlQuery query(QString::fromUtf8(request.query));
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        sync.query.insert(key, value);
    return sync;
}

void SyncEndpoints::install(Router &router, std::shared_ptr<SyncService> service)
{
    for (const auto &[method, path] : SyncService::routes()) {
        router.add(method, path, [service](const HttpRequest &request) {
            const SyncReply reply = service->handle(toSyncRequest(request), SyncReplyForm::Encoded);
            HttpResponse response;
            response.status = reply.status;
            response.body = reply.toJson();
            return response;
        });
    }
}

namespace {

/** What the server's SyncService needs, kept alive together by the routes. */
struct SyncRuntime
{
    explicit SyncRuntime(std::shared_ptr<Database> db)
        : database(std::move(db))
        , context {*database, clock}
    { }
    std::shared_ptr<Database> database;
    SystemClock clock;
    ServiceContext context;
    std::unique_ptr<SyncService> service;
};

} // namespace

std::shared_ptr<SyncService> SyncEndpoints::install(Router &router, std::shared_ptr<Database> database,
                                                    const ServerConfig &config)
{
    SyncSettings settings;
    settings.blobDir = config.syncBlobDir;
    if (settings.blobDir.isEmpty())
        settings.blobDir = database->isSqlite()
            ? QFileInfo(database->config().path).absoluteDir().filePath(QStringLiteral("blobs"))
            : QStringLiteral("/var/lib/delovod/blobs");
    settings.sessionLifetime = std::chrono::minutes(config.syncSessionMinutes);
    settings.maxWaitingPulls = std::max(1, config.threads / 2);
    auto runtime = std::make_shared<SyncRuntime>(std::move(database));
    runtime->service = std::make_unique<SyncService>(runtime->context, settings);
    // The aliasing pointer keeps the database, clock and context alive with the service.
    std::shared_ptr<SyncService> service(runtime, runtime->service.get());
    install(router, service);
    return service;
}

} // namespace dms::server
