// SPDX-License-Identifier: GPL-3.0-or-later
// The settings dialog: values written and read back, bad input refused with a
// clear message, scanners found through the real SANE "test" backend, and the
// receipt printer it names used by the registration's print action.
#include "EmbeddedDesk.h"
#include "MainWindow.h"
#include "PdfTools.h"
#include "RegistrationActions.h"
#include "TempDatabase.h"
#include "scan/ScanPanel.h"
#include "scanning/sane/SaneBackend.h"
#include "settings/DeskSettings.h"
#include "settings/SettingsDialog.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

class tst_SettingsDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_certificate;
    QString m_key;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    std::unique_ptr<QSettings> freshSettings(const QString &name)
    {
        QFile::remove(path(name));
        return std::make_unique<QSettings>(path(name), QSettings::IniFormat);
    }

    /** Values that pass validation, different from every default. */
    DeskSettings goodValues() const
    {
        DeskSettings s;
        s.serverUrl = QStringLiteral("https://delovod.example.bg:8443");
        s.certificateFile = m_certificate;
        s.keyFile = m_key;
        s.caFile = m_certificate;
        s.scannerDevice = QStringLiteral("test:1");
        s.scanProfile = QStringLiteral("Text bitonal");
        s.pkcs11Module = QStringLiteral("p11-kit-proxy.so");
        s.signingCertificate = QStringLiteral("Квалифициран подпис");
        s.receiptPrinter = QStringLiteral("pdf:") + path(QStringLiteral("receipt.pdf"));
        s.labelPrinter = QStringLiteral("pdf:") + path(QStringLiteral("label.pdf"));
        s.language = QStringLiteral("en");
        s.trustAnchors = m_dir.path();
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_certificate = path(QStringLiteral("desk.pem"));
        m_key = path(QStringLiteral("desk.key"));
        QProcess openssl;
        openssl.start(
            QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
             QStringLiteral("-keyout"), m_key, QStringLiteral("-out"), m_certificate, QStringLiteral("-subj"),
             QStringLiteral("/CN=Desk 1"), QStringLiteral("-days"), QStringLiteral("30")});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        // Only SANE's "test" backend, for the scanner list.
        QFile dll(path(QStringLiteral("dll.conf")));
        QVERIFY(dll.open(QIODevice::WriteOnly));
        dll.write("test\n");
        dll.close();
        QFile test(path(QStringLiteral("test.conf")));
        QVERIFY(test.open(QIODevice::WriteOnly));
        test.write("number_of_devices 2\n");
        test.close();
        qputenv("SANE_CONFIG_DIR", QFile::encodeName(m_dir.path()));
    }

    void roundTripsValues()
    {
        auto settings = freshSettings(QStringLiteral("round.ini"));
        const DeskSettings defaults = DeskSettings::load(*settings);
        QCOMPARE(defaults.language, QStringLiteral("bg")); // Bulgarian unless chosen otherwise
        QCOMPARE(defaults.pkcs11Module, RegistrationActions::defaultModule());
        {
            SettingsDialog dialog(*settings, {});
            QCOMPARE(dialog.values(), defaults);
            QVERIFY(dialog.findChild<QRadioButton *>(QStringLiteral("embeddedMode"))->isChecked());
            dialog.setValues(goodValues());
            QCOMPARE(dialog.values(), goodValues());
            QSignalSpy saved(&dialog, &SettingsDialog::saved);
            dialog.accept();
            QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
            QCOMPARE(saved.count(), 1);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        // The keys the rest of the program reads.
        QCOMPARE(settings->value(QStringLiteral("desk/server")).toString(), goodValues().serverUrl);
        QCOMPARE(settings->value(QStringLiteral("desk/certificate")).toString(), m_certificate);
        QCOMPARE(settings->value(QStringLiteral("print/receipt_printer")).toString(),
                 goodValues().receiptPrinter);
        QCOMPARE(settings->value(QStringLiteral("signing/pkcs11_module")).toString(),
                 QStringLiteral("p11-kit-proxy.so"));
        QCOMPARE(settings->value(QStringLiteral("ui/language")).toString(), QStringLiteral("en"));
        QCOMPARE(settings->value(QStringLiteral("verification/trust_anchors")).toString(), m_dir.path());

        // Read back from the file by a new dialog.
        QSettings reread(path(QStringLiteral("round.ini")), QSettings::IniFormat);
        SettingsDialog again(reread, {});
        QCOMPARE(again.values(), goodValues());

        // Back to the embedded office on a file of our own: the server keys go.
        auto *embedded = again.findChild<QRadioButton *>(QStringLiteral("embeddedMode"));
        embedded->setChecked(true);
        QVERIFY(!again.findChild<QLineEdit *>(QStringLiteral("serverUrl"))->isEnabled());
        again.findChild<QLineEdit *>(QStringLiteral("databasePath"))
            ->setText(path(QStringLiteral("office.db")));
        again.findChild<QComboBox *>(QStringLiteral("language"))->setCurrentIndex(0);
        again.accept();
        QVERIFY2(again.errorText().isEmpty(), qPrintable(again.errorText()));
        QVERIFY(!reread.contains(QStringLiteral("desk/server")));
        QVERIFY(!reread.contains(QStringLiteral("desk/key")));
        QCOMPARE(reread.value(QStringLiteral("database/url")).toString(),
                 QStringLiteral("sqlite:") + path(QStringLiteral("office.db")));
        QCOMPARE(reread.value(QStringLiteral("ui/language")).toString(), QStringLiteral("bg"));
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("tab");
        QTest::newRow("http server") << QStringLiteral("serverUrl")
                                     << QStringLiteral("http://delovod.example.bg")
                                     << QStringLiteral("https://") << 0;
        QTest::newRow("no host") << QStringLiteral("serverUrl") << QStringLiteral("https://")
                                 << QStringLiteral("https://") << 0;
        QTest::newRow("missing certificate")
            << QStringLiteral("certificateFile") << path(QStringLiteral("missing.pem"))
            << QStringLiteral("cannot be read") << 0;
        QTest::newRow("key as certificate")
            << QStringLiteral("certificateFile") << m_key << QStringLiteral("not a certificate in PEM") << 0;
        QTest::newRow("certificate as key")
            << QStringLiteral("keyFile") << m_certificate << QStringLiteral("not a private key in PEM") << 0;
        QTest::newRow("missing module")
            << QStringLiteral("pkcs11Module") << QStringLiteral("/nonexistent/pkcs11.so")
            << QStringLiteral("does not exist") << 2;
        QTest::newRow("no such library")
            << QStringLiteral("pkcs11Module") << QStringLiteral("libno-such-pkcs11.so")
            << QStringLiteral("cannot be loaded") << 2;
        QTest::newRow("not a module") << QStringLiteral("pkcs11Module") << QStringLiteral("libz.so.1")
                                      << QStringLiteral("not a PKCS#11 module") << 2;
        QTest::newRow("missing anchors") << QStringLiteral("trustAnchors") << path(QStringLiteral("nothing"))
                                         << QStringLiteral("do not exist") << 4;
        QTest::newRow("anchors without certificates")
            << QStringLiteral("trustAnchors") << path(QStringLiteral("dll.conf"))
            << QStringLiteral("holds no certificate") << 4;
    }
    void refusesBadInput()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, message);
        QFETCH(int, tab);
        auto settings = freshSettings(QStringLiteral("bad.ini"));
        SettingsDialog dialog(*settings, {});
        dialog.setValues(goodValues());
        dialog.show();
        dialog.findChild<QLineEdit *>(field)->setText(value);
        dialog.accept();
        QVERIFY2(dialog.errorText().contains(message), qPrintable(dialog.errorText()));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("settingsError"))->isVisible());
        QVERIFY(dialog.isVisible()); // stays open to be corrected
        QCOMPARE(dialog.findChild<QTabWidget *>()->currentIndex(), tab);
        QVERIFY(settings->allKeys().isEmpty()); // nothing written
    }

    void refusesAnEmptyPdfPrinter()
    {
        auto settings = freshSettings(QStringLiteral("printer.ini"));
        SettingsDialog dialog(*settings, {});
        dialog.findChild<QComboBox *>(QStringLiteral("labelPrinter"))->setEditText(QStringLiteral("pdf:"));
        dialog.accept();
        QVERIFY2(dialog.errorText().contains(QStringLiteral("pdf:")), qPrintable(dialog.errorText()));
        QVERIFY(settings->allKeys().isEmpty());
    }

    void findsTheSaneTestScanners()
    {
        auto settings = freshSettings(QStringLiteral("scanner.ini"));
        IncomingFlowOptions flow;
        flow.scanner = [] {
            return std::make_shared<SaneBackend>();
        };
        SettingsDialog dialog(*settings, flow);
        QSignalSpy found(&dialog, &SettingsDialog::devicesFound);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("findScannersButton")),
                          Qt::LeftButton);
        QVERIFY(found.wait(60000));
        QCOMPARE(found.first().at(0).toInt(), 2);
        auto *device = dialog.findChild<QComboBox *>(QStringLiteral("scannerDevice"));
        const int index = device->findData(QStringLiteral("test:1"));
        QVERIFY(index > 0);
        device->setCurrentIndex(index);
        dialog.findChild<QComboBox *>(QStringLiteral("scanProfile"))
            ->setCurrentText(QStringLiteral("Text bitonal"));
        dialog.accept();
        QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
        QCOMPARE(settings->value(QStringLiteral("scanning/device")).toString(), QStringLiteral("test:1"));
        QCOMPARE(settings->value(QStringLiteral("scanning/default_profile")).toString(),
                 QStringLiteral("Text bitonal"));

        // The registration form's scan step starts with them.
        ScanPanel panel(*settings, flow.scanner);
        QCOMPARE(panel.currentProfile().name, QStringLiteral("Text bitonal"));
        QSignalSpy panelFound(&panel, &ScanPanel::devicesFound);
        panel.findDevices();
        QVERIFY(panelFound.wait(60000));
        QCOMPARE(panel.findChild<QComboBox *>(QStringLiteral("scanDevice"))->currentData().toString(),
                 QStringLiteral("test:1"));
    }

    void openedFromTheMainWindow()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        auto settings = freshSettings(QStringLiteral("window.ini"));
        MainWindow window(*desk->connection);
        IncomingFlowOptions flow;
        flow.settings = settings.get();
        flow.clock = &db.clock;
        window.setIncomingFlow(flow);
        window.show();
        window.findChild<QAction *>(QStringLiteral("settingsAction"))->trigger();
        auto *dialog = window.findChild<SettingsDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        dialog->findChild<QComboBox *>(QStringLiteral("language"))->setCurrentIndex(1);
        dialog->accept();
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
        QCOMPARE(settings->value(QStringLiteral("ui/language")).toString(), QStringLiteral("en"));
    }

    void theReceiptGoesToTheChosenPrinter()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        auto settings = freshSettings(QStringLiteral("print.ini"));
        const QString pdf = path(QStringLiteral("chosen-receipt.pdf"));
        QFile::remove(pdf);
        {
            SettingsDialog dialog(*settings, {});
            dialog.findChild<QComboBox *>(QStringLiteral("receiptPrinter"))
                ->setEditText(QStringLiteral("pdf:") + pdf);
            dialog.accept();
            QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
        }

        QWidget window;
        IncomingFlowOptions flow;
        flow.settings = settings.get();
        flow.clock = &db.clock;
        RegistrationActions actions(*desk->connection, flow, &window);
        const QString index = QStringLiteral("СОА20-ВК66-7245/08.09.2020");
        actions.setRegistration(index, QDateTime(QDate(2020, 9, 8), QTime(7, 5), Qt::UTC),
                                QStringLiteral("Жалба"), 2, {}, {});
        QVERIFY(actions.isAvailable(RegistrationActions::Action::Receipt));
        QSignalSpy done(&actions, &RegistrationActions::done);
        actions.printReceipt();
        QCOMPARE(done.count(), 1); // printed at once: no print dialog asked
        QCOMPARE(done.first().at(1).toString(), QString());
        QVERIFY(QFile::exists(pdf));
        QVERIFY2(PdfTools::text(pdf).contains(index), qPrintable(PdfTools::text(pdf)));
    }
};

QTEST_MAIN(tst_SettingsDialog)
#include "tst_SettingsDialog.moc"
