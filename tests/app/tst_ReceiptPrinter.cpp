// SPDX-License-Identifier: GPL-3.0-or-later
// The citizen's receipt printed to a PDF and read back with pdftotext and zbarimg.
#include "PdfTools.h"
#include "print/ReceiptPrinter.h"

#include <QApplication>
#include <QPageSize>
#include <QPrinter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

class tst_ReceiptPrinter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void receiptCarriesTheRegistration_data()
    {
        QTest::addColumn<int>("pageSize");
        QTest::newRow("A4") << int(QPageSize::A4);
        QTest::newRow("A5") << int(QPageSize::A5);
    }
    void receiptCarriesTheRegistration()
    {
        QFETCH(int, pageSize);
        RegistrationSlip slip;
        slip.registrationIndex = QStringLiteral("СОА20-ВК66-7245/08.09.2020");
        slip.registeredAt = QDateTime(QDate(2020, 9, 8), QTime(7, 5), Qt::UTC); // 10:05 in Sofia (summer)
        slip.subject = QStringLiteral("Жалба за шум от ремонт");
        slip.pageCount = 3;
        slip.office = QStringLiteral("Столична община, район Средец");

        const QString pdf = m_dir.filePath(QStringLiteral("receipt.pdf"));
        QFile::remove(pdf);
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(pdf);
        printer.setPageSize(QPageSize(QPageSize::PageSizeId(pageSize)));
        const Status printed = ReceiptPrinter::print(printer, slip);
        QVERIFY2(printed.ok(), qPrintable(printed.error().toString()));

        const QString text = PdfTools::text(pdf).simplified();
        for (const QString &expected :
             {slip.registrationIndex, QStringLiteral("08.09.2020 10:05"), slip.subject, slip.office,
              QStringLiteral("Receipt of registration"), QStringLiteral("Number of pages")})
            QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" not in: ") + text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("Number of pages 3\\b"))), qPrintable(text));
        const QString info = PdfTools::run(QStringLiteral("pdfinfo"), {pdf});
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Pages: +1\\n"))), qPrintable(info));

        if (PdfTools::haveZbar()) {
            const QStringList symbols = PdfTools::barcodes(pdf, m_dir.path(), 150);
            QVERIFY2(symbols.contains(QStringLiteral("QR-Code:") + slip.registrationIndex),
                     qPrintable(symbols.join(QLatin1Char('|'))));
        }
    }

    void refusesAnEmptyRegistration()
    {
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(m_dir.filePath(QStringLiteral("empty.pdf")));
        QCOMPARE(ReceiptPrinter::print(printer, {}).error().code, ErrorCode::InvalidInput);
    }
};

QTEST_MAIN(tst_ReceiptPrinter)
#include "tst_ReceiptPrinter.moc"
