// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <memory>

class QIODevice;

namespace dms {

/** What the store holds under one name. */
struct BlobInfo
{
    QString sha256; ///< 64 lowercase hex digits
    qint64 size = 0;
};

/** Files kept by content: the bytes of a blob live in `<root>/ab/cdef…`, named
 *  by their SHA-256 in lowercase hex (the first two digits are a directory).
 *  The bytes are kept exactly as given.
 *
 *  put() streams its input into a temporary file in the root directory while
 *  hashing it, flushes it to disk, makes it read-only and renames it into
 *  place, so a blob is either complete under its name or absent; putting
 *  content that is already there changes nothing. Names given to open(),
 *  verify() and contains() must be 64 lowercase hex digits: anything else
 *  (upper case, path separators, "..") is refused with InvalidInput.
 *  Thread-safe: calls share no state but the directory; concurrent puts of the
 *  same content both succeed. */
class BlobStore
{
public:
    /** A store rooted at `rootDir`, created on the first put(). */
    explicit BlobStore(const QString &rootDir);

    QString rootDir() const { return m_root; }

    /** Stores everything readable from `input` (open for reading) until its end.
     *  InvalidInput when the device is not readable, Storage when reading or
     *  writing fails (nothing is left behind then). */
    Result<BlobInfo> put(QIODevice &input);
    Result<BlobInfo> put(const QByteArray &data);
    /** Stores a file's bytes, read in chunks; NotFound when it cannot be opened. */
    Result<BlobInfo> putFile(const QString &path);

    /** The blob opened for reading; NotFound when absent. */
    Result<std::unique_ptr<QFile>> open(const QString &sha256) const;
    /** Re-reads the blob and checks its hash: Corrupt when the bytes no longer
     *  match their name, NotFound when absent. */
    Status verify(const QString &sha256) const;
    /** Whether a blob of that name is stored (false for an invalid name). */
    bool contains(const QString &sha256) const;

    /** Whether text is a blob name: exactly 64 lowercase hex digits. */
    static bool isValidName(const QString &sha256);
    /** Where the blob is (or would be) kept; empty for an invalid name. */
    QString pathFor(const QString &sha256) const;

private:
    QString m_root;
};

} // namespace dms
