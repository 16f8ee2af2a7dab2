// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "storage/BlobStore.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace dms {

/** One stored part of an unfinished upload. */
struct BlobPart
{
    int number = 0;
    qint64 size = 0;
    QString sha256;
};

/** Resumable uploads into a BlobStore, by parts of at most kMaxPartBytes.
 *
 *  Parts are kept in `<store>/uploads/<sha256>/<n>.part` (written to a temporary
 *  file and renamed, so a part is whole or absent; writing a part again replaces
 *  it). complete() joins parts 0…n-1, hashes the result and moves it into the
 *  store only when the hash is the name it was uploaded under; on a mismatch
 *  the parts are discarded and nothing is stored. Thread-safe for different
 *  blobs; two desks uploading the same blob may race harmlessly (same bytes). */
class BlobUploads
{
public:
    static constexpr qint64 kMaxPartBytes = 8 * 1024 * 1024;
    static constexpr int kMaxParts = 100'000;

    explicit BlobUploads(const QString &storeRoot);

    /** The names among `hashes` that the store does not hold (invalid names are
     *  refused with InvalidInput). */
    Result<QStringList> missing(const QStringList &hashes) const;
    /** Stores part `number`; `expectedPartSha256` (optional) is checked first. */
    Status putPart(const QString &sha256, int number, const QByteArray &bytes,
                   const QString &expectedPartSha256 = {});
    /** The parts stored so far, by number: what a resumed upload may skip. */
    Result<QList<BlobPart>> parts(const QString &sha256) const;
    /** Joins `partCount` parts and stores the blob; Corrupt when the hash differs,
     *  InvalidState when a part is missing. Completing a stored blob succeeds. */
    Result<BlobInfo> complete(const QString &sha256, int partCount);

    const BlobStore &store() const { return m_store; }
    BlobStore &store() { return m_store; }

private:
    QString uploadDir(const QString &sha256) const;
    BlobStore m_store;
};

} // namespace dms
