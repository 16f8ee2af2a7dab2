// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Router.h"
#include "ServerConfig.h"

#include <QString>

#include <memory>

namespace dms {
class Database;
class Clock;
} // namespace dms

namespace dms::server {

/** Electronic services on the server:
 *
 *  - POST /api/v1/eservices/applications on the mutual-TLS router: the e-service
 *    portal submits an application (JSON, see ApplicationRequestParser). 201 with
 *    {"applicationId","registrationIndex","accessCode","deadline","status"}; the
 *    same client reference and body again gives the same answer (with the header
 *    Idempotent-Replayed: true); 400 for a body that is not a JSON object, 409
 *    for a client reference used with another body, 415 for another content
 *    type, 422 {"error":{…,"field":"…"}} for an invalid application (unknown
 *    service, missing attachment, bad ЕГН/ЕИК, bad signature). The portal acts as
 *    the user [eservices] user.
 *  - GET/POST /eservices/status on the public router: the citizens' status page
 *    (StatusPage), rate-limited per client address. */
class EServiceEndpoints
{
public:
    static constexpr const char *kApplicationsPath = "/api/v1/eservices/applications";

    struct Settings
    {
        QString user; ///< the portal's user; empty: no intake route
        QString blobDir; ///< where attachments are stored
        QString trustAnchorsPem; ///< for signed attachments; may be empty
        int requestsPerMinute = 30; ///< status lookups per client address
        int burst = 10;
    };

    /** Adds the routes; the handlers keep the database and clock alive. */
    static void install(Router &router, Router &publicRouter, std::shared_ptr<Database> database,
                        std::shared_ptr<const Clock> clock, const Settings &settings);
    /** The settings from the configuration ([eservices], [public], [sync] blob_dir). */
    static Settings settingsFrom(const ServerConfig &config, const Database &database);
};

} // namespace dms::server
