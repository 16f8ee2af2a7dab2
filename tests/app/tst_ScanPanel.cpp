// SPDX-License-Identifier: GPL-3.0-or-later
// The scan panel against the real SANE "test" backend (a private SANE_CONFIG_DIR
// written before the first sane_init) and against imported files.
#include "PdfTools.h"
#include "sane/FaultingSaneBackend.h"
#include "sane/SaneTestConfig.h"
#include "scan/ScanPageModel.h"
#include "scan/ScanPanel.h"
#include "scanning/ScanProfileStore.h"
#include "scanning/sane/SaneBackend.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

const QString kProfile = QStringLiteral("Test feeder");

} // namespace

class tst_ScanPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    /** A panel with the test profile chosen and the test scanners found. */
    std::unique_ptr<ScanPanel> makePanel(ScanPanel::BackendFactory factory)
    {
        auto panel = std::make_unique<ScanPanel>(*m_settings, std::move(factory));
        auto *profiles = panel->findChild<QComboBox *>(QStringLiteral("scanProfile"));
        profiles->setCurrentIndex(profiles->findText(kProfile));
        QSignalSpy found(panel.get(), &ScanPanel::devicesFound);
        panel->findDevices();
        if (!found.wait(20000) || found.constFirst().constFirst().toInt() != 2)
            return nullptr;
        panel->setDeviceOptions({{QStringLiteral("test-picture"), QStringLiteral("Color pattern")}});
        return panel;
    }

    static QString runBatch(ScanPanel &panel, const std::function<void()> &start)
    {
        QSignalSpy finished(&panel, &ScanPanel::batchFinished);
        start();
        if (!finished.wait(60000))
            return QStringLiteral("<no batchFinished>");
        return finished.constFirst().constFirst().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString config = m_dir.filePath(QStringLiteral("sane"));
        const QString error = useSaneTestBackend(config);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("delovod.ini")),
                                                 QSettings::IniFormat);
        ScanProfile profile;
        profile.name = kProfile;
        profile.source = ScanSource::Feeder;
        profile.mode = ColorMode::Gray;
        profile.resolution = 75;
        profile.compression = PageCompression::Jpeg;
        profile.ocr = false;
        QVERIFY(ScanProfileStore(*m_settings).save(profile).ok());
    }

    void feederBatchShowsEachPageThenSavesTheArrangedDocument()
    {
        auto panel = makePanel([] { return std::make_shared<SaneBackend>(); });
        QVERIFY(panel);
        panel->show();
        QAbstractItemModelTester tester(panel->pageModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(panel->pageModel(), &QAbstractItemModel::rowsInserted);
        panel->findChild<QSpinBox *>(QStringLiteral("pageLimit"))->setValue(3);
        QCOMPARE(panel->findChild<QComboBox *>(QStringLiteral("scanDevice"))->currentData().toString(),
                 QStringLiteral("test:0"));
        const QString error
            = runBatch(*panel, [&] { panel->findChild<QPushButton *>(QStringLiteral("scan"))->click(); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(inserted.size(), 3); // one row per page as it arrived
        QCOMPARE(panel->pageModel()->rowCount(), 3);
        for (int row = 0; row < 3; ++row) {
            const QModelIndex index = panel->pageModel()->index(row);
            QVERIFY(index.data(ScanPageModel::ReadyRole).toBool());
            QVERIFY(!index.data(Qt::DecorationRole).value<QPixmap>().isNull());
        }
        QVERIFY(panel->errorText().isEmpty());
        QVERIFY(!panel->isBusy());

        // Ctrl+Down moves the first page down, "Turn right" turns the selected page,
        // Delete removes one: pages 1 2 3 → 2 1(turned) and 3 deleted.
        auto *view = panel->findChild<QListView *>(QStringLiteral("scanPages"));
        view->setFocus();
        view->setCurrentIndex(panel->pageModel()->index(0));
        QTest::keyClick(view, Qt::Key_Down, Qt::ControlModifier);
        QCOMPARE(panel->pageModel()->pages().at(1).sessionIndex, 0);
        QCOMPARE(view->currentIndex().row(), 1);
        panel->findChild<QPushButton *>(QStringLiteral("rotatePage"))->click();
        view->setCurrentIndex(panel->pageModel()->index(2));
        panel->findChild<QPushButton *>(QStringLiteral("deletePage"))->click();
        QCOMPARE(panel->pageModel()->rowCount(), 2);

        const QString pdf = m_dir.filePath(QStringLiteral("arranged.pdf"));
        QSignalSpy saved(panel.get(), &ScanPanel::documentSaved);
        panel->saveDocument(pdf);
        QVERIFY(saved.wait(30000));
        const QString info = PdfTools::run(
            QStringLiteral("pdfinfo"),
            {QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("2"), pdf});
        QVERIFY2(info.contains(QStringLiteral("Pages:           2")), qPrintable(info));
        // 620 × 876 px at 75 dpi: page 1 upright, page 2 turned to landscape.
        QVERIFY2(info.contains(QStringLiteral("Page    1 size:  595.2 x 840.96 pts")), qPrintable(info));
        QVERIFY2(info.contains(QStringLiteral("Page    2 size:  840.96 x 595.2 pts")), qPrintable(info));
    }

    void jamShowsTheErrorAndKeepsThePagesRead()
    {
        auto panel = makePanel(
            [] { return std::make_shared<FaultingSaneBackend>(2, QStringLiteral("SANE_STATUS_JAMMED")); });
        QVERIFY(panel);
        const QString error = runBatch(*panel, [&] { panel->scan(); });
        QCOMPARE(error, QStringLiteral("The paper is jammed in the scanner."));
        QCOMPARE(panel->errorText(), error);
        QVERIFY(!panel->findChild<QLabel *>(QStringLiteral("scanError"))->isHidden());
        QCOMPARE(panel->pageModel()->rowCount(), 2);
        QVERIFY(panel->pageModel()->isComplete());
        // The batch can still be saved.
        QSignalSpy saved(panel.get(), &ScanPanel::documentSaved);
        panel->saveDocument(m_dir.filePath(QStringLiteral("jammed.pdf")));
        QVERIFY(saved.wait(30000));
    }

    void coverOpenAtTheStartReadsNothing()
    {
        auto panel = makePanel([] {
            return std::make_shared<FaultingSaneBackend>(0, QStringLiteral("SANE_STATUS_COVER_OPEN"));
        });
        QVERIFY(panel);
        QCOMPARE(runBatch(*panel, [&] { panel->scan(); }), QStringLiteral("The scanner cover is open."));
        QCOMPARE(panel->pageModel()->rowCount(), 0);
        QSignalSpy failed(panel.get(), &ScanPanel::saveFailed);
        panel->saveDocument(m_dir.filePath(QStringLiteral("nothing.pdf")));
        QVERIFY(failed.size() == 1 || failed.wait(10000));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nothing.pdf"))));
    }

    void cancelStopsTheFeederQuietly()
    {
        auto panel = makePanel([] { return std::make_shared<SaneBackend>(); });
        QVERIFY(panel);
        connect(panel->pageModel(), &QAbstractItemModel::rowsInserted, panel.get(), &ScanPanel::cancel);
        const QString error = runBatch(*panel, [&] { panel->scan(); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(panel->errorText().isEmpty());
        const int pages = panel->pageModel()->rowCount();
        QVERIFY2(pages >= 1 && pages < 10, qPrintable(QString::number(pages)));
        QVERIFY(panel->findChild<QLabel *>(QStringLiteral("scanStatus"))
                    ->text()
                    .contains(QStringLiteral("Stopped")));
    }

    void importsFilesIntoTheBatchAndReportsABadOne()
    {
        // A 2-page PDF and a PNG, then a text file that claims to be a PDF.
        const QString pdf = m_dir.filePath(QStringLiteral("two.pdf"));
        {
            QPdfWriter writer(pdf);
            QPainter painter(&writer);
            painter.drawText(100, 100, QStringLiteral("one"));
            writer.newPage();
            painter.drawText(100, 100, QStringLiteral("two"));
        }
        const QString png = m_dir.filePath(QStringLiteral("photo.png"));
        QImage image(300, 200, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        image.setDotsPerMeterX(2953); // 75 dpi
        image.setDotsPerMeterY(2953);
        QVERIFY(image.save(png));
        const QString bad = m_dir.filePath(QStringLiteral("fake.pdf"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a pdf at all\n");
        file.close();

        auto panel = makePanel([] { return std::make_shared<SaneBackend>(); });
        QVERIFY(panel);
        QString error = runBatch(*panel, [&] { panel->importFiles({pdf, png}); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(panel->pageModel()->rowCount(), 3);
        error = runBatch(*panel, [&] { panel->importFiles({png, bad}); });
        QVERIFY(!error.isEmpty());
        QCOMPARE(panel->errorText(), error);
        QCOMPARE(panel->pageModel()->rowCount(), 4); // the PNG before the bad file is kept
    }
};

QTEST_MAIN(tst_ScanPanel)
#include "tst_ScanPanel.moc"
