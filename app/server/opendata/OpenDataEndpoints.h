// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Router.h"
#include "ServerConfig.h"
#include "opendata/OpenDataPublisher.h"

#include <memory>

namespace dms {
class Database;
} // namespace dms

namespace dms::server {

/** The open data on the public listener, at the stable addresses of OpenDataLinks:
 *
 *    GET /opendata/catalog.jsonld                     DCAT-AP catalogue (application/ld+json)
 *    GET /opendata/registers/<code>.csv               entries, RFC 4180 (text/csv)
 *    GET /opendata/registers/<code>.json              entries (application/json)
 *    GET /opendata/registers/<code>.schema.json       JSON Schema (application/schema+json)
 *    GET /opendata/journal/<YYYY-MM-DD>.json          sealed journal summary of a day
 *
 *  Only published registers and only their exported fields are served (never an
 *  ЕГН or a non-public field). Anything else under these paths, a malformed code or
 *  date included, answers 404 before the database is asked. Responses carry an
 *  ETag (SHA-256 of the body) and allow any origin, as open data should. */
class OpenDataEndpoints
{
public:
    /** The publisher from the [opendata] settings; without them, the base URL of the
     *  public listener ("https://<[public] address>:<port>") and the name of the
     *  office's first registry. */
    static OpenDataPublisher publisherFrom(const ServerConfig &config, Database &database);
    /** Adds the routes; the handlers keep the database alive. */
    static void install(Router &router, std::shared_ptr<Database> database,
                        const OpenDataPublisher &publisher);
};

} // namespace dms::server
