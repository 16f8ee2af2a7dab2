// SPDX-License-Identifier: GPL-3.0-or-later
// The incoming flow a clerk uses every day, end to end in the main window on an
// embedded office: scan with the real SANE "test" backend (a private
// SANE_CONFIG_DIR) → register → receipt and stamp label printed to PDF files →
// certify the scan with a SoftHSM2 card (behind the card-like locking shim) →
// both versions of the file on the office, with the hashes the desk kept.
#include "EmbeddedDesk.h"
#include "EntryFilesView.h"
#include "MainWindow.h"
#include "PdfTools.h"
#include "RegisterIncomingDialog.h"
#include "RegisterModel.h"
#include "RegistrationActions.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TempDatabase.h"
#include "core/Clock.h"
#include "document/DocumentView.h"
#include "document/SignatureModel.h"
#include "document/SignaturePanel.h"
#include "sane/SaneTestConfig.h"
#include "scan/ScanPageModel.h"
#include "scan/ScanPanel.h"
#include "scanning/ScanProfileStore.h"
#include "scanning/sane/SaneBackend.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "signing/DialogPinProvider.h"
#include "signing/PinDialog.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"
#include "storage/BlobStore.h"

#include <QApplication>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

const QString kProfile = QStringLiteral("Test feeder");

/** The SANE test backend with the read status set to `status` from page `cleanPages` on. */
class JammingDevice : public ScanDevice
{
public:
    JammingDevice(std::unique_ptr<ScanDevice> inner, int cleanPages)
        : m_inner(std::move(inner))
        , m_cleanPages(cleanPages)
    { }
    ScannerInfo info() const override { return m_inner->info(); }
    QList<ScanOption> options() override { return m_inner->options(); }
    Status setOption(const QString &name, const QVariant &value) override
    {
        return m_inner->setOption(name, value);
    }
    QList<ScanSource> sources() override { return m_inner->sources(); }
    Status configure(const ScanSettings &settings) override { return m_inner->configure(settings); }
    Result<PageImage> scanPage(int index, const ScanControl &control) override
    {
        if (index == m_cleanPages) {
            // The backend takes option changes only between batches.
            m_inner->endBatch();
            DMS_TRY(m_inner->setOption(QStringLiteral("read-return-value"),
                                       QStringLiteral("SANE_STATUS_JAMMED")));
        }
        return m_inner->scanPage(index, control);
    }
    void endBatch() override { m_inner->endBatch(); }

private:
    std::unique_ptr<ScanDevice> m_inner;
    int m_cleanPages;
};

class JammingBackend : public ScannerBackend
{
public:
    Result<QList<ScannerInfo>> devices() override { return m_sane.devices(); }
    Result<std::unique_ptr<ScanDevice>> open(const QString &name) override
    {
        auto device = m_sane.open(name);
        if (!device.ok())
            return device.error();
        return std::unique_ptr<ScanDevice>(std::make_unique<JammingDevice>(std::move(device).value(), 1));
    }

private:
    SaneBackend m_sane;
};

QString sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

void typeText(QWidget *widget, const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x20 && c.unicode() < 0x7f)
            QTest::keyClick(widget, char(c.unicode()));
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

} // namespace

class tst_IncomingFlow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    SoftHsmFixture m_fixture;
    SystemClock m_clock;
    std::shared_ptr<DialogPinProvider> m_pins;
    std::shared_ptr<Pkcs11TokenProvider> m_tokens;
    QByteArray m_typedPin;
    std::unique_ptr<CadesVerifier> m_verifier;

    IncomingFlowOptions flow(ScanPanel::BackendFactory scanner)
    {
        IncomingFlowOptions options;
        options.settings = m_settings.get();
        options.clock = &m_clock;
        options.scanner = std::move(scanner);
        options.tokens = [this] {
            return std::static_pointer_cast<TokenProvider>(m_tokens);
        };
        options.chain = {dms::test::pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")))};
        options.verifier = m_verifier.get();
        return options;
    }

    /** The registration form, opened with Ctrl+N, with the test scanners found. */
    static RegisterIncomingDialog *openForm(MainWindow &window)
    {
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        auto *dialog = window.findChild<RegisterIncomingDialog *>();
        if (!dialog || !dialog->scanPanel())
            return nullptr;
        auto *devices = dialog->scanPanel()->findChild<QComboBox *>(QStringLiteral("scanDevice"));
        if (!QTest::qWaitFor([devices] { return devices->count() == 2; }, 20000))
            return nullptr;
        auto *profiles = dialog->scanPanel()->findChild<QComboBox *>(QStringLiteral("scanProfile"));
        profiles->setCurrentIndex(profiles->findText(kProfile));
        dialog->scanPanel()->setDeviceOptions(
            {{QStringLiteral("test-picture"), QStringLiteral("Color pattern")}});
        return dialog;
    }

    static QString scan(ScanPanel &panel, int pages)
    {
        panel.findChild<QSpinBox *>(QStringLiteral("pageLimit"))->setValue(pages);
        QSignalSpy finished(&panel, &ScanPanel::batchFinished);
        panel.findChild<QPushButton *>(QStringLiteral("scan"))->click();
        if (!finished.wait(40000))
            return QStringLiteral("<no batchFinished>");
        return finished.constFirst().constFirst().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
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
        m_settings->setValue(QStringLiteral("office/name"), QStringLiteral("Община Тестово"));
        m_settings->setValue(RegistrationActions::receiptPrinterKey(),
                             QString(QStringLiteral("pdf:") + m_dir.filePath(QStringLiteral("receipt.pdf"))));
        m_settings->setValue(RegistrationActions::labelPrinterKey(),
                             QString(QStringLiteral("pdf:") + m_dir.filePath(QStringLiteral("label.pdf"))));

        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_pins = std::make_shared<DialogPinProvider>();
        connect(m_pins.get(), &DialogPinProvider::dialogShown, this, [this](PinDialog *dialog) {
            dialog->findChild<QLineEdit *>(QStringLiteral("pin"))->setText(QString::fromUtf8(m_typedPin));
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        auto provider = Pkcs11TokenProvider::load(m_pins, QStringLiteral(DMS_LOCKING_PKCS11_MODULE));
        QVERIFY2(provider.ok(), qPrintable(provider.error().toString()));
        m_tokens = *provider;
        m_verifier = std::make_unique<CadesVerifier>(m_clock);
        m_verifier->setTrustAnchors(
            {dms::test::pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")))});
        ValidationPolicy policy;
        policy.revocationRequired = false; // no responder runs here
        policy.onlineRevocation = false;
        m_verifier->setPolicy(policy);
    }

    void cleanupTestCase()
    {
        m_tokens.reset();
        m_pins.reset();
    }

    void scanRegisterPrintCertify()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime::currentDateTimeUtc());
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        MainWindow window(*desk->connection);
        window.setIncomingFlow(flow([] { return std::make_shared<SaneBackend>(); }));
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        // Scan two pages; the page count follows.
        RegisterIncomingDialog *dialog = openForm(window);
        QVERIFY(dialog);
        const QString scanError = scan(*dialog->scanPanel(), 2);
        QVERIFY2(scanError.isEmpty(), qPrintable(scanError));
        QCOMPARE(dialog->scanPanel()->pageModel()->rowCount(), 2);
        QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("pagesSpin"))->value(), 2);

        // The rest by keyboard: kind, subject, Enter.
        auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("kindCombo"));
        kind->setFocus();
        typeText(kind->lineEdit(), QStringLiteral("Заявление"));
        auto *subject = dialog->findChild<QLineEdit *>(QStringLiteral("subjectEdit"));
        subject->setFocus();
        typeText(subject, QStringLiteral("Искане за удостоверение"));
        QSignalSpy registered(&window, &MainWindow::registered);
        QSignalSpy accepted(dialog, &QDialog::accepted);
        QTest::keyClick(subject, Qt::Key_Return);
        QVERIFY(accepted.wait(30000)); // after the scan was written on the worker
        QVERIFY(registered.wait(30000));
        const Registration entry = registered.constFirst().constFirst().value<Registration>();

        // The scan reaches the office with the hash the desk kept.
        BlobStore office(QFileInfo(db.config().path).absolutePath() + QStringLiteral("/blobs"));
        DocumentService documents(db.context(), office);
        QTRY_COMPARE_WITH_TIMEOUT(documents.files(db.clerk, entry.documentId)->size(), 1, 20000);
        const DocumentFile scanned = documents.files(db.clerk, entry.documentId)->constFirst();
        QCOMPARE(scanned.name, QStringLiteral("scan.pdf"));
        QVERIFY(!desk->connection->engine()->localFile(scanned.sha256).isEmpty());
        QCOMPARE(sha256OfFile(office.pathFor(scanned.sha256)), scanned.sha256);
        const QString pages = PdfTools::run(QStringLiteral("pdfinfo"), {office.pathFor(scanned.sha256)});
        QVERIFY2(pages.contains(QStringLiteral("Pages:           2")), qPrintable(pages));

        // Receipt and label, printed to the PDF files the settings name.
        RegistrationActions *actions = window.registrationActions();
        QSignalSpy done(actions, &RegistrationActions::done);
        auto *receipt = window.findChild<QPushButton *>(QStringLiteral("printReceiptButton"));
        auto *label = window.findChild<QPushButton *>(QStringLiteral("printLabelButton"));
        auto *certify = window.findChild<QPushButton *>(QStringLiteral("certifyButton"));
        QVERIFY(receipt->isVisible() && label->isVisible() && certify->isVisible());
        receipt->click();
        label->click();
        QCOMPARE(done.size(), 2);
        QCOMPARE(done.at(0).at(1).toString(), QString());
        QCOMPARE(done.at(1).at(1).toString(), QString());
        const QString receiptText = PdfTools::text(m_dir.filePath(QStringLiteral("receipt.pdf")));
        QVERIFY2(receiptText.contains(entry.index), qPrintable(receiptText));
        QVERIFY2(receiptText.contains(QStringLiteral("Искане за удостоверение")), qPrintable(receiptText));
        // The narrow label wraps the index: compared without the line breaks.
        const QString labelText = PdfTools::text(m_dir.filePath(QStringLiteral("label.pdf")));
        QVERIFY2(QString(labelText).remove(QRegularExpression(QStringLiteral("\\s"))).contains(entry.index),
                 qPrintable(labelText));

        // A wrong PIN is shown and changes nothing.
        done.clear();
        m_typedPin = "999999";
        certify->click();
        QVERIFY(done.wait(60000));
        QVERIFY2(done.constFirst().at(1).toString().startsWith(QStringLiteral("Wrong PIN")),
                 qPrintable(done.constFirst().at(1).toString()));
        QTRY_VERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Wrong PIN")));
        if (auto *open = window.findChild<QDialog *>(QStringLiteral("certifyDialog")))
            open->close();

        // The right PIN: the certified copy is the scan's next version on the office.
        done.clear();
        m_typedPin = SoftHsmFixture::pin;
        QTRY_VERIFY(!window.findChild<QDialog *>(QStringLiteral("certifyDialog")));
        certify->click();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.constFirst().at(1).toString(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(documents.files(db.clerk, entry.documentId)->size(), 2, 20000);
        const DocumentFile certified = documents.files(db.clerk, entry.documentId)->at(1);
        QCOMPARE(certified.version, 2);
        QVERIFY(!desk->connection->engine()->localFile(certified.sha256).isEmpty());
        QCOMPARE(sha256OfFile(office.pathFor(certified.sha256)), certified.sha256);
        const QString signature = PdfTools::run(QStringLiteral("pdfsig"), {office.pathFor(certified.sha256)});
        QVERIFY2(signature.contains(QStringLiteral("Signature is Valid")), qPrintable(signature));
        QVERIFY2(PdfTools::text(office.pathFor(certified.sha256)).contains(entry.index),
                 qPrintable(PdfTools::text(office.pathFor(certified.sha256))));

        // The entry's files: both versions from the feed, the newest shown with its signature.
        EntryFilesView *files = window.entryFiles();
        QVERIFY(files);
        QCOMPARE(window.selectedEntry()->registrationId, entry.id);
        QTRY_VERIFY_WITH_TIMEOUT(files->files().size() == 2 && !files->files().at(1).pending, 20000);
        QCOMPARE(files->files().at(1).sha256, certified.sha256);
        QCOMPARE(files->files().at(1).version, 2);
        QTRY_COMPARE_WITH_TIMEOUT(files->documentView()->pageCount(), 2, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(files->signaturePanel()->model()->rowCount(), 1, 30000);
        window.close();
    }

    void scannerJamIsShownInTheForm()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        MainWindow window(*desk->connection);
        window.setIncomingFlow(flow([] { return std::make_shared<JammingBackend>(); }));
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        RegisterIncomingDialog *dialog = openForm(window);
        QVERIFY(dialog);
        QCOMPARE(scan(*dialog->scanPanel(), 3), QStringLiteral("The paper is jammed in the scanner."));
        QCOMPARE(dialog->scanPanel()->errorText(), QStringLiteral("The paper is jammed in the scanner."));
        QVERIFY(dialog->scanPanel()->findChild<QLabel *>(QStringLiteral("scanError"))->isVisible());
        // The page read before the jam stays and the form still registers.
        QCOMPARE(dialog->scanPanel()->pageModel()->rowCount(), 1);
        dialog->reject();
    }

    void anotherDeskFetchesTheFileByHash()
    {
        // The office has a file the desk never had: the files pane fetches and shows it.
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        MainWindow window(*desk->connection);
        window.setIncomingFlow(flow({}));
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("От другото гише");
        auto made = RegistrationService(db.context()).registerDocument(db.clerk, request);
        QVERIFY(made.ok());
        BlobStore office(QFileInfo(db.config().path).absolutePath() + QStringLiteral("/blobs"));
        const QString sample = m_dir.filePath(QStringLiteral("other.pdf"));
        {
            QPdfWriter writer(sample);
            QPainter painter(&writer);
            painter.drawText(200, 200, QStringLiteral("Друго гише"));
        }
        QFile content(sample);
        QVERIFY(content.open(QIODevice::ReadOnly));
        auto added = DocumentService(db.context(), office)
                         .addFile(db.clerk, made->documentId, QStringLiteral("scan.pdf"),
                                  QStringLiteral("application/pdf"), content);
        QVERIFY(added.ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        window.selectRegister({});
        QTRY_VERIFY(window.registerModel()->rowCount() > 0);
        window.findChild<QTableView *>(QStringLiteral("registerView"))->selectRow(0);
        QCOMPARE(window.selectedEntry()->registrationId, made->id);
        EntryFilesView *files = window.entryFiles();
        QTRY_COMPARE_WITH_TIMEOUT(files->files().size(), 1, 10000);
        QVERIFY(desk->connection->engine()->localFile(added->sha256).isEmpty()
                || files->statusText().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(files->documentView()->pageCount(), 1, 20000);
        QVERIFY(files->statusText().isEmpty());
        QCOMPARE(sha256OfFile(desk->connection->engine()->localFile(added->sha256)), added->sha256);
        QTRY_VERIFY_WITH_TIMEOUT(files->signaturePanel()->summary().contains(QStringLiteral("not signed")),
                                 20000);
    }
};

QTEST_MAIN(tst_IncomingFlow)
#include "tst_IncomingFlow.moc"
