// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/BlobStore.h"

#include "core/Tr.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>

#include <algorithm>

#if defined(Q_OS_UNIX)
#include <fcntl.h>
#include <unistd.h>
#elif defined(Q_OS_WIN)
#include <io.h>
#endif

namespace dms {

namespace {

constexpr qint64 kChunkSize = 256 * 1024;
constexpr int kReadTimeoutMs = 30000;

/** Forces a file's bytes to the disk before it gets its final name. */
bool syncFile(QFileDevice &file)
{
    if (!file.flush())
        return false;
#if defined(Q_OS_UNIX)
    return ::fsync(file.handle()) == 0;
#elif defined(Q_OS_WIN)
    return ::_commit(file.handle()) == 0;
#else
    return true;
#endif
}

/** Makes a rename durable: the directory entry itself is flushed. */
void syncDirectory(const QString &path)
{
#if defined(Q_OS_UNIX)
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(path);
#endif
}

Error invalidName(const QString &sha256)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("Not a valid content name."), sha256.left(80));
}

/** Reads a device to its end in chunks, handing each chunk to `sink`. */
template<class Sink>
Status readAll(QIODevice &input, Sink &&sink)
{
    QByteArray buffer(kChunkSize, Qt::Uninitialized);
    for (;;) {
        const qint64 n = input.read(buffer.data(), kChunkSize);
        if (n < 0)
            return makeError(ErrorCode::Storage, Tr::tr("Could not read the file."), input.errorString());
        if (n > 0) {
            DMS_TRY(sink(QByteArrayView(buffer.constData(), n)));
            continue;
        }
        if (!input.isSequential() || input.atEnd())
            return {};
        if (!input.waitForReadyRead(kReadTimeoutMs)) {
            if (input.atEnd() || !input.isOpen())
                return {};
            return makeError(ErrorCode::Timeout, Tr::tr("Reading the file took too long."),
                             input.errorString());
        }
    }
}

} // namespace

BlobStore::BlobStore(const QString &rootDir)
    : m_root(QDir::cleanPath(QFileInfo(rootDir).absoluteFilePath()))
{ }

bool BlobStore::isValidName(const QString &sha256)
{
    if (sha256.size() != 64)
        return false;
    return std::all_of(sha256.cbegin(), sha256.cend(), [](QChar c) {
        return (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
    });
}

QString BlobStore::pathFor(const QString &sha256) const
{
    if (!isValidName(sha256))
        return {};
    return m_root + QLatin1Char('/') + sha256.left(2) + QLatin1Char('/') + sha256.mid(2);
}

Result<std::unique_ptr<BlobStore::Writer>> BlobStore::writer() const
{
    if (!QDir().mkpath(m_root))
        return makeError(ErrorCode::Storage, Tr::tr("Cannot create the file store."), m_root);
    // In the root directory, so that the final rename stays on one file system.
    const QString tempPath = m_root + QStringLiteral("/.incoming-")
        + QString::number(QRandomGenerator::system()->generate64(), 16)
        + QString::number(QRandomGenerator::system()->generate64(), 16);
    std::unique_ptr<Writer> writer(new Writer(*this, tempPath));
    if (!writer->m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                             QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError(ErrorCode::Storage, Tr::tr("Cannot write to the file store."),
                         tempPath + QStringLiteral(": ") + writer->m_file.errorString());
    return writer;
}

BlobStore::Writer::Writer(const BlobStore &store, QString tempPath)
    : m_store(store)
    , m_tempPath(std::move(tempPath))
    , m_file(m_tempPath)
{ }

BlobStore::Writer::~Writer()
{
    abort();
}

void BlobStore::Writer::abort()
{
    if (m_tempPath.isEmpty())
        return;
    m_file.close();
    QFile::remove(m_tempPath);
    m_tempPath.clear();
    m_failed = true;
}

Status BlobStore::Writer::write(QByteArrayView bytes)
{
    if (m_failed || m_tempPath.isEmpty())
        return makeError(ErrorCode::InvalidState, Tr::tr("Cannot write to the file store."),
                         QStringLiteral("writer already finished"));
    m_hash.addData(bytes);
    if (m_file.write(bytes.data(), bytes.size()) != bytes.size()) {
        const QString why = m_file.errorString();
        abort();
        return makeError(ErrorCode::Storage, Tr::tr("Cannot write to the file store."), why);
    }
    m_size += bytes.size();
    return {};
}

Result<BlobInfo> BlobStore::Writer::commit()
{
    if (m_failed || m_tempPath.isEmpty())
        return makeError(ErrorCode::InvalidState, Tr::tr("Cannot write to the file store."),
                         QStringLiteral("writer already finished"));
    if (!syncFile(m_file)) {
        const QString why = m_file.errorString();
        abort();
        return makeError(ErrorCode::Storage, Tr::tr("Cannot write to the file store."), why);
    }
    m_file.close();
    if (m_file.error() != QFileDevice::NoError) {
        const QString why = m_file.errorString();
        abort();
        return makeError(ErrorCode::Storage, Tr::tr("Cannot write to the file store."), why);
    }
    const BlobInfo info {QString::fromLatin1(m_hash.result().toHex()), m_size};
    auto installed = m_store.install(m_tempPath, info);
    if (!installed) {
        abort();
        return installed.error();
    }
    if (QFileInfo::exists(m_tempPath))
        QFile::remove(m_tempPath); // the content was already there
    m_tempPath.clear();
    return installed;
}

Result<BlobInfo> BlobStore::install(const QString &tempPath, const BlobInfo &info) const
{
    const QString target = pathFor(info.sha256);
    const QFileInfo existing(target);
    if (existing.exists()) {
        if (existing.size() == info.size)
            return info;
        // A blob of the wrong size is damaged: the new copy replaces it.
        QFile::remove(target);
    }
    const QString directory = QFileInfo(target).absolutePath();
    if (!QDir().mkpath(directory))
        return makeError(ErrorCode::Storage, Tr::tr("Cannot create the file store."), directory);
    QFile::setPermissions(tempPath, QFileDevice::ReadOwner | QFileDevice::ReadGroup);
    if (!QFile::rename(tempPath, target)) {
        // Another writer may have stored the same bytes meanwhile.
        const QFileInfo raced(target);
        if (raced.exists() && raced.size() == info.size)
            return info;
        return makeError(ErrorCode::Storage, Tr::tr("Cannot write to the file store."), target);
    }
    syncDirectory(directory);
    return info;
}

Result<BlobInfo> BlobStore::put(QIODevice &input)
{
    if (!input.isOpen() || !input.isReadable())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file is not open for reading."));
    auto writer = this->writer();
    if (!writer)
        return writer.error();
    DMS_TRY(readAll(input, [&](QByteArrayView chunk) { return (*writer)->write(chunk); }));
    return (*writer)->commit();
}

Result<BlobInfo> BlobStore::put(const QByteArray &data)
{
    QBuffer buffer;
    buffer.setData(data);
    if (!buffer.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Internal, Tr::tr("Cannot read the data."));
    return put(buffer);
}

Result<BlobInfo> BlobStore::putFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, Tr::tr("Cannot open the file."),
                         path + QStringLiteral(": ") + file.errorString());
    return put(file);
}

Result<std::unique_ptr<QFile>> BlobStore::open(const QString &sha256) const
{
    if (!isValidName(sha256))
        return invalidName(sha256);
    auto file = std::make_unique<QFile>(pathFor(sha256));
    if (!file->exists())
        return makeError(ErrorCode::NotFound, Tr::tr("The file is missing from the file store."), sha256);
    if (!file->open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Storage, Tr::tr("Cannot read from the file store."),
                         sha256 + QStringLiteral(": ") + file->errorString());
    return file;
}

Status BlobStore::verify(const QString &sha256) const
{
    auto file = open(sha256);
    if (!file)
        return file.error();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    DMS_TRY(readAll(**file, [&](QByteArrayView chunk) -> Status {
        hash.addData(chunk);
        return {};
    }));
    if (QString::fromLatin1(hash.result().toHex()) != sha256)
        return makeError(ErrorCode::Corrupt, Tr::tr("A stored file is damaged."), sha256);
    return {};
}

bool BlobStore::contains(const QString &sha256) const
{
    return isValidName(sha256) && QFileInfo::exists(pathFor(sha256));
}

} // namespace dms
