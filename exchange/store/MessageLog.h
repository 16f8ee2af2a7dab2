// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QSqlDatabase>

namespace dms::exchange {

/** The log of every MessageGUID received or sent (rule П.9: unique). A duplicate
 *  with the same content is a peer's retry and gets the reply stored the first
 *  time; a duplicate with other content is refused. Works inside the caller's
 *  transaction. */
class MessageLog
{
public:
    enum class Direction { In, Out };

    struct Seen
    {
        bool sameContent = false;
        QByteArray reply;
    };

    /** Records the message by the SHA-256 of its bytes (contentSha256(), or the name
     *  of the blob holding them); AlreadyExists (with `seen` filled) when its GUID was seen. */
    static Status record(const QSqlDatabase &db, Direction direction, const QString &messageGuid,
                         const QString &peerGuid, const QString &messageType, const QString &documentGuid,
                         const QString &contentSha256, const QString &now, Seen *seen);
    /** The content hash as the log keeps it: SHA-256, lower-case hex. */
    static QString contentSha256(const QByteArray &content);
    /** contentSha256() of a file's bytes, read in pieces; Storage when it cannot be read. */
    static Result<QString> fileSha256(const QString &path);
    static Status storeReply(const QSqlDatabase &db, const QString &messageGuid, const QByteArray &reply);
};

} // namespace dms::exchange
