// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/SplicedContent.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

class tst_SplicedContent : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    QString file(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir->filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void splicesRawAndBase64_data()
    {
        QTest::addColumn<int>("size");
        // Around the 192 KiB read chunk: base64 pieces must join without inner padding.
        for (int size : {0, 1, 2, 3, 196607, 196608, 196609, 3 * 196608 + 2})
            QTest::newRow(qPrintable(QString::number(size))) << size;
    }
    void splicesRawAndBase64()
    {
        QFETCH(int, size);
        QByteArray content(size, Qt::Uninitialized);
        for (int i = 0; i < size; ++i)
            content[i] = char((i * 7919) >> 3);
        const QString path = file("content.bin", content);
        const QByteArray text = "<a>MARKER1</a><b>MARKER2</b>";
        const SplicedContent spliced(text,
                                     {{"MARKER2", path, SplicedContent::Encoding::Raw},
                                      {"MARKER1", path, SplicedContent::Encoding::Base64}});
        const QByteArray expected = "<a>" + content.toBase64() + "</a><b>" + content + "</b>";
        QCOMPARE(*spliced.toByteArray(), expected);
        QCOMPARE(*spliced.size(), qint64(expected.size()));
        QCOMPARE(*SplicedContent::hash(text, spliced.parts(), QCryptographicHash::Sha256),
                 QCryptographicHash::hash(expected, QCryptographicHash::Sha256));
        QCOMPARE(spliced.withSkeleton("MARKER1MARKER2").toByteArray()->size(),
                 expected.size() - 14); // no tags
    }

    void refusesMarkersNotPresentOnce_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("absent") << QByteArray("<a/>");
        QTest::newRow("twice") << QByteArray("<a>MARKER</a><b>MARKER</b>");
    }
    void refusesMarkersNotPresentOnce()
    {
        QFETCH(QByteArray, text);
        const SplicedContent spliced(text, {{"MARKER", file("x", "x"), SplicedContent::Encoding::Raw}});
        auto all = spliced.toByteArray();
        QVERIFY(!all.ok());
        QCOMPARE(all.error().code, ErrorCode::InvalidInput);
        QVERIFY(!SplicedContent::hash(text, spliced.parts(), QCryptographicHash::Sha1).ok());
    }

    void missingFileIsStorage()
    {
        const SplicedContent spliced("<a>M</a>",
                                     {{"M", m_dir->filePath("none"), SplicedContent::Encoding::Base64}});
        auto all = spliced.toByteArray();
        QVERIFY(!all.ok());
        QCOMPARE(all.error().code, ErrorCode::Storage);
        QVERIFY(!spliced.size().ok());
    }

    void sinkCanStop()
    {
        const SplicedContent spliced("<a>M</a>", {{"M", file("x", "xyz"), SplicedContent::Encoding::Raw}});
        int calls = 0;
        auto status = spliced.write([&calls](QByteArrayView) { return ++calls < 2; });
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, ErrorCode::Cancelled);
        QCOMPARE(calls, 2);
    }
};

QTEST_GUILESS_MAIN(tst_SplicedContent)
#include "tst_SplicedContent.moc"
