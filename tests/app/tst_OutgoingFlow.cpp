// SPDX-License-Identifier: GPL-3.0-or-later
// The outgoing flow end to end in the main window on an embedded office that runs the
// СЕОС exchange: a PDF → signed with a SoftHSM2 card (behind the card-like locking
// shim; a wrong PIN first: shown, nothing registered) → registered in the outgoing
// register with the signed file (its PAdES signature checked by the signing library)
// → sent by СЕОС: the office's outbox holds the signed message for the recipient →
// the recipient (a second office in process) registers it, its DS_REGISTERED comes
// back through the exchange service, and the desk shows it in the entry's details.
// The preferred certificate of the settings (signing/certificate) signs when the card
// holds it; the settings dialog lists the card's certificates to choose it from.
// A send that fails for good (the recipient unreachable until the retries run out)
// is sent again from the register list ("exchange.resend") and then delivered.
#include "EmbeddedDesk.h"
#include "EntryDetailsView.h"
#include "ExchangePeer.h"
#include "MainWindow.h"
#include "RegisterModel.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TempDatabase.h"
#include "core/Clock.h"
#include "desk/DeskExchange.h"
#include "exchange/ExchangeResendCommand.h"
#include "exchange/ExchangeSendCommand.h"
#include "exchange/ParticipantFeed.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageReader.h"
#include "outgoing/OutgoingActions.h"
#include "outgoing/OutgoingDialog.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "settings/DeskSettings.h"
#include "settings/SettingsDialog.h"
#include "signing/DialogPinProvider.h"
#include "signing/PinDialog.h"
#include "signing/PreferredCertificate.h"
#include "signing/pades/PadesVerifier.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"
#include "sync/SyncExtensions.h"
#include "sync/SyncService.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using namespace dms::exchange;
using namespace dms::exchange::test;

namespace {

const Participant s_us {"000000001", "Община Тестово", "{11111111-1111-4111-8111-111111111111}"};
const Participant s_them {"000000002", "Община Получател", "{22222222-2222-4222-8222-222222222222}"};
const QString s_uriUs = QStringLiteral("https://us.obmen.invalid/EGovExchange");
const QString s_uriThem = QStringLiteral("https://them.obmen.invalid/EGovExchange");

/** How many registrations the office has in a register. */
int entriesIn(TempDatabase &db, const QString &registerId)
{
    auto c = db.shared()->connection();
    if (!c)
        return -1;
    auto n = Sql::scalar(*c, QStringLiteral("SELECT COUNT(*) FROM registration WHERE register_id = ?"),
                         {registerId});
    return n ? n->toInt() : -1;
}

QString onlyEntryIn(TempDatabase &db, const QString &registerId)
{
    auto c = db.shared()->connection();
    if (!c)
        return {};
    auto id
        = Sql::scalar(*c, QStringLiteral("SELECT id FROM registration WHERE register_id = ?"), {registerId});
    return id ? id->toString() : QString();
}

} // namespace

class tst_OutgoingFlow : public QObject
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
    QString m_p12Us;
    QString m_p12Them;
    QString m_pdf;

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

    /** A qualified certificate on the card that is not the one signing without a
     *  preference (the first qualified one the card lists): the RSA or the EC one. */
    CertificateInfo notTheDefaultCertificate()
    {
        auto tokens = m_tokens->tokens();
        if (!tokens)
            return {};
        for (const auto &token : *tokens) {
            auto certificates = token->qualifiedCertificates();
            if (!certificates || certificates->isEmpty())
                continue;
            const QString label = certificates->constFirst().label == QLatin1String("signer-ec")
                ? QStringLiteral("signer-rsa")
                : QStringLiteral("signer-ec");
            return dms::test::pemCertificate(m_fixture.pkiFile(label + QStringLiteral(".pem")));
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("delovod.ini")),
                                                 QSettings::IniFormat);
        m_settings->setValue(QStringLiteral("office/name"), QStringLiteral("Община Тестово"));
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_pins = std::make_shared<DialogPinProvider>();
        connect(m_pins.get(), &DialogPinProvider::dialogShown, this, [this](PinDialog *dialog) {
            if (m_typedPin.isEmpty()) { // the clerk closes the PIN dialog
                dialog->reject();
                return;
            }
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
        m_p12Us = makeTransportCertificate(m_dir.path(), QStringLiteral("000000001"));
        m_p12Them = makeTransportCertificate(m_dir.path(), QStringLiteral("000000002"));
        QVERIFY(!m_p12Us.isEmpty() && !m_p12Them.isEmpty());
        m_pdf = m_dir.filePath(QStringLiteral("letter.pdf"));
        QPdfWriter writer(m_pdf);
        QPainter painter(&writer);
        painter.drawText(200, 200, QStringLiteral("Изходящо писмо"));
    }

    void cleanupTestCase()
    {
        m_tokens.reset();
        m_pins.reset();
    }

    void signRegisterSendTrack()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        TempDatabase them;
        QVERIFY2(them.problem().isEmpty(), qPrintable(them.problem()));
        QVERIFY(them.seed());
        // The throwaway transport certificates are valid from now on.
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        them.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        ExchangePeer us(db, s_us, m_p12Us);
        ExchangePeer recipient(them, s_them, m_p12Them);
        const QList<ParticipantRecord> registry {
            {s_us.guid, s_us.identifier, s_us.name, us.serialHex(), s_uriUs, true, {}},
            {s_them.guid, s_them.identifier, s_them.name, recipient.serialHex(), s_uriThem, true, {}}};
        QVERIFY(us.service().directory().replaceAll(registry).ok());
        QVERIFY(recipient.service().directory().replaceAll(registry).ok());
        LoopbackTransport network;
        network.addPeer(s_uriUs, &us);
        network.addPeer(s_uriThem, &recipient);

        // The embedded office runs the exchange as delovod-server does (ExchangeRuntime).
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        desk->connection->embeddedService()->extensions().add(
            ExchangeSendCommand::kind, std::make_shared<ExchangeSendCommand>(db.context(), us.service()));
        QVERIFY(ParticipantFeed::publish(*db.shared(), db.clock).ok());
        MainWindow window(*desk->connection);
        window.setIncomingFlow(flow());
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        QTRY_VERIFY(desk->connection->engine()->lastLogin().ok()
                    && DeskExchange::isAvailable(*desk->connection->engine()->lastLogin()));
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        OutgoingActions *outgoing = window.outgoingActions();
        QVERIFY(outgoing);
        QSignalSpy opened(outgoing, &OutgoingActions::dialogOpened);
        outgoing->newAction()->trigger();
        QCOMPARE(opened.size(), 1);
        auto *dialog = qobject_cast<OutgoingDialog *>(opened.constFirst().constFirst().value<QDialog *>());
        QVERIFY(dialog);
        dialog->setFile(m_pdf);
        auto *registers = dialog->findChild<QComboBox *>(QStringLiteral("registerCombo"));
        const int outgoingRegister = registers->findData(db.outgoingRegisterId);
        QVERIFY(outgoingRegister >= 0);
        registers->setCurrentIndex(outgoingRegister);
        dialog->findChild<QLineEdit *>(QStringLiteral("subjectEdit"))
            ->setText(QStringLiteral("Отговор на запитване"));
        auto *send = dialog->findChild<QCheckBox *>(QStringLiteral("sendCheck"));
        QVERIFY(send->isEnabled());
        send->setChecked(true);
        auto *participants = dialog->findChild<QComboBox *>(QStringLiteral("participantCombo"));
        const int recipientRow = participants->findData(ExchangeGuid::normalized(s_them.guid));
        QVERIFY2(recipientRow >= 0, qPrintable(participants->itemText(0)));
        participants->setCurrentIndex(recipientRow);
        auto *sign = dialog->findChild<QPushButton *>(QStringLiteral("signButton"));

        // The PIN dialog closed: cancelled, not an error, nothing registered.
        m_typedPin.clear();
        sign->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSigning(), 60000);
        QCOMPARE(dialog->errorText(), QString());
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("outgoingStage"))->text(),
                 QStringLiteral("Cancelled; nothing was registered."));
        QCOMPARE(entriesIn(db, db.outgoingRegisterId), 0);

        // A wrong PIN: said with the tries left, and nothing is registered or queued.
        m_typedPin = "999999";
        sign->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isSigning(), 60000);
        QVERIFY2(dialog->errorText().startsWith(QStringLiteral("Wrong PIN")),
                 qPrintable(dialog->errorText()));
        QVERIFY(dialog->isVisible());
        QCOMPARE(entriesIn(db, db.outgoingRegisterId), 0);
        QCOMPARE(desk->connection->engine()->outbox().count(QStringLiteral("pending")).valueOr(-1), 0);

        // The right PIN: signed with the preferred certificate (not the card's first
        // qualified one), registered, the signed file attached, the send queued.
        const CertificateInfo preferred = notTheDefaultCertificate();
        QVERIFY(!preferred.isNull());
        m_settings->setValue(DeskSettings::signingCertificateKey(),
                             PreferredCertificate::settingFor(preferred));
        m_typedPin = SoftHsmFixture::pin;
        QSignalSpy queued(dialog, &OutgoingDialog::registrationQueued);
        sign->click();
        QVERIFY(queued.wait(60000));
        QTRY_COMPARE_WITH_TIMEOUT(entriesIn(db, db.outgoingRegisterId), 1, 20000);
        auto entry = RegistrationService(db.context()).find(onlyEntryIn(db, db.outgoingRegisterId));
        QVERIFY2(entry.ok(), qPrintable(entry.ok() ? QString() : entry.error().toString()));
        BlobStore office(QFileInfo(db.config().path).absolutePath() + QStringLiteral("/blobs"));
        DocumentService documents(db.context(), office);
        QTRY_COMPARE_WITH_TIMEOUT(documents.files(db.clerk, entry->documentId)->size(), 1, 20000);
        const DocumentFile signedFile = documents.files(db.clerk, entry->documentId)->constFirst();
        QCOMPARE(signedFile.name, QStringLiteral("letter.pdf"));
        auto reports = PadesVerifier(*m_verifier).verifyFile(office.pathFor(signedFile.sha256));
        QVERIFY2(reports.ok(), qPrintable(reports.ok() ? QString() : reports.error().toString()));
        QCOMPARE(reports->size(), 1);
        QVERIFY2(reports->constFirst().isPassed(),
                 qPrintable(reports->constFirst().errors.join(QLatin1Char('\n'))));
        QCOMPARE(reports->constFirst().signer.sha256Fingerprint(), preferred.sha256Fingerprint());
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("Signing with the preferred certificate “%1”.").arg(preferred.commonName()));
        m_settings->remove(DeskSettings::signingCertificateKey());

        // The office's outbox holds the signed registration request for the recipient, with the file.
        QTRY_COMPARE_WITH_TIMEOUT(us.service().outbox().list()->size(), 1, 20000);
        const exchange::OutboxEntry message = us.service().outbox().list()->constFirst();
        QCOMPARE(message.recipientGuid, ExchangeGuid::normalized(s_them.guid));
        auto read = MessageReader().read(message.content);
        QVERIFY(read.ok());
        const auto &request = std::get<DocumentRegistrationRequest>(read->message.body);
        QCOMPARE(request.docId.number.number, entry->index);
        QCOMPARE(request.attachments.size(), 1);
        QCOMPARE(
            QCryptographicHash::hash(request.attachments.constFirst().content, QCryptographicHash::Sha256)
                .toHex(),
            signedFile.sha256.toLatin1());

        // Select the entry: the details say it is queued.
        window.selectRegister({});
        QTRY_VERIFY(window.registerModel()->rowCount() > 0);
        auto *details = window.findChild<EntryDetailsView *>();
        QVERIFY(details);
        QTRY_VERIFY_WITH_TIMEOUT(DeskExchange(desk->connection->local()).statuses(entry->id)->size() == 1,
                                 20000);
        window.refresh();
        QTRY_VERIFY(window.selectedEntry() || window.registerModel()->rowCount() > 0);
        auto *view = window.findChild<QTableView *>(QStringLiteral("registerView"));
        view->selectRow(0);
        QCOMPARE(window.selectedEntry()->registrationId, entry->id);
        QTRY_VERIFY_WITH_TIMEOUT(details->toPlainText().contains(QStringLiteral("Queued for sending")),
                                 20000);
        QCOMPARE(window.registerModel()->index(0, RegisterModel::ExchangeColumn).data().toString(),
                 QStringLiteral("Queued"));

        // Delivered; the recipient registers it and its DS_REGISTERED comes back.
        QCOMPARE(us.service().deliverDue(network).valueOr(-1), 1);
        auto inbox = recipient.service().inbox().list();
        QVERIFY(inbox.ok());
        QCOMPARE(inbox->size(), 1);
        auto theirs = recipient.service().registerIncoming(them.clerk, inbox->constFirst().id,
                                                           them.incomingRegisterId);
        QVERIFY2(theirs.ok(), qPrintable(theirs.ok() ? QString() : theirs.error().toString()));
        QCOMPARE(recipient.service().deliverDue(network).valueOr(-1), 1);
        const QString expected
            = QStringLiteral("Registered by the recipient as %1/%2")
                  .arg(theirs->index, theirs->registeredOn.toString(QStringLiteral("dd.MM.yyyy")));
        QTRY_VERIFY_WITH_TIMEOUT(
            DeskExchange(desk->connection->local()).statuses(entry->id)->constFirst().status
                == QLatin1String("DS_REGISTERED"),
            20000);
        QTRY_VERIFY_WITH_TIMEOUT(details->toPlainText().contains(expected), 20000);
        // The register list's СЕОС column follows as the changes arrive, without a refresh.
        const auto exchangeCell = [&window, &entry](int role) {
            RegisterModel *model = window.registerModel();
            return model->index(model->rowOfRegistration(entry->id), RegisterModel::ExchangeColumn)
                .data(role)
                .toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(
            exchangeCell(Qt::DisplayRole),
            QStringLiteral("Registered by the recipient %1/%2")
                .arg(theirs->index, theirs->registeredOn.toString(QStringLiteral("dd.MM.yyyy"))),
            20000);
        QCOMPARE(exchangeCell(Qt::ToolTipRole), s_them.name + QStringLiteral(": ") + expected);
        window.close();
    }

    void failedSendIsSentAgain()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        TempDatabase them;
        QVERIFY2(them.problem().isEmpty(), qPrintable(them.problem()));
        QVERIFY(them.seed());
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        them.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        ExchangePeer us(db, s_us, m_p12Us);
        ExchangePeer recipient(them, s_them, m_p12Them);
        const QList<ParticipantRecord> registry {
            {s_us.guid, s_us.identifier, s_us.name, us.serialHex(), s_uriUs, true, {}},
            {s_them.guid, s_them.identifier, s_them.name, recipient.serialHex(), s_uriThem, true, {}}};
        QVERIFY(us.service().directory().replaceAll(registry).ok());
        QVERIFY(recipient.service().directory().replaceAll(registry).ok());
        LoopbackTransport network; // the recipient is not reachable yet
        network.addPeer(s_uriUs, &us);

        // An outgoing entry with its signed letter, registered on the office.
        NewRegistration request;
        request.registerId = db.outgoingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Покана за съгласуване");
        auto entry = RegistrationService(db.context()).registerDocument(db.clerk, request);
        QVERIFY(entry.ok());
        BlobStore office(QFileInfo(db.config().path).absolutePath() + QStringLiteral("/blobs"));
        QFile pdf(m_pdf);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(DocumentService(db.context(), office)
                    .addFile(db.clerk, entry->documentId, QStringLiteral("letter.pdf"),
                             QStringLiteral("application/pdf"), pdf)
                    .ok());

        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        SyncExtensions &extensions = desk->connection->embeddedService()->extensions();
        extensions.add(ExchangeSendCommand::kind,
                       std::make_shared<ExchangeSendCommand>(db.context(), us.service()));
        extensions.add(ExchangeResendCommand::kind, std::make_shared<ExchangeResendCommand>(us.service()));
        QVERIFY(ParticipantFeed::publish(*db.shared(), db.clock).ok());
        MainWindow window(*desk->connection);
        window.setIncomingFlow(flow());
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        QTRY_VERIFY(desk->connection->engine()->lastLogin().ok()
                    && DeskExchange::isResendAvailable(*desk->connection->engine()->lastLogin()));
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        RegisterModel *model = window.registerModel();
        const auto exchangeCell = [model, &entry]() -> QString {
            const int row = model->rowOfRegistration(entry->id);
            return row < 0 ? QStringLiteral("<not listed>")
                           : model->index(row, RegisterModel::ExchangeColumn).data().toString();
        };
        QTRY_VERIFY(model->rowOfRegistration(entry->id) >= 0);
        QCOMPARE(exchangeCell(), QString());

        // Sent from the desk; every delivery attempt fails until the outbox gives up.
        QVERIFY(DeskExchange::send(*desk->connection->engine(), entry->documentId, {}, s_them.guid).ok());
        QTRY_COMPARE_WITH_TIMEOUT(us.service().outbox().list()->size(), 1, 20000);
        const QString outboxId = us.service().outbox().list()->constFirst().id;
        for (int attempt = 0; attempt < 20; ++attempt) {
            const exchange::OutboxEntry queued = *us.service().outbox().find(outboxId);
            if (queued.state != exchange::OutboxEntry::State::Pending)
                break;
            if (queued.nextAttemptAt > db.clock.now())
                db.clock.set(queued.nextAttemptAt);
            QCOMPARE(us.service().deliverDue(network).valueOr(-1), 0); // none delivered
        }
        QCOMPARE(int(us.service().outbox().find(outboxId)->state), int(exchange::OutboxEntry::State::Failed));
        QTRY_COMPARE_WITH_TIMEOUT(exchangeCell(), QStringLiteral("Send failed"), 20000);

        // "Send again" on the failed entry from the register list's context menu.
        auto *view = window.findChild<QTableView *>(QStringLiteral("registerView"));
        view->selectRow(model->rowOfRegistration(entry->id));
        QCOMPARE(window.selectedEntry()->registrationId, entry->id);
        QAction *resend = window.outgoingActions()->resendAction();
        QVERIFY(view->actions().contains(resend));
        QTRY_VERIFY(resend->isEnabled());
        QSignalSpy resent(window.outgoingActions(), &OutgoingActions::resendQueued);
        resend->trigger();
        QCOMPARE(resent.size(), 1);
        QCOMPARE(resent.constFirst().constFirst().toInt(), 1);
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("%1 is queued to be sent again to %2.").arg(entry->index, s_them.name));

        // The same message is due again; the desk shows it queued and offers no second resend.
        QTRY_COMPARE_WITH_TIMEOUT(int(us.service().outbox().find(outboxId)->state),
                                  int(exchange::OutboxEntry::State::Pending), 20000);
        QCOMPARE(us.service().outbox().list()->size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(exchangeCell(), QStringLiteral("Queued"), 20000);
        window.outgoingActions()->updateState();
        QVERIFY(!resend->isEnabled());

        // Reachable now: delivered, and the recipient has it.
        network.addPeer(s_uriThem, &recipient);
        QCOMPARE(us.service().deliverDue(network).valueOr(-1), 1);
        QCOMPARE(int(us.service().outbox().find(outboxId)->state), int(exchange::OutboxEntry::State::Sent));
        QCOMPARE(recipient.service().inbox().list()->size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(exchangeCell(), QStringLiteral("Sent"), 20000);
        window.close();
    }

    void settingsListTheCardsCertificates()
    {
        // An old setting named the certificate by its label; reading the card turns it
        // into the certificate's fingerprint.
        m_settings->setValue(DeskSettings::signingCertificateKey(), QStringLiteral("signer-ec"));
        SettingsDialog dialog(*m_settings, flow());
        auto *certificates = dialog.findChild<QComboBox *>(QStringLiteral("signingCertificate"));
        QVERIFY(certificates);
        QCOMPARE(certificates->currentText(),
                 QStringLiteral("The certificate labelled “signer-ec” on the card"));
        QCOMPARE(dialog.values().signingCertificate, QStringLiteral("signer-ec"));
        QSignalSpy read(&dialog, &SettingsDialog::cardRead);
        dialog.findChild<QPushButton *>(QStringLiteral("readCardButton"))->click();
        QVERIFY(read.wait(60000));
        // The four certificates with a key on the test card, after "the first qualified one".
        QCOMPARE(read.constFirst().constFirst().toInt(), 4);
        QCOMPARE(certificates->count(), 5);
        const CertificateInfo ec
            = dms::test::pemCertificate(m_fixture.pkiFile(QStringLiteral("signer-ec.pem")));
        QCOMPARE(dialog.values().signingCertificate, QString::fromLatin1(ec.sha256Fingerprint().toHex()));
        QVERIFY2(certificates->currentText().startsWith(ec.commonName() + QStringLiteral(" (issued by")),
                 qPrintable(certificates->currentText()));

        // Choosing another one stores its fingerprint.
        const CertificateInfo rsa
            = dms::test::pemCertificate(m_fixture.pkiFile(QStringLiteral("signer-rsa.pem")));
        const int rsaRow = certificates->findData(PreferredCertificate::settingFor(rsa));
        QVERIFY(rsaRow > 0);
        certificates->setCurrentIndex(rsaRow);
        QCOMPARE(dialog.values().signingCertificate, PreferredCertificate::settingFor(rsa));
        certificates->setCurrentIndex(0);
        QCOMPARE(dialog.values().signingCertificate, QString());
        m_settings->remove(DeskSettings::signingCertificateKey());
    }

    void sendIsDisabledWithoutTheExchange()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        MainWindow window(*desk->connection);
        window.setIncomingFlow(flow());
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        OutgoingActions *outgoing = window.outgoingActions();
        QVERIFY(outgoing);
        outgoing->updateState();
        QVERIFY(!outgoing->sendAction()->isEnabled());
        QCOMPARE(outgoing->sendAction()->toolTip(),
                 QStringLiteral("The office does not run the СЕОС exchange."));
        QSignalSpy opened(outgoing, &OutgoingActions::dialogOpened);
        outgoing->newAction()->trigger();
        QCOMPARE(opened.size(), 1);
        auto *dialog = opened.constFirst().constFirst().value<QDialog *>();
        QVERIFY(!dialog->findChild<QCheckBox *>(QStringLiteral("sendCheck"))->isEnabled());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("exchangeHint"))
                    ->text()
                    .contains(QStringLiteral("not available")));
        dialog->reject();
    }
};

QTEST_MAIN(tst_OutgoingFlow)
#include "tst_OutgoingFlow.moc"
