// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCryptographicHash>
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
 *  put() (and Writer) streams its input into a temporary file in the root directory while
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
    /** Stores a blob whose bytes arrive piece by piece (a decoder's output): write()
     *  appends to a temporary file while hashing, commit() gives it its name like
     *  put(). Until commit() nothing is visible; a writer destroyed or aborted before
     *  removes its temporary file. One thread at a time. */
    class Writer
    {
    public:
        ~Writer();
        Writer(const Writer &) = delete;
        Writer &operator=(const Writer &) = delete;

        /** Appends bytes; Storage when the disk refuses them (the writer is then failed). */
        [[nodiscard]] Status write(QByteArrayView bytes);
        /** The bytes written so far. */
        qint64 size() const { return m_size; }
        /** Flushes to disk and names the blob by its SHA-256. The writer is done after it. */
        Result<BlobInfo> commit();
        /** Drops what was written. */
        void abort();

    private:
        friend class BlobStore;
        Writer(const BlobStore &store, QString tempPath);

        const BlobStore &m_store;
        QString m_tempPath;
        QFile m_file;
        QCryptographicHash m_hash {QCryptographicHash::Sha256};
        qint64 m_size = 0;
        bool m_failed = false;
    };

    /** A store rooted at `rootDir`, created on the first put(). */
    explicit BlobStore(const QString &rootDir);

    QString rootDir() const { return m_root; }

    /** Stores everything readable from `input` (open for reading) until its end.
     *  InvalidInput when the device is not readable, Storage when reading or
     *  writing fails (nothing is left behind then). */
    Result<BlobInfo> put(QIODevice &input);
    /** A writer for content that is produced piece by piece (see Writer). */
    Result<std::unique_ptr<Writer>> writer() const;
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
    /** Names a complete temporary file (flushed, closed) as the blob @p info. */
    Result<BlobInfo> install(const QString &tempPath, const BlobInfo &info) const;

    QString m_root;
};

} // namespace dms
