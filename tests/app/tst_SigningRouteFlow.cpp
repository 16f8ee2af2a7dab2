// SPDX-License-Identifier: GPL-3.0-or-later
// Routing an outgoing document for signature end to end in two main windows on one
// embedded office (both engines): the clerk routes drafts from *New outgoing
// document…* to the official; the official's *For signature* lists them, signs two
// with one PIN (SoftHSM2 behind the card-like locking shim) and returns the third
// with a reason; both signed PDFs are registered in the outgoing register and their
// PAdES signatures verify; the clerk's *My routed documents* shows "signed,
// registered as INDEX", the reason of the return, and a withdrawn draft.
#include "EmbeddedDesk.h"
#include "MainWindow.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TempDatabase.h"
#include "core/Clock.h"
#include "desk/DeskSigningCommands.h"
#include "outgoing/OutgoingActions.h"
#include "outgoing/OutgoingDialog.h"
#include "routing/RouteForSigningDialog.h"
#include "routing/RoutedDocumentsPanel.h"
#include "routing/SignatureQueuePanel.h"
#include "routing/SigningRouteModel.h"
#include "routing/SigningRoutesDock.h"
#include "settings/DeskSettings.h"
#include "signing/DialogPinProvider.h"
#include "signing/PinDialog.h"
#include "signing/PreferredCertificate.h"
#include "signing/pades/PadesVerifier.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPdfWriter>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

QStringList signedFilesIn(TempDatabase &db, const QString &registerId)
{
    auto c = db.shared()->connection();
    if (!c)
        return {};
    auto rows = Sql::exec(*c,
                          QStringLiteral("SELECT f.sha256 FROM registration r JOIN document_file f"
                                         " ON f.document_id = r.document_id WHERE r.register_id = ?"
                                         " ORDER BY r.number"),
                          {registerId});
    QStringList hashes;
    while (rows && rows->next())
        hashes << rows->value(0).toString();
    return hashes;
}

QStringList indexesIn(TempDatabase &db, const QString &registerId)
{
    auto c = db.shared()->connection();
    if (!c)
        return {};
    auto rows = Sql::exec(
        *c, QStringLiteral("SELECT reg_index FROM registration WHERE register_id = ? ORDER BY number"),
        {registerId});
    QStringList indexes;
    while (rows && rows->next())
        indexes << rows->value(0).toString();
    return indexes;
}

} // namespace

class tst_SigningRouteFlow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    SoftHsmFixture m_fixture;
    SystemClock m_clock;
    std::shared_ptr<DialogPinProvider> m_pins;
    std::shared_ptr<Pkcs11TokenProvider> m_tokens;
    int m_pinDialogs = 0;
    std::unique_ptr<CadesVerifier> m_verifier;

    IncomingFlowOptions flow()
    {
        IncomingFlowOptions options;
        options.settings = m_settings.get();
        options.clock = &m_clock;
        options.tokens = [this] {
            return std::static_pointer_cast<TokenProvider>(m_tokens);
        };
        options.chain = {dms::test::pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")))};
        return options;
    }

    QString makePdf(const QString &name, const QString &text)
    {
        const QString path = m_dir.filePath(name);
        QPdfWriter writer(path);
        QPainter painter(&writer);
        painter.drawText(200, 200, text);
        return path;
    }

    /** Routes a draft from the clerk's *New outgoing document…* to the official. */
    void routeFromDialog(MainWindow &window, TempDatabase &db, const QString &pdf, const QString &subject,
                         const QString &note)
    {
        OutgoingActions *outgoing = window.outgoingActions();
        QVERIFY(outgoing);
        QSignalSpy opened(outgoing, &OutgoingActions::dialogOpened);
        outgoing->newAction()->trigger();
        QCOMPARE(opened.size(), 1);
        auto *dialog = qobject_cast<OutgoingDialog *>(opened.constFirst().constFirst().value<QDialog *>());
        QVERIFY(dialog);
        dialog->setFile(pdf);
        auto *registers = dialog->findChild<QComboBox *>(QStringLiteral("registerCombo"));
        registers->setCurrentIndex(registers->findData(db.outgoingRegisterId));
        dialog->findChild<QLineEdit *>(QStringLiteral("subjectEdit"))->setText(subject);
        QSignalSpy routed(dialog, &OutgoingDialog::routedForSigning);
        dialog->findChild<QPushButton *>(QStringLiteral("routeForSigningButton"))->click();
        auto *choose = dialog->findChild<RouteForSigningDialog *>();
        QVERIFY(choose && choose->isVisible());
        auto *signers = choose->findChild<QComboBox *>(QStringLiteral("signerCombo"));
        const int official = signers->findData(db.official.userId);
        QVERIFY2(official >= 0, qPrintable(QString::number(signers->count())));
        // Only those who may sign are offered: not the clerk, not the auditor.
        QCOMPARE(signers->findData(db.clerk.userId), -1);
        QCOMPARE(signers->findData(db.auditor.userId), -1);
        signers->setCurrentIndex(official);
        choose->findChild<QPlainTextEdit *>(QStringLiteral("routeNoteEdit"))->setPlainText(note);
        choose->findChild<QPushButton *>(QStringLiteral("routeButton"))->click();
        QCOMPARE(routed.size(), 1);
        // The dialog closes and is deleted, so that the next one can open.
        const QPointer<OutgoingDialog> closing(dialog);
        QTRY_VERIFY(closing.isNull());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("delovod.ini")),
                                                 QSettings::IniFormat);
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_pins = std::make_shared<DialogPinProvider>();
        connect(m_pins.get(), &DialogPinProvider::dialogShown, this, [this](PinDialog *dialog) {
            ++m_pinDialogs;
            dialog->findChild<QLineEdit *>(QStringLiteral("pin"))
                ->setText(QString::fromUtf8(SoftHsmFixture::pin));
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        auto provider = Pkcs11TokenProvider::load(m_pins, QStringLiteral(DMS_LOCKING_PKCS11_MODULE));
        QVERIFY2(provider.ok(), qPrintable(provider.error().toString()));
        m_tokens = *provider;
        m_verifier = std::make_unique<CadesVerifier>(m_clock);
        m_verifier->setTrustAnchors(
            {dms::test::pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")))});
        ValidationPolicy policy;
        policy.revocationRequired = false;
        policy.onlineRevocation = false;
        m_verifier->setPolicy(policy);
    }

    void cleanupTestCase()
    {
        m_tokens.reset();
        m_pins.reset();
    }

    void routeSignTwoWithOnePinReturnAndWithdraw()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto clerkDesk = EmbeddedDesk::open(db, QStringLiteral("Т1"));
        auto officialDesk = EmbeddedDesk::open(db, QStringLiteral("Т2"));
        QVERIFY(clerkDesk && officialDesk);
        MainWindow clerk(*clerkDesk->connection);
        clerk.setIncomingFlow(flow());
        QVERIFY(clerk.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(clerkDesk->sync());
        MainWindow official(*officialDesk->connection);
        official.setIncomingFlow(flow());
        QVERIFY(official.signIn(QStringLiteral("official")).ok());
        QVERIFY(officialDesk->sync());
        clerk.refresh();
        official.refresh();
        clerk.show();
        official.show();

        routeFromDialog(clerk, db, makePdf("first.pdf", "Първо писмо"), "Отговор до РЗИ", "До петък");
        routeFromDialog(clerk, db, makePdf("second.pdf", "Второ писмо"), "Покана до кмета", {});
        routeFromDialog(clerk, db, makePdf("third.pdf", "Трето писмо"), "Уведомление", {});

        // The official's *For signature* lists the three, oldest first.
        SigningRoutesDock *officialDock = official.signingRoutesDock();
        QVERIFY(officialDock);
        SignatureQueuePanel *queue = officialDock->forSignature();
        QAbstractItemModelTester queueTester(queue->model(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(queue->model()->rowCount(), 3, 20000);
        const auto rowOf = [](SigningRouteModel *model, const QString &subject) {
            for (int row = 0; row < model->rowCount(); ++row)
                if (model->index(row, SigningRouteModel::SubjectColumn).data().toString() == subject)
                    return row;
            return -1;
        };
        const int answer = rowOf(queue->model(), QStringLiteral("Отговор до РЗИ"));
        const int invitation = rowOf(queue->model(), QStringLiteral("Покана до кмета"));
        QVERIFY(answer >= 0 && invitation >= 0);
        QCOMPARE(queue->model()->index(answer, SigningRouteModel::DetailColumn).data().toString(),
                 QStringLiteral("До петък"));
        QVERIFY(!queue->model()->index(answer, SigningRouteModel::PersonColumn).data().toString().isEmpty());
        QVERIFY(clerk.signingRoutesDock()->forSignature()->model()->rowCount() == 0);

        // Two at once, with one PIN.
        QTableView *view = queue->view();
        view->selectionModel()->select(queue->model()->index(answer, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view->selectionModel()->select(queue->model()->index(invitation, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        auto *sign = queue->findChild<QPushButton *>(QStringLiteral("signRoutesButton"));
        QVERIFY(sign->isEnabled());
        QVERIFY(!queue->findChild<QPushButton *>(QStringLiteral("returnRouteButton"))->isEnabled());
        // The desk's preferred certificate signs, whichever the card lists first.
        const CertificateInfo preferred
            = dms::test::pemCertificate(m_fixture.pkiFile(QStringLiteral("signer-ec.pem")));
        QVERIFY(!preferred.isNull());
        m_settings->setValue(DeskSettings::signingCertificateKey(),
                             PreferredCertificate::settingFor(preferred));
        QSignalSpy finished(queue, &SignatureQueuePanel::signingFinished);
        m_pinDialogs = 0;
        sign->click();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.constFirst().constFirst().toInt(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(signedFilesIn(db, db.outgoingRegisterId).size(), 2, 20000);

        // Both registered with the signed PDFs, whose signatures verify.
        BlobStore office(QFileInfo(db.config().path).absolutePath() + QStringLiteral("/blobs"));
        QSet<QByteArray> signers;
        for (const QString &sha256 : signedFilesIn(db, db.outgoingRegisterId)) {
            auto reports = PadesVerifier(*m_verifier).verifyFile(office.pathFor(sha256));
            QVERIFY2(reports.ok(), qPrintable(reports.ok() ? QString() : reports.error().toString()));
            QCOMPARE(reports->size(), 1);
            QVERIFY2(reports->constFirst().isPassed(), qPrintable(reports->constFirst().errors.join('\n')));
            signers.insert(reports->constFirst().signer.sha256Fingerprint());
        }
        // One card, the preferred certificate, one login: one PIN for both.
        QCOMPARE(signers, QSet<QByteArray> {preferred.sha256Fingerprint()});
        QCOMPARE(m_pinDialogs, 1);
        QTRY_COMPARE_WITH_TIMEOUT(queue->model()->rowCount(), 1, 20000);

        // The third is returned; a reason is required.
        QCOMPARE(queue->model()->index(0, SigningRouteModel::SubjectColumn).data().toString(),
                 QStringLiteral("Уведомление"));
        view->selectionModel()->select(queue->model()->index(0, 0),
                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        queue->returnSelectedWith(QStringLiteral("  "));
        QCOMPARE(queue->findChild<QLabel *>(QStringLiteral("signingStage"))->text(),
                 QStringLiteral("Give the reason for returning the document."));
        queue->returnSelectedWith(QStringLiteral("Липсва становище на юрист"));
        QTRY_COMPARE_WITH_TIMEOUT(queue->model()->rowCount(), 0, 20000);

        // The clerk's list says what became of each.
        RoutedDocumentsPanel *routed = clerk.signingRoutesDock()->routed();
        QAbstractItemModelTester routedTester(routed->model(),
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList indexes = indexesIn(db, db.outgoingRegisterId);
        QCOMPARE(indexes.size(), 2);
        const auto statusOf = [routed](const QString &subject) {
            for (int row = 0; row < routed->model()->rowCount(); ++row)
                if (routed->model()->index(row, SigningRouteModel::SubjectColumn).data().toString()
                    == subject)
                    return routed->model()->index(row, SigningRouteModel::DetailColumn).data().toString();
            return QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(statusOf("Уведомление").startsWith("Returned"), 20000);
        QCOMPARE(statusOf("Уведомление"), QStringLiteral("Returned: Липсва становище на юрист"));
        const QStringList signedStatuses {statusOf("Отговор до РЗИ"), statusOf("Покана до кмета")};
        for (const QString &status : signedStatuses)
            QVERIFY2(status == QStringLiteral("Signed, registered as %1").arg(indexes.at(0))
                         || status == QStringLiteral("Signed, registered as %1").arg(indexes.at(1)),
                     qPrintable(status));
        QVERIFY(signedStatuses.at(0) != signedStatuses.at(1));

        // A fourth draft is withdrawn before it is signed.
        QFile draft(makePdf("fourth.pdf", "Четвърто"));
        QVERIFY(draft.open(QIODevice::ReadOnly));
        RoutingRequest request;
        request.title = QStringLiteral("Оттеглено писмо");
        request.registerId = db.outgoingRegisterId;
        request.kind = QStringLiteral("Писмо");
        request.signerId = db.official.userId;
        QVERIFY(DeskSigningCommands::route(*clerkDesk->connection->engine(), request, draft).ok());
        QTRY_COMPARE_WITH_TIMEOUT(queue->model()->rowCount(), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf("Оттеглено писмо"), QStringLiteral("Awaiting signature"), 20000);
        for (int row = 0; row < routed->model()->rowCount(); ++row)
            if (routed->model()->index(row, 0).data().toString() == QStringLiteral("Оттеглено писмо"))
                routed->view()->setCurrentIndex(routed->model()->index(row, 0));
        auto *withdraw = routed->findChild<QPushButton *>(QStringLiteral("withdrawRouteButton"));
        QVERIFY(withdraw->isEnabled());
        withdraw->click();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf("Оттеглено писмо"), QStringLiteral("Withdrawn"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(queue->model()->rowCount(), 0, 20000);
        QCOMPARE(indexesIn(db, db.outgoingRegisterId).size(), 2);
    }
};

QTEST_MAIN(tst_SigningRouteFlow)
#include "tst_SigningRouteFlow.moc"
