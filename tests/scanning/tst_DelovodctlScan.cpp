// SPDX-License-Identifier: GPL-3.0-or-later
// `delovodctl scan` as a real process against SANE's test backend (private
// SANE_CONFIG_DIR written by the test) and on imported files.
#include "OcrTestPages.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 stopMs = -1;
};

} // namespace

class tst_DelovodctlScan : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SANE_CONFIG_DIR"), m_dir.filePath(QStringLiteral("sane")));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        // Scanning needs no database, so none is configured.
        environment.remove(QStringLiteral("DELOVOD_DATABASE"));
        environment.insert(QStringLiteral("DELOVOD_LANG"), QStringLiteral("en"));
        return environment;
    }

    /** A slow scan (50 dpi, 4 KB per sane_read, 30 ms after each: ~2 s a page)
     *  interrupted with SIGINT once `progress` is on standard error. */
    Outcome interruptedScan(const QString &output, const QByteArray &progress) const
    {
        QProcess process;
        QProcessEnvironment environment = this->environment();
        // The test backend logs each sane_cancel() at level 2.
        environment.insert(QStringLiteral("SANE_DEBUG_TEST"), QStringLiteral("2"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(DELOVODCTL_PATH),
                      {QStringLiteral("scan"), QStringLiteral("--device"), QStringLiteral("test:0"),
                       QStringLiteral("--profile"), QStringLiteral("text bitonal"),
                       QStringLiteral("--no-ocr"), QStringLiteral("--resolution"), QStringLiteral("50"),
                       QStringLiteral("--option"), QStringLiteral("read-limit=true"),
                       QStringLiteral("--option"), QStringLiteral("read-limit-size=4096"),
                       QStringLiteral("--option"), QStringLiteral("read-delay=true"),
                       QStringLiteral("--option"), QStringLiteral("read-delay-duration=30000"),
                       QStringLiteral("--output"), output, QStringLiteral("--json")});
        Outcome outcome;
        if (!process.waitForStarted())
            return outcome;
        QDeadlineTimer deadline(30000);
        while (!outcome.err.contains(progress) && !deadline.hasExpired()
               && process.state() == QProcess::Running) {
            process.waitForReadyRead(50);
            outcome.err += process.readAllStandardError();
        }
        if (!outcome.err.contains(progress)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        QElapsedTimer stopping;
        stopping.start();
        ::kill(pid_t(process.processId()), SIGINT);
        // No hang: the page being read is dropped within a read or two.
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        outcome.stopMs = stopping.elapsed();
        outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        outcome.out = process.readAllStandardOutput();
        outcome.err += process.readAllStandardError();
        return outcome;
    }

    Outcome delovodctl(const QStringList &arguments) const
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(DELOVODCTL_PATH), arguments);
        Outcome outcome;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        outcome.out = process.readAllStandardOutput();
        outcome.err = process.readAllStandardError();
        return outcome;
    }

    QString pdfImages(const QString &pdf) const
    {
        QProcess process;
        process.start(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
        process.waitForFinished(30000);
        return QString::fromUtf8(process.readAllStandardOutput());
    }

    QString pdfText(const QString &pdf) const
    {
        QProcess process;
        process.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        process.waitForFinished(30000);
        return QString::fromUtf8(process.readAllStandardOutput());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("sane"))));
        QFile dll(m_dir.filePath(QStringLiteral("sane/dll.conf")));
        QVERIFY(dll.open(QIODevice::WriteOnly));
        dll.write("test\n");
        dll.close();
        QFile test(m_dir.filePath(QStringLiteral("sane/test.conf")));
        QVERIFY(test.open(QIODevice::WriteOnly));
        test.write("number_of_devices 2\nmode Gray\ndepth 8\nresolution_min 1.0\nresolution_max 1200.0\n"
                   "resolution_quant 1.0\nresolution 75.0\ntest-picture \"Grid\"\n"
                   "geometry_min 0.0\ngeometry_max 300.0\ngeometry_quant 1.0\n"
                   "tl_x 0.0\ntl_y 0.0\nbr_x 210.0\nbr_y 297.0\n");
        test.close();
    }

    void listsDevices()
    {
        const Outcome outcome
            = delovodctl({QStringLiteral("scan"), QStringLiteral("devices"), QStringLiteral("--json")});
        QCOMPARE(outcome.exitCode, 0);
        const QJsonArray devices = QJsonDocument::fromJson(outcome.out).array();
        QCOMPARE(devices.size(), 2);
        QCOMPARE(devices.at(0)[QStringLiteral("name")].toString(), QStringLiteral("test:0"));
    }

    void listsProfiles()
    {
        const Outcome outcome
            = delovodctl({QStringLiteral("scan"), QStringLiteral("profiles"), QStringLiteral("--json")});
        QCOMPARE(outcome.exitCode, 0);
        const QJsonArray profiles = QJsonDocument::fromJson(outcome.out).array();
        QCOMPARE(profiles.size(), 4);
        QCOMPARE(profiles.at(0)[QStringLiteral("name")].toString(), QStringLiteral("Documents"));
        QCOMPARE(profiles.at(1)[QStringLiteral("mode")].toString(), QStringLiteral("lineart"));
        const Outcome text = delovodctl({QStringLiteral("scan"), QStringLiteral("profiles")});
        QVERIFY(text.out.contains("Text bitonal"));
    }

    void scansAFeederBatchIntoPdf()
    {
        const QString output = m_dir.filePath(QStringLiteral("batch.pdf"));
        const Outcome outcome = delovodctl(
            {QStringLiteral("scan"), QStringLiteral("--device"), QStringLiteral("test:0"),
             QStringLiteral("--profile"), QStringLiteral("text bitonal"), QStringLiteral("--resolution"),
             QStringLiteral("100"), QStringLiteral("--output"), output, QStringLiteral("--json")});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(outcome.out).object();
        QCOMPARE(result[QStringLiteral("pagesScanned")].toInt(), 10);
        QVERIFY(result[QStringLiteral("complete")].toBool());
        const QJsonArray documents = result[QStringLiteral("documents")].toArray();
        QCOMPARE(documents.size(), 1);
        QCOMPARE(documents.at(0)[QStringLiteral("path")].toString(), output);
        QCOMPARE(documents.at(0)[QStringLiteral("pages")].toArray().size(), 10);
        QVERIFY(outcome.err.contains("Page 10"));
        const QString images = pdfImages(output);
        QCOMPARE(images.count(QStringLiteral("ccitt")), 10);
        QVERIFY(images.contains(QStringLiteral("  100   100 ")));
    }

    void pageLimitAndOverrides()
    {
        const QString output = m_dir.filePath(QStringLiteral("two.pdf"));
        const Outcome outcome = delovodctl(
            {QStringLiteral("scan"), QStringLiteral("--device"), QStringLiteral("test:1"),
             QStringLiteral("--mode"), QStringLiteral("color"), QStringLiteral("--resolution"),
             QStringLiteral("50"), QStringLiteral("--pages"), QStringLiteral("2"), QStringLiteral("--option"),
             QStringLiteral("test-picture=Color pattern"), QStringLiteral("--output"), output});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        QVERIFY(outcome.out.contains("2 pages") || outcome.out.contains("2 page"));
        const QString images = pdfImages(output);
        QCOMPARE(images.count(QStringLiteral("jpeg")), 2);
        QVERIFY(images.contains(QStringLiteral("icc")));
    }

    void importsFiles()
    {
        QImage page(600, 800, QImage::Format_Grayscale8);
        page.fill(255);
        for (int y = 100; y < 700; y += 40)
            page.scanLine(y)[300] = 0;
        const QString png = m_dir.filePath(QStringLiteral("page.png"));
        QVERIFY(page.save(png));
        const QString output = m_dir.filePath(QStringLiteral("imported.pdf"));
        const Outcome outcome
            = delovodctl({QStringLiteral("scan"), QStringLiteral("--import"), png, QStringLiteral("--import"),
                          png, QStringLiteral("--output"), output});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        QCOMPARE(pdfImages(output).count(QStringLiteral("jpeg")), 2);
    }

    void ocrMakesImportsSearchable()
    {
        const QString png = m_dir.filePath(QStringLiteral("letter-bg.png"));
        QVERIFY(dms::ocrpages::textImage(dms::ocrpages::textLines()).save(png));
        const QString output = m_dir.filePath(QStringLiteral("searchable.pdf"));
        const QStringList scan
            = {QStringLiteral("scan"), QStringLiteral("--import"), png, QStringLiteral("--json")};
        // The shipped "Photos" profile has OCR off; --ocr turns it on.
        Outcome outcome
            = delovodctl(scan
                         + QStringList {QStringLiteral("--profile"), QStringLiteral("Photos and ID copies"),
                                        QStringLiteral("--ocr"), QStringLiteral("--output"), output});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        QVERIFY(QJsonDocument::fromJson(outcome.out).object()[QStringLiteral("textRecognized")].toBool());
        QString text = pdfText(output);
        for (const QString &word :
             {QStringLiteral("ОБЩИНА"), QStringLiteral("Заявление"), QStringLiteral("удостоверение")})
            QVERIFY2(text.contains(word), qPrintable(word + QStringLiteral(" not in: ") + text));

        // The "Documents" profile recognises text; --no-ocr leaves the PDF without any.
        const QString plain = m_dir.filePath(QStringLiteral("plain.pdf"));
        outcome = delovodctl(scan
                             + QStringList {QStringLiteral("--profile"), QStringLiteral("Documents"),
                                            QStringLiteral("--no-ocr"), QStringLiteral("--output"), plain});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        QVERIFY(!QJsonDocument::fromJson(outcome.out).object()[QStringLiteral("textRecognized")].toBool());
        QVERIFY(pdfText(plain).trimmed().isEmpty());

        outcome
            = delovodctl(scan
                         + QStringList {QStringLiteral("--ocr"), QStringLiteral("--no-ocr"),
                                        QStringLiteral("--output"), m_dir.filePath(QStringLiteral("z.pdf"))});
        QCOMPARE(outcome.exitCode, 1);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("z.pdf"))));
    }

    void ctrlCStopsTheScanAndSavesThePagesRead()
    {
        const QString output = m_dir.filePath(QStringLiteral("interrupted.pdf"));
        // Page 2 has started: page 1 is read completely, page 2 is being read.
        const Outcome outcome = interruptedScan(output, "Page 2 ");
        QVERIFY2(outcome.exitCode == 130, outcome.err.constData());
        QVERIFY2(outcome.stopMs < 5000, qPrintable(QString::number(outcome.stopMs)));
        QVERIFY2(outcome.err.contains("Interrupted: stopping the scanner"), outcome.err.constData());
        QVERIFY2(outcome.err.contains("Scanning was cancelled; the 1 page(s) scanned before are saved."),
                 outcome.err.constData());
        // The scan was stopped through the one cancel path: sane_cancel() once.
        QCOMPARE(outcome.err.count("sane_cancel"), 1);
        const QJsonObject result = QJsonDocument::fromJson(outcome.out).object();
        QCOMPARE(result[QStringLiteral("pagesScanned")].toInt(), 1);
        QVERIFY(result[QStringLiteral("cancelled")].toBool());
        QVERIFY(!result[QStringLiteral("complete")].toBool());
        QCOMPARE(pdfImages(output).count(QStringLiteral("ccitt")), 1);
    }

    void ctrlCBeforeTheFirstPageWritesNothing()
    {
        const QString output = m_dir.filePath(QStringLiteral("nothing.pdf"));
        const Outcome outcome = interruptedScan(output, "Page 1 ");
        QVERIFY2(outcome.exitCode == 130, outcome.err.constData());
        QVERIFY2(outcome.err.contains("Scanning was cancelled; no page was scanned, nothing was written."),
                 outcome.err.constData());
        QCOMPARE(outcome.err.count("sane_cancel"), 1);
        QVERIFY(outcome.out.isEmpty());
        QVERIFY(!QFile::exists(output));
    }

    void errorsAreClear()
    {
        // A jam after the first load: the test backend reports it on every read.
        const QString jammed = m_dir.filePath(QStringLiteral("jammed.pdf"));
        Outcome outcome
            = delovodctl({QStringLiteral("scan"), QStringLiteral("--device"), QStringLiteral("test:0"),
                          QStringLiteral("--option"), QStringLiteral("read-return-value=SANE_STATUS_JAMMED"),
                          QStringLiteral("--output"), jammed});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.err.contains("jam"), outcome.err.constData());
        QVERIFY(!QFile::exists(jammed));

        outcome = delovodctl({QStringLiteral("scan"), QStringLiteral("--device"), QStringLiteral("nothing:0"),
                              QStringLiteral("--output"), m_dir.filePath(QStringLiteral("x.pdf"))});
        QCOMPARE(outcome.exitCode, 2);

        outcome = delovodctl({QStringLiteral("scan"), QStringLiteral("--profile"), QStringLiteral("no such"),
                              QStringLiteral("--output"), m_dir.filePath(QStringLiteral("x.pdf"))});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(outcome.err.contains("no such"));

        outcome = delovodctl({QStringLiteral("scan"), QStringLiteral("--device"), QStringLiteral("test:0")});
        QCOMPARE(outcome.exitCode, 1);

        outcome = delovodctl({QStringLiteral("scan"), QStringLiteral("--mode"), QStringLiteral("infrared"),
                              QStringLiteral("--output"), m_dir.filePath(QStringLiteral("x.pdf"))});
        QCOMPARE(outcome.exitCode, 1);

        const QString text = m_dir.filePath(QStringLiteral("notes.pdf"));
        QFile notes(text);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("just text");
        notes.close();
        outcome = delovodctl({QStringLiteral("scan"), QStringLiteral("--import"), text,
                              QStringLiteral("--output"), m_dir.filePath(QStringLiteral("y.pdf"))});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.err.contains("is not a PDF, JPEG, PNG or TIFF file"), outcome.err.constData());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("y.pdf"))));
    }
};

QTEST_MAIN(tst_DelovodctlScan) // QGuiApplication: the OCR test page draws text
#include "tst_DelovodctlScan.moc"
