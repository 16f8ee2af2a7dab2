// SPDX-License-Identifier: GPL-3.0-or-later
#include "HealthEndpoint.h"

#include "storage/Database.h"

#include <utility>

namespace dms::server {

void HealthEndpoint::install(Router &router, std::shared_ptr<Database> database)
{
    router.add(
        QByteArrayLiteral("GET"), QByteArray(kPath), [database = std::move(database)](const HttpRequest &) {
            auto schema = database->schemaVersion();
            if (!schema)
                return HttpResponse::error(503, schema.error().code, schema.error().message);
            return HttpResponse::json(200,
                                      QJsonObject {{QStringLiteral("status"), QStringLiteral("ok")},
                                                   {QStringLiteral("version"), QStringLiteral(DMS_VERSION)},
                                                   {QStringLiteral("schema"), *schema}});
        });
}

} // namespace dms::server
