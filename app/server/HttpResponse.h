// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ErrorCode.h"

#include <QByteArray>
#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <utility>

namespace dms::server {

/** A response from a handler. Content-Length, Connection and Date are set by the server. */
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    /** A body too large to hold in memory (an open-data export): the server
     *  opens this file and sends it from disk in small pieces, ignoring `body`.
     *  The file is opened before the response is released, so a QTemporaryFile
     *  may remove itself then; the open descriptor keeps its data. */
    std::shared_ptr<QFile> bodyFile;
    /** Further header fields, e.g. Allow. */
    QList<std::pair<QByteArray, QByteArray>> headers;

    /** A JSON response with a compact body. */
    static HttpResponse json(int status, const QJsonObject &object);
    /** The API's error shape: {"error":{"code":"<errorCodeName>","message":"…"}}. */
    static HttpResponse error(int status, ErrorCode code, const QString &message);
};

} // namespace dms::server
