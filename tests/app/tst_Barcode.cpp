// SPDX-License-Identifier: GPL-3.0-or-later
#include "print/Barcode.h"

#include <QImage>
#include <QPainter>
#include <QTest>

using namespace dms;

class tst_Barcode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transliterates_data()
    {
        QTest::addColumn<QString>("cyrillic");
        QTest::addColumn<QString>("latin");
        QTest::newRow("index") << QStringLiteral("СОА20-ВК66-7245") << QStringLiteral("SOA20-VK66-7245");
        QTest::newRow("upper word") << QStringLiteral("ЖЩ-1") << QStringLiteral("ZHSHT-1");
        QTest::newRow("capitalised") << QStringLiteral("Щит") << QStringLiteral("Shtit");
        QTest::newRow("ъ and ю") << QStringLiteral("ъглю") << QStringLiteral("aglyu");
        QTest::newRow("ascii kept") << QStringLiteral("A-1/2.3") << QStringLiteral("A-1/2.3");
        QTest::newRow("other script") << QStringLiteral("Ωx") << QStringLiteral("?x");
    }
    void transliterates()
    {
        QFETCH(QString, cyrillic);
        QFETCH(QString, latin);
        QCOMPARE(Barcode::transliterated(cyrillic), latin);
    }

    void encodesBothSymbologies()
    {
        const auto linear = Barcode::encode(Barcode::Symbology::Code128, QStringLiteral("SOA20-VK66-7245"));
        QVERIFY2(linear.ok(), qPrintable(linear.error().toString()));
        QVERIFY(linear->bars().size() > 20);
        QVERIFY(linear->size().width() > linear->size().height());
        const auto qr = Barcode::encode(Barcode::Symbology::Qr, QStringLiteral("СОА20-ВК66-7245"));
        QVERIFY2(qr.ok(), qPrintable(qr.error().toString()));
        QCOMPARE(qr->size().width(), qr->size().height());

        // Painting fills some but not all of the target black.
        QImage image(200, 200, QImage::Format_Grayscale8);
        image.fill(Qt::white);
        QPainter painter(&image);
        qr->paint(painter, QRectF(0, 0, 200, 200));
        painter.end();
        int black = 0;
        for (int y = 0; y < 200; ++y)
            for (int x = 0; x < 200; ++x)
                black += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        QVERIFY(black > 200 * 200 / 5 && black < 200 * 200 * 4 / 5);
    }

    void refusesWhatCannotBeEncoded_data()
    {
        QTest::addColumn<int>("symbology");
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << int(Barcode::Symbology::Qr) << QString();
        QTest::newRow("cyrillic in code 128") << int(Barcode::Symbology::Code128) << QStringLiteral("ВК66");
        QTest::newRow("control in code 128") << int(Barcode::Symbology::Code128) << QStringLiteral("a\tb");
        QTest::newRow("too long for qr") << int(Barcode::Symbology::Qr) << QString(8000, QLatin1Char('7'));
    }
    void refusesWhatCannotBeEncoded()
    {
        QFETCH(int, symbology);
        QFETCH(QString, text);
        QCOMPARE(Barcode::encode(Barcode::Symbology(symbology), text).error().code, ErrorCode::InvalidInput);
    }
};

QTEST_MAIN(tst_Barcode)
#include "tst_Barcode.moc"
