// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/BlobStore.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

QString sha256Of(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray data(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        data[i] = char(generator.bounded(256));
    return data;
}

/** A sequential device (like a socket) that hands out its data in small pieces
 *  and can fail after some bytes; it records the largest read asked of it. */
class TrickleDevice : public QIODevice
{
public:
    TrickleDevice(QByteArray data, qint64 failAfter = -1)
        : m_data(std::move(data))
        , m_failAfter(failAfter)
    { }

    bool isSequential() const override { return true; }
    bool atEnd() const override { return m_pos >= m_data.size() && QIODevice::bytesAvailable() == 0; }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }
    qint64 largestRead = 0;

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        largestRead = std::max(largestRead, maxSize);
        if (m_failAfter >= 0 && m_pos >= m_failAfter) {
            setErrorString(QStringLiteral("connection reset"));
            return -1;
        }
        const qint64 n = std::min<qint64>({maxSize, 1000, m_data.size() - m_pos});
        memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_failAfter;
    qint64 m_pos = 0;
};

QStringList filesUnder(const QString &root)
{
    QStringList out;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(root).relativeFilePath(it.next());
    out.sort();
    return out;
}

QByteArray readAll(BlobStore &store, const QString &sha256)
{
    auto file = store.open(sha256);
    if (!file)
        return QByteArrayLiteral("<not found>");
    return (*file)->readAll();
}

} // namespace

class tst_BlobStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString root() const { return m_dir->filePath(QStringLiteral("blobs")); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup()
    {
        // The blobs are read-only; make them removable again.
        QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            QFile::setPermissions(it.next(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        m_dir.reset();
    }

    void keepsBytesExactly_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArrayLiteral("Заявление за достъп\n");
        QTest::newRow("NUL bytes") << QByteArray("\0\0a\0\xff\xfe\r\n\0", 10);
        QTest::newRow("all byte values") << [] {
            QByteArray all;
            for (int i = 0; i < 256; ++i)
                all.append(char(i));
            return all;
        }();
        QTest::newRow("one chunk and a byte") << randomBytes(256 * 1024 + 1, 7);
    }

    void keepsBytesExactly()
    {
        QFETCH(QByteArray, data);
        BlobStore store(root());
        auto stored = store.put(data);
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        QCOMPARE(stored->sha256, sha256Of(data));
        QCOMPARE(stored->size, qint64(data.size()));
        QVERIFY(store.contains(stored->sha256));
        QCOMPARE(readAll(store, stored->sha256), data);
        QVERIFY(store.verify(stored->sha256).ok());
        // Two-level layout: ab/cdef…
        const QString relative = stored->sha256.left(2) + QLatin1Char('/') + stored->sha256.mid(2);
        QCOMPARE(filesUnder(root()), QStringList {relative});
        QCOMPARE(store.pathFor(stored->sha256), root() + QLatin1Char('/') + relative);
    }

    void emptyContentHasTheKnownName()
    {
        BlobStore store(root());
        auto stored = store.put(QByteArray());
        QVERIFY(stored.ok());
        QCOMPARE(stored->sha256,
                 QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(stored->size, qint64(0));
    }

    void storesLargeFilesFromDisk()
    {
        const QByteArray data = randomBytes(5 * 1024 * 1024 + 3, 42);
        const QString source = m_dir->filePath(QStringLiteral("scan.pdf"));
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(data), data.size());
        }
        BlobStore store(root());
        auto stored = store.putFile(source);
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        QCOMPARE(stored->size, qint64(data.size()));
        QCOMPARE(stored->sha256, sha256Of(data));
        QVERIFY(store.verify(stored->sha256).ok());
        auto file = store.open(stored->sha256);
        QVERIFY(file.ok());
        QCOMPARE((*file)->size(), qint64(data.size()));
        QCOMPARE((*file)->readAll(), data);
    }

    void storesAnEmptyFile()
    {
        const QString source = m_dir->filePath(QStringLiteral("empty.txt"));
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        BlobStore store(root());
        auto stored = store.putFile(source);
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        QCOMPARE(stored->size, qint64(0));
        QCOMPARE(stored->sha256, sha256Of(QByteArray()));
        QVERIFY(store.verify(stored->sha256).ok());
        QCOMPARE(readAll(store, stored->sha256), QByteArray());
    }

    void streamsFromSequentialDevices()
    {
        const QByteArray data = randomBytes(3 * 1024 * 1024, 3);
        TrickleDevice device(data);
        QVERIFY(device.open(QIODevice::ReadOnly));
        BlobStore store(root());
        auto stored = store.put(device);
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        QCOMPARE(stored->sha256, sha256Of(data));
        QCOMPARE(stored->size, qint64(data.size()));
        // Read in bounded chunks, never all at once.
        QVERIFY(device.largestRead > 0);
        QVERIFY(device.largestRead <= 1024 * 1024);
        QCOMPARE(readAll(store, stored->sha256), data);
    }

    void readsFromTheCurrentPosition()
    {
        QBuffer buffer;
        buffer.setData(QByteArrayLiteral("headerBODY"));
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QVERIFY(buffer.seek(6));
        BlobStore store(root());
        auto stored = store.put(buffer);
        QVERIFY(stored.ok());
        QCOMPARE(readAll(store, stored->sha256), QByteArrayLiteral("BODY"));
    }

    void isIdempotent()
    {
        BlobStore store(root());
        const QByteArray data = randomBytes(10000, 9);
        auto first = store.put(data);
        QVERIFY(first.ok());
        auto second = store.put(data);
        QVERIFY(second.ok());
        QCOMPARE(second->sha256, first->sha256);
        QCOMPARE(second->size, first->size);
        auto other = store.put(QByteArrayLiteral("other"));
        QVERIFY(other.ok());
        QVERIFY(other->sha256 != first->sha256);
        // Two blobs and no temporary files left behind.
        QCOMPARE(filesUnder(root()).size(), 2);
        QCOMPARE(readAll(store, first->sha256), data);
    }

    void blobsAreReadOnly()
    {
        BlobStore store(root());
        auto stored = store.put(QByteArrayLiteral("x"));
        QVERIFY(stored.ok());
        const QFileDevice::Permissions permissions = QFile::permissions(store.pathFor(stored->sha256));
        QVERIFY(permissions & QFileDevice::ReadOwner);
        QVERIFY(!(permissions & QFileDevice::WriteOwner));
        QVERIFY(!(permissions & QFileDevice::ReadOther));
    }

    void refusesBadNames_data()
    {
        QTest::addColumn<QString>("name");
        const QString good = sha256Of("x");
        QTest::newRow("empty") << QString();
        QTest::newRow("upper case") << good.toUpper();
        QTest::newRow("short") << good.left(63);
        QTest::newRow("long") << QString(good + QLatin1Char('0'));
        QTest::newRow("not hex") << QString(64, QLatin1Char('g'));
        QTest::newRow("parent") << QString(QStringLiteral("../") + good.left(61));
        QTest::newRow("slash") << QString(good.left(2) + QLatin1Char('/') + good.mid(3));
        QTest::newRow("absolute") << QString(QLatin1Char('/') + good.mid(1));
        QTest::newRow("backslash") << QString(good.left(63) + QLatin1Char('\\'));
        QTest::newRow("NUL") << QString(good.left(63) + QChar(0));
        QTest::newRow("space") << QString(QLatin1Char(' ') + good.left(63));
        QTest::newRow("fullwidth digit") << QString(QChar(0xff10) + good.mid(1));
    }

    void refusesBadNames()
    {
        QFETCH(QString, name);
        BlobStore store(root());
        QVERIFY(store.put(QByteArrayLiteral("x")).ok());
        QVERIFY(!BlobStore::isValidName(name));
        QVERIFY(!store.contains(name));
        QVERIFY(store.pathFor(name).isEmpty());
        QCOMPARE(store.open(name).error().code, ErrorCode::InvalidInput);
        QCOMPARE(store.verify(name).error().code, ErrorCode::InvalidInput);
    }

    void missingBlobsAreNotFound()
    {
        BlobStore store(root());
        const QString absent = sha256Of("never stored");
        QVERIFY(!store.contains(absent));
        QCOMPARE(store.open(absent).error().code, ErrorCode::NotFound);
        QCOMPARE(store.verify(absent).error().code, ErrorCode::NotFound);
        QCOMPARE(store.putFile(m_dir->filePath(QStringLiteral("no-such-file"))).error().code,
                 ErrorCode::NotFound);
    }

    void verifyDetectsDamage()
    {
        BlobStore store(root());
        auto stored = store.put(QByteArrayLiteral("Входящ номер 2118"));
        QVERIFY(stored.ok());
        const QString path = store.pathFor(stored->sha256);
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek(3));
            QCOMPARE(file.write("X", 1), 1);
        }
        const auto damaged = store.verify(stored->sha256);
        QCOMPARE(damaged.error().code, ErrorCode::Corrupt);
        QVERIFY(!damaged.error().message.isEmpty());
    }

    void replacesATruncatedBlob()
    {
        BlobStore store(root());
        const QByteArray data = QByteArrayLiteral("the whole original");
        auto stored = store.put(data);
        QVERIFY(stored.ok());
        const QString path = store.pathFor(stored->sha256);
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(QFile::resize(path, 4));
        QCOMPARE(store.verify(stored->sha256).error().code, ErrorCode::Corrupt);
        auto again = store.put(data);
        QVERIFY(again.ok());
        QVERIFY(store.verify(stored->sha256).ok());
        QCOMPARE(readAll(store, stored->sha256), data);
    }

    void failedReadsLeaveNothing()
    {
        TrickleDevice device(randomBytes(50000, 5), 20000);
        QVERIFY(device.open(QIODevice::ReadOnly));
        BlobStore store(root());
        auto stored = store.put(device);
        QVERIFY(!stored.ok());
        QCOMPARE(stored.error().code, ErrorCode::Storage);
        QVERIFY(stored.error().detail.contains(QStringLiteral("connection reset")));
        QCOMPARE(filesUnder(root()), QStringList {});
    }

    void refusesDevicesNotOpenForReading()
    {
        BlobStore store(root());
        QBuffer closed;
        QCOMPARE(store.put(closed).error().code, ErrorCode::InvalidInput);
        QBuffer writeOnly;
        QVERIFY(writeOnly.open(QIODevice::WriteOnly));
        QCOMPARE(store.put(writeOnly).error().code, ErrorCode::InvalidInput);
        QVERIFY(filesUnder(root()).isEmpty());
    }

    void writerStoresPiecesUnderTheirHash()
    {
        const QByteArray data = randomBytes(700000, 9);
        BlobStore store(root());
        auto writer = store.writer();
        QVERIFY(writer.ok());
        for (qsizetype at = 0; at < data.size(); at += 4093)
            QVERIFY(
                (*writer)
                    ->write(QByteArrayView(data.constData() + at, qMin<qsizetype>(4093, data.size() - at)))
                    .ok());
        QCOMPARE((*writer)->size(), data.size());
        QCOMPARE(store.contains(sha256Of(data)), false); // nothing visible before commit
        auto info = (*writer)->commit();
        QVERIFY2(info.ok(), qPrintable(info.error().toString()));
        QCOMPARE(info->sha256, sha256Of(data));
        QCOMPARE(info->size, data.size());
        QVERIFY(store.verify(info->sha256).ok());
        QCOMPARE(filesUnder(root()).size(), 1); // no temporary left
        // Finished: further writes and commits are refused.
        QCOMPARE((*writer)->write("x").error().code, ErrorCode::InvalidState);
        QCOMPARE((*writer)->commit().error().code, ErrorCode::InvalidState);
        // The same content again through a second writer: same name, still one file.
        auto again = store.writer();
        QVERIFY((*again)->write(data).ok());
        QCOMPARE((*again)->commit()->sha256, info->sha256);
        QCOMPARE(filesUnder(root()).size(), 1);
    }

    void abandonedWritersLeaveNothing()
    {
        BlobStore store(root());
        {
            auto writer = store.writer();
            QVERIFY(writer.ok());
            QVERIFY((*writer)->write(randomBytes(1000, 3)).ok());
        }
        QCOMPARE(filesUnder(root()), QStringList {});
        auto writer = store.writer();
        QVERIFY((*writer)->write(randomBytes(1000, 4)).ok());
        (*writer)->abort();
        QCOMPARE((*writer)->write("x").error().code, ErrorCode::InvalidState);
        QCOMPARE(filesUnder(root()), QStringList {});
    }

    void reportsAnUnwritableStore()
    {
        const QString file = m_dir->filePath(QStringLiteral("not-a-directory"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        BlobStore store(file + QStringLiteral("/blobs"));
        auto stored = store.put(QByteArrayLiteral("x"));
        QCOMPARE(stored.error().code, ErrorCode::Storage);
        QCOMPARE(store.writer().error().code, ErrorCode::Storage);
    }
};

QTEST_GUILESS_MAIN(tst_BlobStore)
#include "tst_BlobStore.moc"
