// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
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
    /** The body already written as compact UTF-8 JSON (a pull page spliced from the
     *  feed's stored bytes); when set, `body` is empty. Only
     *  SyncService::handle(…, SyncReplyForm::Encoded) answers this way. */
    QByteArray encodedBody {};

    bool isSuccess() const { return status >= 200 && status < 300; }
    /** The body as compact JSON text, whichever way it was given. */
    QByteArray toJson() const
    {
        return encodedBody.isEmpty() ? QJsonDocument(body).toJson(QJsonDocument::Compact) : encodedBody;
    }
};

/** One entry of the change feed. */
struct SyncChange
{
    qint64 seq = 0;
    QString entity; ///< "registration", "correspondent"
    QString entityId;
    QString accessLevel = QStringLiteral("internal"); ///< "restricted" is only sent to who may read it
    QJsonObject data; ///< written by ChangeFeed::append; empty in what ChangeFeed::read returns
    QDateTime changedAt;
    /** `data` as the feed stores it (compact UTF-8 JSON, encoded once by append):
     *  what ChangeFeed::read returns, so that a page is spliced, not re-encoded. */
    QByteArray dataJson {};
};

} // namespace dms
