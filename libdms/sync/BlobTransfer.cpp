// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/BlobTransfer.h"

#include "core/Tr.h"
#include "storage/BlobStore.h"
#include "sync/BlobUploads.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace dms {

BlobTransfer::BlobTransfer(BlobStore &local, Call call)
    : m_local(local)
    , m_call(std::move(call))
{ }

Error BlobTransfer::replyError(const SyncReply &reply)
{
    const QJsonObject error = reply.body.value(QStringLiteral("error")).toObject();
    ErrorCode code = ErrorCode::InvalidInput;
    switch (reply.status) {
    case 401:
    case 403:
        code = ErrorCode::PermissionDenied;
        break;
    case 404:
        code = ErrorCode::NotFound;
        break;
    case 409:
        code = ErrorCode::InvalidState;
        break;
    case 422:
        code = ErrorCode::Corrupt;
        break;
    default:
        // The server could not decide (storage, overload): try again later, as when offline.
        if (reply.status >= 500)
            code = ErrorCode::Network;
        break;
    }
    return makeError(code, error.value(QStringLiteral("message")).toString(),
                     error.value(QStringLiteral("code")).toString());
}

Result<SyncReply> BlobTransfer::checked(SyncRequest request)
{
    auto reply = m_call(std::move(request));
    if (!reply)
        return reply.error();
    if (!reply->isSuccess())
        return replyError(*reply);
    return reply;
}

Status BlobTransfer::upload(const QString &sha256)
{
    auto missing = checked({"POST",
                            "/api/v1/blobs/missing",
                            {},
                            QJsonDocument(QJsonObject {{QStringLiteral("hashes"), QJsonArray {sha256}}})
                                .toJson(QJsonDocument::Compact),
                            {}});
    if (!missing)
        return missing.error();
    if (missing->body.value(QStringLiteral("missing")).toArray().isEmpty())
        return {};
    auto file = m_local.open(sha256);
    if (!file)
        return file.error();
    // Resumes an upload cut short: parts the server has whole are not sent again.
    auto have = checked({"GET", "/api/v1/blobs/parts", {{QStringLiteral("sha256"), sha256}}, {}, {}});
    if (!have)
        return have.error();
    QSet<QString> stored;
    for (const QJsonValue &part : have->body.value(QStringLiteral("parts")).toArray())
        stored.insert(QStringLiteral("%1:%2")
                          .arg(part.toObject().value(QStringLiteral("part")).toInt())
                          .arg(part.toObject().value(QStringLiteral("sha256")).toString()));
    const qint64 size = (*file)->size();
    const int parts
        = int(std::max<qint64>(1, (size + BlobUploads::kMaxPartBytes - 1) / BlobUploads::kMaxPartBytes));
    for (int part = 0; part < parts; ++part) {
        const QByteArray bytes = (*file)->read(BlobUploads::kMaxPartBytes);
        const QString partSha256
            = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        if (stored.contains(QStringLiteral("%1:%2").arg(part).arg(partSha256)))
            continue;
        auto sent = checked({"PUT",
                             "/api/v1/blobs/part",
                             {{QStringLiteral("sha256"), sha256},
                              {QStringLiteral("part"), QString::number(part)},
                              {QStringLiteral("part_sha256"), partSha256}},
                             bytes,
                             {}});
        if (!sent)
            return sent.error();
    }
    auto completed
        = checked({"POST",
                   "/api/v1/blobs/complete",
                   {{QStringLiteral("sha256"), sha256}, {QStringLiteral("parts"), QString::number(parts)}},
                   {},
                   {}});
    return completed ? Status() : Status(completed.error());
}

Status BlobTransfer::download(const QString &sha256)
{
    if (!BlobStore::isValidName(sha256))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file's SHA-256 is not valid."));
    if (m_local.contains(sha256))
        return {};
    auto writer = m_local.writer();
    if (!writer)
        return writer.error();
    qint64 offset = 0;
    for (;;) {
        auto chunk = checked(
            {"GET",
             "/api/v1/blobs/chunk",
             {{QStringLiteral("sha256"), sha256}, {QStringLiteral("offset"), QString::number(offset)}},
             {},
             {}});
        if (!chunk)
            return chunk.error();
        const QByteArray bytes
            = QByteArray::fromBase64(chunk->body.value(QStringLiteral("data")).toString().toLatin1());
        const qint64 size = chunk->body.value(QStringLiteral("size")).toInteger();
        DMS_TRY((*writer)->write(bytes));
        offset += bytes.size();
        if (offset >= size)
            break;
        if (bytes.isEmpty())
            return makeError(ErrorCode::Corrupt, Tr::tr("The server sent an incomplete file."), sha256);
    }
    // The name is the hash of what arrived: anything else is not the file asked for.
    auto info = (*writer)->commit();
    if (!info)
        return info.error();
    if (info->sha256 != sha256)
        return makeError(ErrorCode::Corrupt, Tr::tr("The file received does not match its SHA-256."), sha256);
    return {};
}

} // namespace dms
