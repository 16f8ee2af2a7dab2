// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Router.h"
#include "ServerConfig.h"
#include "sync/SyncMessages.h"

#include <memory>

namespace dms {
class Database;
class SyncService;
} // namespace dms

namespace dms::server {

/** The desk sync API (docs/sync.md) on the server's router: each route hands the
 *  request, with the fingerprint of the client certificate verified by mutual
 *  TLS, to the SyncService. */
class SyncEndpoints
{
public:
    /** Adds the routes; the handlers keep the service alive. */
    static void install(Router &router, std::shared_ptr<SyncService> service);
    /** Makes the server's SyncService (system clock, blob store from [sync]
     *  blob_dir or "blobs" next to an SQLite file, waiting pulls limited to half
     *  the I/O threads) and adds its routes. Call shutdown() on it when the
     *  server stops, so that waiting pulls end at once. */
    static std::shared_ptr<SyncService> install(Router &router, std::shared_ptr<Database> database,
                                                const ServerConfig &config);
    /** The request as the protocol sees it: decoded query, certificate fingerprint. */
    static SyncRequest toSyncRequest(const HttpRequest &request);
};

} // namespace dms::server
