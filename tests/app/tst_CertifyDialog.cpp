// SPDX-License-Identifier: GPL-3.0-or-later
// "True copy of the original" with a SoftHSM2 card (the project's fixture script)
// behind the card-like locking shim: the PIN dialog, the signature it makes as
// SignaturePanel shows it, the errors for a wrong PIN and a removed card, and the
// preferred certificate (signing/certificate) chosen when the card holds it.
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "core/Clock.h"
#include "document/SignatureModel.h"
#include "document/SignaturePanel.h"
#include "signing/CertifyDialog.h"
#include "signing/CertifyJob.h"
#include "signing/DialogPinProvider.h"
#include "signing/PinDialog.h"
#include "signing/PreferredCertificate.h"
#include "signing/pades/PadesVerifier.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <dlfcn.h>

using namespace dms;
using dms::test::pemCertificate;

class tst_CertifyDialog : public QObject
{
    Q_OBJECT

private:
    SoftHsmFixture m_fixture;
    QTemporaryDir m_dir;
    SystemClock m_clock;
    std::unique_ptr<CadesVerifier> m_verifier;
    std::shared_ptr<DialogPinProvider> m_pins;
    std::shared_ptr<Pkcs11TokenProvider> m_tokens;
    CertificateInfo m_issuingCa;
    CertificateInfo m_defaultSigner; ///< the card's first qualified certificate
    QString m_scan;
    /** What the clerk types into the next PIN dialogs (empty: close the dialog). */
    QByteArray m_typedPin;
    QStringList m_pinStates;
    void (*m_setRemoval)(int) = nullptr;

    /** Certifies the scan into @p output; returns the error shown (empty on success)
     *  and in @p note which certificate the dialog says it used. */
    QString certify(const QString &output, const PreferredCertificate &preferred = {},
                    QString *note = nullptr)
    {
        CertifyDialog dialog(m_tokens, m_clock);
        dialog.job()->setPreferredCertificate(preferred);
        dialog.job()->setChain({m_issuingCa});
        dialog.job()->setStampDetails({QStringLiteral("СОА20-ВК66-7245/08.09.2020")});
        QSignalSpy certified(&dialog, &CertifyDialog::certified);
        QSignalSpy failed(&dialog, &CertifyDialog::failed);
        dialog.show();
        dialog.certify(m_scan, output);
        if (!QTest::qWaitFor([&] { return !certified.isEmpty() || !failed.isEmpty(); }, 60000))
            return QStringLiteral("<timeout>");
        if (note)
            *note = dialog.certificateText();
        if (!certified.isEmpty())
            return dialog.errorText();
        return failed.constFirst().constFirst().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        QVERIFY(m_dir.isValid());
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_pins = std::make_shared<DialogPinProvider>();
        connect(m_pins.get(), &DialogPinProvider::dialogShown, this, [this](PinDialog *dialog) {
            m_pinStates.append(dialog->stateText());
            if (m_typedPin.isEmpty()) {
                dialog->reject();
                return;
            }
            dialog->findChild<QLineEdit *>(QStringLiteral("pin"))->setText(QString::fromUtf8(m_typedPin));
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        auto provider = Pkcs11TokenProvider::load(m_pins, QStringLiteral(DMS_LOCKING_PKCS11_MODULE));
        QVERIFY2(provider.ok(), qPrintable(provider.error().toString()));
        m_tokens = *provider;
        void *module = dlopen(DMS_LOCKING_PKCS11_MODULE, RTLD_NOW | RTLD_NOLOAD);
        QVERIFY(module);
        m_setRemoval = reinterpret_cast<void (*)(int)>(dlsym(module, "dms_test_set_removal"));
        dlclose(module);
        QVERIFY(m_setRemoval);

        m_issuingCa = pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")));
        m_verifier = std::make_unique<CadesVerifier>(m_clock);
        m_verifier->setTrustAnchors({pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")))});
        ValidationPolicy policy;
        policy.revocationRequired = false; // no responder runs here
        policy.onlineRevocation = false;
        m_verifier->setPolicy(policy);

        m_scan = m_dir.filePath(QStringLiteral("scan.pdf"));
        QPdfWriter writer(m_scan);
        QPainter painter(&writer);
        painter.drawText(200, 200, QStringLiteral("Копие на удостоверение"));
    }

    void cleanupTestCase()
    {
        m_tokens.reset();
        m_pins.reset();
    }

    void wrongPinShowsTheErrorWithTheTriesLeft()
    {
        m_typedPin = "999999";
        m_pinStates.clear();
        const QString output = m_dir.filePath(QStringLiteral("wrong.pdf"));
        const QString error = certify(output);
        QVERIFY2(error.startsWith(QStringLiteral("Wrong PIN. Only a few tries are left")), qPrintable(error));
        QCOMPARE(m_pinStates, QStringList {QString()});
        QVERIFY(!QFile::exists(output));
    }

    void closingThePinDialogCancelsWithoutAnError()
    {
        m_typedPin.clear();
        m_pinStates.clear();
        const QString error = certify(m_dir.filePath(QStringLiteral("cancelled.pdf")));
        QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
        // The dialog now warns about the earlier wrong PIN.
        QCOMPARE(m_pinStates.size(), 1);
        QVERIFY2(m_pinStates.constFirst().contains(QStringLiteral("only a few tries")),
                 qPrintable(m_pinStates.constFirst()));
    }

    void rightPinCertifiesAndTheSignaturePasses()
    {
        m_typedPin = SoftHsmFixture::pin;
        const QString output = m_dir.filePath(QStringLiteral("certified.pdf"));
        const QString error = certify(output);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(QFile::exists(output));

        SignaturePanel panel(*m_verifier);
        QSignalSpy verified(&panel, &SignaturePanel::verified);
        panel.verify(output);
        QVERIFY(verified.wait(30000));
        QCOMPARE(verified.constFirst().at(1).toInt(), 1);
        const SignatureModel *model = panel.model();
        QCOMPARE(model->index(0, SignatureModel::ResultColumn).data().toString(),
                 QStringLiteral("TOTAL_PASSED"));
        QVERIFY(!model->index(0, SignatureModel::SignerColumn).data().toString().isEmpty());
        QVERIFY(!model->index(0, SignatureModel::TimeColumn).data().toString().isEmpty());
        QCOMPARE(model->index(0, SignatureModel::FormatColumn).data().toString(),
                 QStringLiteral("PAdES-BASELINE-B"));
        QCOMPARE(model->reports().constFirst().signer.commonName(),
                 model->index(0, SignatureModel::SignerColumn).data().toString());

        // The unsigned scan: no signature; a file that is no PDF: the error.
        panel.verify(m_scan);
        QVERIFY(verified.wait(30000));
        QCOMPARE(verified.at(1).at(1).toInt(), 0);
        QCOMPARE(model->rowCount(), 0);
        panel.verify(m_dir.filePath(QStringLiteral("missing.pdf")));
        QVERIFY(verified.wait(30000));
        QCOMPARE(verified.at(2).at(1).toInt(), -1);
    }

    void preferredCertificateSigns_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("expectedSigner"); // "other" or empty: the default
        QTest::addColumn<QString>("expectedNote"); // %1 the signer's name

        QTest::newRow("none") << QString() << QString()
                              << QStringLiteral("Signing with the certificate “%1”.");
        // "other": the RSA or the EC qualified certificate, whichever is not the default.
        QTest::newRow("fingerprint") << QStringLiteral("other") << QStringLiteral("other")
                                     << QStringLiteral("Signing with the preferred certificate “%1”.");
        QTest::newRow("old label") << QStringLiteral("label:other") << QStringLiteral("other")
                                   << QStringLiteral("Signing with the preferred certificate “%1”.");
        // The e-seal's certificate is in no card here: the default, and the clerk is told.
        QTest::newRow("not on the card")
            << QStringLiteral("seal.pem") << QString()
            << QStringLiteral("The preferred certificate is not on the card; signing with “%1” instead.");
    }

    void preferredCertificateSigns()
    {
        QFETCH(QString, setting);
        QFETCH(QString, expectedSigner);
        QFETCH(QString, expectedNote);
        m_typedPin = SoftHsmFixture::pin;
        // The card's labels are the fixture's file names.
        QString other;
        if (setting.contains(QLatin1String("other"))) {
            QVERIFY(!m_defaultSigner.isNull()); // the "none" row ran first
            const CertificateInfo ec = pemCertificate(m_fixture.pkiFile(QStringLiteral("signer-ec.pem")));
            other = ec.sha256Fingerprint() == m_defaultSigner.sha256Fingerprint()
                ? QStringLiteral("signer-rsa")
                : QStringLiteral("signer-ec");
        }
        QString value;
        if (setting == QLatin1String("label:other"))
            value = other;
        else if (setting == QLatin1String("other"))
            value = PreferredCertificate::settingFor(
                pemCertificate(m_fixture.pkiFile(other + QStringLiteral(".pem"))));
        else if (!setting.isEmpty())
            value = PreferredCertificate::settingFor(pemCertificate(m_fixture.pkiFile(setting)));
        const QString output
            = m_dir.filePath(QStringLiteral("preferred-%1.pdf").arg(QTest::currentDataTag()));
        QString note;
        const QString error = certify(output, PreferredCertificate::fromSetting(value), &note);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        auto reports = PadesVerifier(*m_verifier).verifyFile(output);
        QVERIFY2(reports.ok(), qPrintable(reports.ok() ? QString() : reports.error().toString()));
        QCOMPARE(reports->size(), 1);
        const CertificateInfo signer = reports->constFirst().signer;
        if (expectedSigner.isEmpty()) {
            if (m_defaultSigner.isNull())
                m_defaultSigner = signer;
            QCOMPARE(signer.sha256Fingerprint(), m_defaultSigner.sha256Fingerprint());
        } else {
            QCOMPARE(signer.sha256Fingerprint(),
                     pemCertificate(m_fixture.pkiFile(other + QStringLiteral(".pem"))).sha256Fingerprint());
            QVERIFY(signer.sha256Fingerprint() != m_defaultSigner.sha256Fingerprint());
        }
        QCOMPARE(note, expectedNote.arg(signer.commonName()));
    }

    void removedCardShowsWhatToDo()
    {
        m_typedPin = SoftHsmFixture::pin;
        m_setRemoval(2); // pulled out in the middle of the next C_Sign
        const QString output = m_dir.filePath(QStringLiteral("removed.pdf"));
        const QString error = certify(output);
        m_setRemoval(0);
        QVERIFY2(error.contains(QStringLiteral("card was removed")), qPrintable(error));
        QVERIFY(!QFile::exists(output));
    }
};

QTEST_MAIN(tst_CertifyDialog)
#include "tst_CertifyDialog.moc"
