// SPDX-License-Identifier: GPL-3.0-or-later
// The stamp label printed to a PDF: zbarimg must read both barcodes back.
#include "PdfTools.h"
#include "print/StampLabelPrinter.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QPrinter>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

RegistrationSlip slip(const QString &index)
{
    RegistrationSlip slip;
    slip.registrationIndex = index;
    slip.registeredAt = QDateTime(QDate(2020, 9, 7), QTime(22, 30), Qt::UTC); // 8 Sep in Sofia
    slip.subject = QStringLiteral("Жалба");
    slip.pageCount = 3;
    return slip;
}

} // namespace

class tst_StampLabelPrinter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!PdfTools::haveZbar())
            QSKIP("zbarimg (zbar-tools) is not installed");
    }

    void barcodesDecodeToTheIndex_data()
    {
        QTest::addColumn<QString>("index");
        QTest::addColumn<QString>("latin");
        QTest::newRow("sofia") << QStringLiteral("СОА20-ВК66-7245/08.09.2020")
                               << QStringLiteral("SOA20-VK66-7245/08.09.2020");
        QTest::newRow("follow-up") << QStringLiteral("СОА20-ДИ05-2118/1/11.09.2020")
                                   << QStringLiteral("SOA20-DI05-2118/1/11.09.2020");
        QTest::newRow("latin") << QStringLiteral("94-00-12/08.09.2020")
                               << QStringLiteral("94-00-12/08.09.2020");
    }
    void barcodesDecodeToTheIndex()
    {
        QFETCH(QString, index);
        QFETCH(QString, latin);
        const QString pdf = m_dir.filePath(QStringLiteral("label.pdf"));
        QFile::remove(pdf);
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(pdf);
        const Status printed = StampLabelPrinter::print(printer, slip(index));
        QVERIFY2(printed.ok(), qPrintable(printed.error().toString()));

        const QStringList symbols = PdfTools::barcodes(pdf, m_dir.path(), 600);
        QVERIFY2(symbols.contains(QStringLiteral("QR-Code:") + index),
                 qPrintable(symbols.join(QLatin1Char('|'))));
        QVERIFY2(symbols.contains(QStringLiteral("CODE-128:") + latin),
                 qPrintable(symbols.join(QLatin1Char('|'))));

        // The text is on the label too, with the local date (22:30 UTC is the next day in Sofia).
        const QString text = PdfTools::text(pdf);
        QVERIFY2(text.contains(QStringLiteral("08.09.2020")), qPrintable(text));
        const QString info = PdfTools::run(QStringLiteral("pdfinfo"), {pdf});
        QVERIFY2(info.contains(QStringLiteral("Page size:       198 x 102 pts")),
                 qPrintable(info)); // 70 × 36 mm
    }

    void refusesAMissingIndex()
    {
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(m_dir.filePath(QStringLiteral("none.pdf")));
        QCOMPARE(StampLabelPrinter::print(printer, slip(QString())).error().code, ErrorCode::InvalidInput);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none.pdf"))));
    }

    void refusesAnIndexTooLongForTheSymbols()
    {
        QImage image(400, 200, QImage::Format_RGB32);
        QPainter painter(&image);
        const Status painted = StampLabelPrinter::paint(painter, QRectF(0, 0, 400, 200),
                                                        slip(QString(5000, QLatin1Char('9'))));
        QCOMPARE(painted.error().code, ErrorCode::InvalidInput);
    }

    void reportsAPrinterThatCannotStart()
    {
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(m_dir.filePath(QStringLiteral("no-such-dir/label.pdf")));
        QCOMPARE(StampLabelPrinter::print(printer, slip(QStringLiteral("1-2/08.09.2020"))).error().code,
                 ErrorCode::DeviceIo);
    }
};

QTEST_MAIN(tst_StampLabelPrinter)
#include "tst_StampLabelPrinter.moc"
