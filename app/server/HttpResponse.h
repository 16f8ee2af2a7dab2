// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ErrorCode.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

namespace dms::server {

/** A response from a handler. Content-Length, Connection and Date are set by the server. */
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    /** Further header fields, e.g. Allow. */
    QList<std::pair<QByteArray, QByteArray>> headers;

    /** A JSON response with a compact body. */
    static HttpResponse json(int status, const QJsonObject &object);
    /** The API's error shape: {"error":{"code":"<errorCodeName>","message":"…"}}. */
    static HttpResponse error(int status, ErrorCode code, const QString &message);
};

} // namespace dms::server
