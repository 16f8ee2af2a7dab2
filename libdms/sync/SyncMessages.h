// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace dms {

/** One request of the sync protocol (docs/sync.md), as it reaches SyncService
 *  from HTTPS or from an in-process desk. */
struct SyncRequest
{
    QByteArray method; ///< "GET", "POST", "PUT"
    QByteArray path; ///< e.g. "/api/v1/sync/push"
    QMap<QString, QString> query; ///< decoded query parameters
    QByteArray body;
    /** SHA-256 of the desk's client certificate, lower-case hex; empty when the
     *  transport has no certificate (then every call but health is refused). */
    QByteArray deskCertSha256;
};

/** The answer: an HTTP status and a JSON object (the API's error shape on failure). */
struct SyncReply
{
    int status = 200;
    QJsonObject body;

    bool isSuccess() const { return status >= 200 && status < 300; }
};

/** One entry of the change feed. */
struct SyncChange
{
    qint64 seq = 0;
    QString entity; ///< "registration", "correspondent"
    QString entityId;
    QString accessLevel = QStringLiteral("internal"); ///< "restricted" is only sent to who may read it
    QJsonObject data;
    QDateTime changedAt;
};

} // namespace dms
