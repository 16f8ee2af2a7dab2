// SPDX-License-Identifier: GPL-3.0-or-later
// A rendered Bulgarian text page "scanned" through SANE's pnm backend (private
// SANE_CONFIG_DIR with only "pnm" in dll.conf), through the page pipeline into
// PDF/A, checked with qpdf, pdfimages and pdfinfo; with OCR (tesseract) the
// PDF's text layer must give the Bulgarian words back to pdftotext.
#include "scanning/ScanJob.h"
#include "scanning/ScanSession.h"
#include "scanning/sane/SaneBackend.h"
#ifdef DMS_HAVE_SCANNING_OCR
#include "scanning/ocr/TesseractOcrEngine.h"
#endif

#include <QFont>
#include <QPainter>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

QString run(const QString &program, const QStringList &arguments, int *exitCode)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        return {};
    *exitCode = process.exitCode();
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

/** An A5 page at 300 dpi with a short Bulgarian letter. */
QImage letter()
{
    QImage page(1748, 2480, QImage::Format_Grayscale8);
    page.fill(250);
    QPainter painter(&page);
    QFont font(QStringLiteral("DejaVu Serif"));
    font.setPixelSize(50);
    painter.setFont(font);
    const QStringList lines = {QStringLiteral("ДО КМЕТА НА СТОЛИЧНА ОБЩИНА"), QStringLiteral("ЗАЯВЛЕНИЕ"),
                               QStringLiteral("Моля да ми бъде издадено удостоверение"),
                               QStringLiteral("за наследници на Петър Иванов Петров."),
                               QStringLiteral("Дата: 08.09.2020 г.   Подпис:")};
    for (int i = 0; i < lines.size(); ++i)
        painter.drawText(QPointF(150, 300 + i * 120), lines.at(i));
    return page;
}

} // namespace

class tst_SanePnmCapture : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile dll(m_dir.filePath(QStringLiteral("dll.conf")));
        QVERIFY(dll.open(QIODevice::WriteOnly));
        dll.write("pnm\n");
        dll.close();
        qputenv("SANE_CONFIG_DIR", m_dir.path().toLocal8Bit());
    }

    void scansARenderedPageIntoPdfA()
    {
        const QString pgm = m_dir.filePath(QStringLiteral("letter.pgm"));
        QVERIFY(letter().save(pgm, "PGM"));
        auto backend = std::make_shared<SaneBackend>();
        const auto devices = backend->devices();
        QVERIFY2(devices.ok(), qPrintable(devices.error().toString()));
        QVERIFY(!devices->isEmpty());
        QCOMPARE(devices->first().name, QStringLiteral("pnm:0"));

        ScanProfile profile;
        profile.source = ScanSource::Flatbed;
        profile.mode = ColorMode::Gray;
        profile.resolution = 300;
        ScanSettings settings = profile.settings();
        settings.deviceOptions = {{QStringLiteral("filename"), pgm}};
        ScanJob job(backend, QStringLiteral("pnm:0"), settings);
        ScanSession session(profile);
#ifdef DMS_HAVE_SCANNING_OCR
        QVERIFY(profile.ocr);
        session.setOcrEngine(std::make_shared<TesseractOcrEngine>());
        QVERIFY(session.recognizesText());
#endif
        session.attach(&job);
        QSignalSpy finished(&job, &ScanJob::finished);
        QSignalSpy scanned(&job, &ScanJob::pageScanned);
        job.start();
        QVERIFY(finished.wait(30000));
        const auto result = *static_cast<const Result<int> *>(finished.at(0).at(0).constData());
        QVERIFY2(result.ok(), qPrintable(result.error().toString()));
        QCOMPARE(*result, 1);
        const PageImage page = scanned.at(0).at(0).value<PageImage>();
        QCOMPARE(page.image.size(), QSize(1748, 2480));
        QCOMPARE(page.resolution, 300);
        // The pixels arrive unchanged through libsane.
        QCOMPARE(page.image, letter());
        if (!session.isIdle()) {
            QSignalSpy idle(&session, &ScanSession::idle);
            QVERIFY(idle.wait(30000));
        }
        QVERIFY(!session.pages().first().blank.blank);

        const auto written = session.writeDocuments(m_dir.filePath(QStringLiteral("letter.pdf")));
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
        const QString pdf = written->first();
        int exitCode = -1;
        const QString check = run(QStringLiteral("qpdf"), {QStringLiteral("--check"), pdf}, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(check));
        const QString images = run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf}, &exitCode);
        const QStringList cells = images.split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                                      .value(2)
                                      .simplified()
                                      .split(QLatin1Char(' '));
        QCOMPARE(cells.value(3), QStringLiteral("1748"));
        QCOMPARE(cells.value(4), QStringLiteral("2480"));
        QCOMPARE(cells.value(5), QStringLiteral("gray"));
        QCOMPARE(cells.value(8), QStringLiteral("jpeg"));
        QCOMPARE(cells.value(12), QStringLiteral("300"));
        QCOMPARE(cells.value(13), QStringLiteral("300"));
        const QString meta = run(QStringLiteral("pdfinfo"), {QStringLiteral("-meta"), pdf}, &exitCode);
        QVERIFY2(meta.contains(QStringLiteral("<pdfaid:part>2</pdfaid:part>"))
                     && meta.contains(QStringLiteral("<pdfaid:conformance>B</pdfaid:conformance>")),
                 qPrintable(meta));
        // A5 in points.
        const QString info = run(QStringLiteral("pdfinfo"), {pdf}, &exitCode);
        QVERIFY2(info.contains(QStringLiteral("419.52 x 595.2 pts")), qPrintable(info));
#ifdef DMS_HAVE_SCANNING_OCR
        QVERIFY(!session.pageText(0).isEmpty());
        const QString text = run(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")}, &exitCode);
        QCOMPARE(exitCode, 0);
        for (const QString &word : {QStringLiteral("ЗАЯВЛЕНИЕ"), QStringLiteral("удостоверение"),
                                    QStringLiteral("наследници"), QStringLiteral("Петров")})
            QVERIFY2(text.contains(word), qPrintable(word + QStringLiteral(" not in: ") + text));
#endif
    }

    void missingInputFileIsAnError()
    {
        auto backend = std::make_shared<SaneBackend>();
        ScanSettings settings;
        settings.deviceOptions = {{QStringLiteral("filename"), m_dir.filePath(QStringLiteral("absent.pgm"))}};
        ScanJob job(backend, QStringLiteral("pnm:0"), settings);
        QSignalSpy finished(&job, &ScanJob::finished);
        job.start();
        QVERIFY(finished.wait(30000));
        const auto result = *static_cast<const Result<int> *>(finished.at(0).at(0).constData());
        QVERIFY(!result.ok());
    }
};

QTEST_MAIN(tst_SanePnmCapture)
#include "tst_SanePnmCapture.moc"
