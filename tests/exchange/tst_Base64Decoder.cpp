// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/Base64Decoder.h"

#include <QRandomGenerator>
#include <QTest>

using namespace dms::exchange;

class tst_Base64Decoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesInAnySplit()
    {
        QRandomGenerator random(7);
        for (int length : {0, 1, 2, 3, 4, 5, 100, 49151, 49152, 49153, 200000}) {
            QByteArray data(length, Qt::Uninitialized);
            for (char &c : data)
                c = char(random.bounded(256));
            QByteArray text = data.toBase64();
            // Line breaks every 76 characters, as MIME encoders write them, and CRLF.
            for (qsizetype at = 76; at < text.size(); at += 78)
                text.insert(at, "\r\n");
            QByteArray out;
            qint64 blocks = 0;
            Base64Decoder decoder([&](QByteArrayView decoded) {
                out.append(decoded);
                ++blocks;
                return true;
            });
            for (qsizetype at = 0; at < text.size();) {
                const qsizetype piece = qMin<qsizetype>(1 + random.bounded(9000), text.size() - at);
                QVERIFY(decoder.feed(QByteArrayView(text.constData() + at, piece)));
                at += piece;
            }
            QVERIFY(decoder.finish());
            QCOMPARE(out, data);
            QCOMPARE(decoder.decodedSize(), qint64(length));
            // Decoded bytes leave in blocks, not all at the end.
            if (length > 100000)
                QVERIFY(blocks > 2);
        }
    }

    void refusesWhatIsNotStrictBase64_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("bad character") << QByteArray("QUJD*A==");
        QTest::newRow("url-safe alphabet") << QByteArray("QUJD-A__");
        QTest::newRow("partial quartet") << QByteArray("QUJDR");
        QTest::newRow("padding too early") << QByteArray("Q===");
        QTest::newRow("data after padding") << QByteArray("QQ==QUJD");
        QTest::newRow("padding inside a quartet") << QByteArray("QQ=A");
        QTest::newRow("non-XML whitespace") << QByteArray("QUJD\vQUJD");
        QTest::newRow("NUL") << QByteArray("QUJD\0QUJD", 9);
    }
    void refusesWhatIsNotStrictBase64()
    {
        QFETCH(QByteArray, text);
        QByteArray out;
        QVERIFY(!Base64Decoder::decode(text, out));
        QVERIFY(out.isEmpty());
    }

    void acceptsPaddingAndWhitespace()
    {
        QByteArray out;
        QVERIFY(Base64Decoder::decode(" QQ==\n", out));
        QCOMPARE(out, QByteArray("A"));
        QVERIFY(Base64Decoder::decode("QUI=", out));
        QCOMPARE(out, QByteArray("AB"));
        QVERIFY(Base64Decoder::decode("", out));
        QCOMPARE(out, QByteArray());
    }

    void aSinkCanStopIt()
    {
        Base64Decoder decoder([](QByteArrayView) { return false; });
        QVERIFY(!decoder.feed(QByteArray(200000, 'A')));
        QVERIFY(decoder.failed());
        QVERIFY(!decoder.finish());
    }
};

QTEST_GUILESS_MAIN(tst_Base64Decoder)
#include "tst_Base64Decoder.moc"
