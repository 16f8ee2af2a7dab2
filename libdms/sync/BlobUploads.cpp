// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/BlobUploads.h"

#include "core/Tr.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <algorithm>

namespace dms {

namespace {

Error invalidName(const QString &name)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("A blob is named by its SHA-256 in lower-case hex."),
                     name);
}

QString partFileName(int number)
{
    return QStringLiteral("%1.part").arg(number);
}

} // namespace

BlobUploads::BlobUploads(const QString &storeRoot)
    : m_store(storeRoot)
{ }

QString BlobUploads::uploadDir(const QString &sha256) const
{
    return m_store.rootDir() + QStringLiteral("/uploads/") + sha256;
}

Result<QStringList> BlobUploads::missing(const QStringList &hashes) const
{
    QStringList absent;
    for (const QString &hash : hashes) {
        if (!BlobStore::isValidName(hash))
            return invalidName(hash);
        if (!m_store.contains(hash))
            absent.append(hash);
    }
    return absent;
}

Status BlobUploads::putPart(const QString &sha256, int number, const QByteArray &bytes,
                            const QString &expectedPartSha256)
{
    if (!BlobStore::isValidName(sha256))
        return invalidName(sha256);
    if (number < 0 || number >= kMaxParts)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The part number is out of range."));
    if (bytes.size() > kMaxPartBytes)
        return makeError(ErrorCode::InvalidInput, Tr::tr("A part may hold at most 8 MiB."));
    if (!expectedPartSha256.isEmpty()
        && QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())
            != expectedPartSha256)
        return makeError(ErrorCode::Corrupt, Tr::tr("The part does not match its SHA-256; send it again."));
    const QString dir = uploadDir(sha256);
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Storage, Tr::tr("Could not store the part."), dir);
    QSaveFile file(dir + QLatin1Char('/') + partFileName(number));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(ErrorCode::Storage, Tr::tr("Could not store the part."), file.errorString());
    return {};
}

Result<QList<BlobPart>> BlobUploads::parts(const QString &sha256) const
{
    if (!BlobStore::isValidName(sha256))
        return invalidName(sha256);
    QList<BlobPart> found;
    const QDir dir(uploadDir(sha256));
    for (const QFileInfo &info : dir.entryInfoList({QStringLiteral("*.part")}, QDir::Files)) {
        bool ok = false;
        const int number = info.completeBaseName().toInt(&ok);
        if (!ok)
            continue;
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Storage, Tr::tr("Could not read a part."), info.filePath());
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&file);
        found.append({number, info.size(), QString::fromLatin1(hash.result().toHex())});
    }
    std::sort(found.begin(), found.end(),
              [](const BlobPart &a, const BlobPart &b) { return a.number < b.number; });
    return found;
}

Result<BlobInfo> BlobUploads::complete(const QString &sha256, int partCount)
{
    if (!BlobStore::isValidName(sha256))
        return invalidName(sha256);
    if (m_store.contains(sha256)) {
        QDir(uploadDir(sha256)).removeRecursively();
        return BlobInfo {sha256, QFileInfo(m_store.pathFor(sha256)).size()};
    }
    if (partCount < 1 || partCount > kMaxParts)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The part count is out of range."));
    const QString dir = uploadDir(sha256);
    const QString joined = dir + QStringLiteral("/joined");
    {
        QFile out(joined);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return makeError(ErrorCode::Storage, Tr::tr("Could not join the parts."), out.errorString());
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (int n = 0; n < partCount; ++n) {
            QFile part(dir + QLatin1Char('/') + partFileName(n));
            if (!part.open(QIODevice::ReadOnly)) {
                out.remove();
                return makeError(ErrorCode::InvalidState, Tr::tr("Part %1 of the upload is missing.").arg(n));
            }
            const QByteArray bytes = part.readAll();
            hash.addData(bytes);
            if (out.write(bytes) != bytes.size()) {
                out.remove();
                return makeError(ErrorCode::Storage, Tr::tr("Could not join the parts."), out.errorString());
            }
        }
        out.close();
        if (QString::fromLatin1(hash.result().toHex()) != sha256) {
            QDir(dir).removeRecursively();
            return makeError(
                ErrorCode::Corrupt,
                Tr::tr("The uploaded bytes do not match their SHA-256; the upload was discarded."));
        }
    }
    auto stored = m_store.putFile(joined);
    QDir(dir).removeRecursively();
    if (!stored)
        return stored.error();
    if (stored->sha256 != sha256)
        return makeError(ErrorCode::Corrupt, Tr::tr("The stored blob does not match its SHA-256."));
    return *stored;
}

} // namespace dms
