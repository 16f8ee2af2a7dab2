// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Router.h"

#include <memory>

namespace dms {
class Database;
}

namespace dms::server {

/** GET /api/v1/health: 200 {"status":"ok","version":"…","schema":<n>} when the
 *  database answers, 503 with the API's JSON error when it does not. */
class HealthEndpoint
{
public:
    static constexpr const char *kPath = "/api/v1/health";

    /** Adds the route; the handler keeps the database alive. */
    static void install(Router &router, std::shared_ptr<Database> database);
};

} // namespace dms::server
