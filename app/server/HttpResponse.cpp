// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpResponse.h"

#include <QJsonDocument>

namespace dms::server {

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::error(int status, ErrorCode code, const QString &message)
{
    const QJsonObject error {{QStringLiteral("code"), QLatin1String(errorCodeName(code))},
                             {QStringLiteral("message"), message}};
    return json(status, QJsonObject {{QStringLiteral("error"), error}});
}

} // namespace dms::server
