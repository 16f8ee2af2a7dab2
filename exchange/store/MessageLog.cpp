// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/store/MessageLog.h"

#include "core/Tr.h"
#include "exchange/message/ExchangeGuid.h"
#include "storage/Sql.h"

#include <QCryptographicHash>
#include <QFile>

namespace dms::exchange {

Status MessageLog::record(const QSqlDatabase &db, Direction direction, const QString &messageGuid,
                          const QString &peerGuid, const QString &messageType, const QString &documentGuid,
                          const QString &contentSha256, const QString &now, Seen *seen)
{
    const QString guid = ExchangeGuid::normalized(messageGuid);
    const QString &sha = contentSha256;
    auto existing = Sql::exec(
        db, QStringLiteral("SELECT content_sha256, reply FROM exchange_message WHERE message_guid = ?"),
        {guid});
    if (!existing)
        return existing.error();
    if (existing->next()) {
        if (seen) {
            seen->sameContent = existing->value(0).toString() == sha;
            seen->reply = existing->value(1).toString().toUtf8();
        }
        return makeError(ErrorCode::AlreadyExists, Tr::tr("The message was already received."),
                         QStringLiteral("MessageGUID %1").arg(guid));
    }
    DMS_TRY(Sql::exec(
        db,
        QStringLiteral("INSERT INTO exchange_message (message_guid, direction, peer_guid, message_type, "
                       "document_guid, content_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {guid, direction == Direction::In ? QStringLiteral("in") : QStringLiteral("out"),
         ExchangeGuid::normalized(peerGuid), messageType,
         Sql::textOrNull(ExchangeGuid::normalized(documentGuid)), sha, now}));
    return {};
}

QString MessageLog::contentSha256(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

Result<QString> MessageLog::fileSha256(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file) || file.error() != QFile::NoError)
        return makeError(ErrorCode::Storage, Tr::tr("The message cannot be read."),
                         path + QStringLiteral(": ") + file.errorString());
    return QString::fromLatin1(hash.result().toHex());
}

Status MessageLog::storeReply(const QSqlDatabase &db, const QString &messageGuid, const QByteArray &reply)
{
    DMS_TRY(Sql::exec(db, QStringLiteral("UPDATE exchange_message SET reply = ? WHERE message_guid = ?"),
                      {QString::fromUtf8(reply), ExchangeGuid::normalized(messageGuid)}));
    return {};
}

} // namespace dms::exchange
