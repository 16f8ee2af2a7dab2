// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScriptedPinProvider.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TestClock.h"
#include "TestTsa.h"
#include "core/Clock.h"
#include "signing/CadesInspector.h"
#include "signing/CadesSigner.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/TokenSigningKey.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"

#include <QBuffer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace dms;

using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;
using Level = SignatureReport::SignatureLevel;

namespace {

using dms::test::pemCertificate;
using dms::test::readAll;
using dms::test::writeFile;

/** The independent producer and helper: the openssl command line; empty output on success. */
QString openssl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return QStringLiteral("openssl did not finish");
    return process.exitCode() == 0 ? QString() : QString::fromLocal8Bit(process.readAll());
}

QString describe(const SignatureReport &report)
{
    return QStringLiteral("%1/%2 level %3 errors [%4] warnings [%5]")
        .arg(SignatureReport::indicationName(report.indication),
             SignatureReport::subIndicationName(report.subIndication),
             SignatureReport::levelName(report.level), report.errors.join(QLatin1String(" | ")),
             report.warnings.join(QLatin1String(" | ")));
}

} // namespace

class tst_CadesVerifier : public QObject
{
    Q_OBJECT

private:
    /** "rsa", "ec" (token keys 01, 02, qualified certificates) or "software" (the e-seal PKCS#12). */
    std::shared_ptr<SigningKey> key(const QString &name)
    {
        if (name == QLatin1String("software")) {
            auto software = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                               "seal-pass", m_clock);
            return software ? std::shared_ptr<SigningKey>(std::move(*software)) : nullptr;
        }
        const QByteArray id(1, name == QLatin1String("rsa") ? '\x01' : '\x02');
        auto all = m_token->certificates();
        if (all) {
            for (const TokenCertificate &c : *all) {
                if (c.keyId == id)
                    return std::make_shared<TokenSigningKey>(m_token, c, m_clock);
            }
        }
        return nullptr;
    }

    /** A detached signature of the text by @p keyName, B-T when @p timestamped. */
    QByteArray sign(const QString &keyName, bool timestamped)
    {
        auto signingKey = key(keyName);
        if (!signingKey)
            return {};
        CadesSigner signer(signingKey, m_clock);
        signer.setChain({m_issuingCa});
        if (timestamped)
            signer.setTimestampClient(&m_tsa);
        QBuffer content(&m_text);
        content.open(QIODevice::ReadOnly);
        return signer.sign(content).valueOr({});
    }

    SignatureReport verify(const QByteArray &p7s, QByteArray content, const Clock &clock) const
    {
        CadesVerifier verifier(clock);
        verifier.setTrustAnchors({m_root});
        verifier.setPolicy(lenient());
        QBuffer buffer(&content);
        buffer.open(QIODevice::ReadOnly);
        return verifier.verify(p7s, buffer);
    }
    SignatureReport verify(const QByteArray &p7s) const { return verify(p7s, m_text, m_clock); }

    QString file(const QString &name) const { return m_work.filePath(name); }

    /** Revocation is tested in tst_CertificateValidator; here its absence is only a warning. */
    static ValidationPolicy lenient()
    {
        ValidationPolicy policy;
        policy.revocationRequired = false;
        return policy;
    }

    SoftHsmFixture m_fixture;
    QTemporaryDir m_work;
    std::shared_ptr<ScriptedPinProvider> m_pins = std::make_shared<ScriptedPinProvider>(SoftHsmFixture::pin);
    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    std::shared_ptr<Token> m_token;
    SystemClock m_clock;
    TestTsa m_tsa;
    CertificateInfo m_root;
    CertificateInfo m_issuingCa;
    QByteArray m_text = QStringLiteral("Изходящ № 1234/23.11.2026\nОтносно: искане за достъп до обществена "
                                       "информация\nС уважение, Иван Иванов\n")
                            .toUtf8();
    QByteArray m_softwareB;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        QVERIFY(m_work.isValid());
        const QString failure = m_fixture.createAndOpen(m_pins, m_provider, m_token);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_root = pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")));
        m_issuingCa = pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY(!m_root.isNull() && !m_issuingCa.isNull());
        const QString tsaFailure = m_tsa.load(m_fixture.pkiFile(QStringLiteral("tsa.pem")),
                                              m_fixture.pkiFile(QStringLiteral("tsa.key")),
                                              m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY2(tsaFailure.isEmpty(), qPrintable(tsaFailure));
        m_softwareB = sign(QStringLiteral("software"), false);
        QVERIFY(!m_softwareB.isEmpty());
    }

    void cleanupTestCase()
    {
        m_token.reset();
        m_provider.reset();
    }

    void goodSignaturePasses_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<bool>("timestamped");
        QTest::addColumn<Level>("level");
        QTest::addRow("software RSA e-seal B-B") << QStringLiteral("software") << false << Level::AdES;
        QTest::addRow("software RSA e-seal B-T") << QStringLiteral("software") << true << Level::AdES;
        // Qualified certificates, but no Trusted List to confirm them: AdES-QC.
        QTest::addRow("token RSA qualified B-B") << QStringLiteral("rsa") << false << Level::AdESQc;
        QTest::addRow("token RSA qualified B-T") << QStringLiteral("rsa") << true << Level::AdESQc;
        QTest::addRow("token ECDSA qualified B-B") << QStringLiteral("ec") << false << Level::AdESQc;
        QTest::addRow("token ECDSA qualified B-T") << QStringLiteral("ec") << true << Level::AdESQc;
    }
    void goodSignaturePasses()
    {
        QFETCH(QString, keyName);
        QFETCH(bool, timestamped);
        QFETCH(Level, level);
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        const QByteArray p7s = sign(keyName, timestamped);
        const QDateTime after = QDateTime::currentDateTimeUtc().addSecs(1);
        QVERIFY(!p7s.isEmpty());
        auto info = CadesInspector::inspect(p7s);
        QVERIFY(info.ok());

        const SignatureReport report = verify(p7s);
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
        QCOMPARE(report.subIndication, SubIndication::None);
        QVERIFY(report.errors.isEmpty());
        QCOMPARE(report.level, level);
        QCOMPARE(report.format,
                 timestamped ? QStringLiteral("CAdES-BASELINE-T") : QStringLiteral("CAdES-BASELINE-B"));
        QCOMPARE(report.signer.der(), info->signer.der());
        QCOMPARE(report.signingTimeFromTimestamp, timestamped);
        QCOMPARE(report.signingTime, timestamped ? info->timestampTime : info->signingTime);
        QVERIFY2(report.signingTime >= before && report.signingTime <= after,
                 qPrintable(report.signingTime.toString(Qt::ISODate)));
        QCOMPARE(report.validationTime.isValid(), true);
        if (timestamped)
            QCOMPARE(report.validationTime, info->timestampTime);
        // No revocation data and no fetcher: the signer's and the issuing CA's status are missing.
        QCOMPARE(report.warnings.size(), 2);
        for (const QString &warning : report.warnings)
            QVERIFY2(warning.contains(QLatin1String("revocation data")), qPrintable(warning));
        if (level == Level::AdESQc)
            QVERIFY(report.notes.join(QLatin1Char(' ')).contains(QLatin1String("Trusted List")));
    }

    void changedContentFailsHash()
    {
        QByteArray tampered = m_text;
        tampered[tampered.size() / 2] = static_cast<char>(tampered.at(tampered.size() / 2) ^ 0x01);
        const SignatureReport report = verify(m_softwareB, tampered, m_clock);
        QCOMPARE(report.indication, Indication::TotalFailed);
        QCOMPARE(report.subIndication, SubIndication::HashFailure);
        QCOMPARE(report.level, Level::NotApplicable);
        QCOMPARE(report.errors.size(), 1);
        // One byte more at the end is a change too.
        const SignatureReport longer = verify(m_softwareB, m_text + '\n', m_clock);
        QCOMPARE(longer.subIndication, SubIndication::HashFailure);
    }

    void flippedSignatureValueFailsCrypto_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addRow("RSA") << QStringLiteral("software");
        QTest::addRow("ECDSA") << QStringLiteral("ec");
    }
    void flippedSignatureValueFailsCrypto()
    {
        QFETCH(QString, keyName);
        QByteArray p7s = keyName == QLatin1String("software") ? m_softwareB : sign(keyName, false);
        auto info = CadesInspector::inspect(p7s);
        QVERIFY(info.ok());
        const qsizetype at = p7s.indexOf(info->signatureValue);
        QVERIFY(at > 0);
        const qsizetype middle = at + info->signatureValue.size() / 2;
        p7s[middle] = static_cast<char>(p7s.at(middle) ^ 0x01);
        const SignatureReport report = verify(p7s);
        QCOMPARE(report.indication, Indication::TotalFailed);
        QCOMPARE(report.subIndication, SubIndication::SigCryptoFailure);
        QCOMPARE(report.signer.der(), info->signer.der());
    }

    void unrelatedAnchorGivesNoChain()
    {
        const QString key = file(QStringLiteral("other-root.key"));
        const QString pem = file(QStringLiteral("other-root.pem"));
        const QString failure = openssl(
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
             QStringLiteral("-keyout"), key, QStringLiteral("-out"), pem, QStringLiteral("-days"),
             QStringLiteral("30"), QStringLiteral("-subj"), QStringLiteral("/CN=Unrelated Test Root")});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        CadesVerifier verifier(m_clock);
        const Status loaded = verifier.loadTrustAnchorsPem(pem);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error().toString()));
        QCOMPARE(verifier.trustAnchors().size(), 1);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("time-stamp not verified")));
        for (bool timestamped : {false, true}) {
            QBuffer content(&m_text);
            content.open(QIODevice::ReadOnly);
            const SignatureReport report = verifier.verify(
                timestamped ? sign(QStringLiteral("software"), true) : m_softwareB, content);
            QCOMPARE(report.indication, Indication::Indeterminate);
            QCOMPARE(report.subIndication, SubIndication::NoCertificateChainFound);
            QCOMPARE(report.level, Level::NotApplicable);
            QVERIFY(report.errors.join(QLatin1Char(' '))
                        .contains(QLatin1String("trusted certificate authority")));
            // The TSA does not chain to that root either: its time is not a proof.
            QCOMPARE(report.signingTimeFromTimestamp, false);
        }
        // No anchors at all: nothing is trusted.
        CadesVerifier empty(m_clock);
        QBuffer content(&m_text);
        content.open(QIODevice::ReadOnly);
        QCOMPARE(empty.verify(m_softwareB, content).subIndication, SubIndication::NoCertificateChainFound);
    }

    void malformedSignatureFailsFormat_data()
    {
        QTest::addColumn<QByteArray>("p7s");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("truncated") << m_softwareB.left(m_softwareB.size() - 40);
        QTest::addRow("trailing bytes") << m_softwareB + QByteArray(3, '\0');
        QTest::addRow("PEM text") << QByteArray("-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n");
        QTest::addRow("a certificate") << m_issuingCa.der();
    }
    void malformedSignatureFailsFormat()
    {
        QFETCH(QByteArray, p7s);
        const SignatureReport report = verify(p7s);
        QCOMPARE(report.indication, Indication::TotalFailed);
        QCOMPARE(report.subIndication, SubIndication::FormatFailure);
        QCOMPARE(report.level, Level::NotApplicable);
        QVERIFY(report.signer.isNull());
        QCOMPARE(report.errors.size(), 1);
        QVERIFY2(report.errors.at(0).contains(QLatin1String("not a valid CAdES signature")),
                 qPrintable(report.errors.at(0)));
    }

    void attachedSignatureFailsFormat()
    {
        const QString content = file(QStringLiteral("attached.txt"));
        const QString p7s = file(QStringLiteral("attached.p7s"));
        QVERIFY(writeFile(content, m_text));
        const QString failure
            = openssl({QStringLiteral("cms"), QStringLiteral("-sign"), QStringLiteral("-binary"),
                       QStringLiteral("-nodetach"), QStringLiteral("-md"), QStringLiteral("sha256"),
                       QStringLiteral("-cades"), QStringLiteral("-outform"), QStringLiteral("DER"),
                       QStringLiteral("-signer"), m_fixture.pkiFile(QStringLiteral("seal.pem")),
                       QStringLiteral("-inkey"), m_fixture.pkiFile(QStringLiteral("seal.key")),
                       QStringLiteral("-in"), content, QStringLiteral("-out"), p7s});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const SignatureReport report = verify(readAll(p7s));
        QCOMPARE(report.subIndication, SubIndication::FormatFailure);
        QVERIFY(report.errors.at(0).contains(QLatin1String("not detached")));
    }

    /** Reverse oracle: a signature made by openssl cms, not by CadesSigner. */
    void opensslSignaturePasses_data()
    {
        QTest::addColumn<bool>("withChain");
        QTest::addRow("signer and issuing CA embedded") << true;
        QTest::addRow("signer only, issuing CA as anchor") << false;
    }
    void opensslSignaturePasses()
    {
        QFETCH(bool, withChain);
        const QString content = file(QStringLiteral("openssl.txt"));
        const QString p7s = file(QStringLiteral("openssl.p7s"));
        QVERIFY(writeFile(content, m_text));
        QStringList arguments = {QStringLiteral("cms"),      QStringLiteral("-sign"),
                                 QStringLiteral("-binary"),  QStringLiteral("-md"),
                                 QStringLiteral("sha256"),   QStringLiteral("-cades"),
                                 QStringLiteral("-outform"), QStringLiteral("DER"),
                                 QStringLiteral("-signer"),  m_fixture.pkiFile(QStringLiteral("seal.pem")),
                                 QStringLiteral("-inkey"),   m_fixture.pkiFile(QStringLiteral("seal.key")),
                                 QStringLiteral("-in"),      content,
                                 QStringLiteral("-out"),     p7s};
        if (withChain)
            arguments << QStringLiteral("-certfile") << m_fixture.pkiFile(QStringLiteral("qca.pem"));
        const QString failure = openssl(arguments);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));

        CadesVerifier verifier(m_clock);
        verifier.setPolicy(lenient());
        if (withChain)
            verifier.setTrustAnchors({m_root});
        else
            verifier.setTrustAnchors({m_issuingCa});
        QFile input(content);
        QVERIFY(input.open(QIODevice::ReadOnly));
        const SignatureReport report = verifier.verify(readAll(p7s), input);
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
        QCOMPARE(report.level, Level::AdES);
        QCOMPARE(report.format, QStringLiteral("CAdES-BASELINE-B"));
        QCOMPARE(report.signer.der(), pemCertificate(m_fixture.pkiFile(QStringLiteral("seal.pem"))).der());
        QVERIFY(report.signingTime.isValid());
        QVERIFY(qAbs(report.signingTime.secsTo(QDateTime::currentDateTimeUtc())) < 120);

        // And openssl's signature over other content is refused the same way as ours.
        QBuffer other;
        other.setData(m_text + 'x');
        other.open(QIODevice::ReadOnly);
        QCOMPARE(verifier.verify(readAll(p7s), other).subIndication, SubIndication::HashFailure);
    }

    void expiredOrNotYetValidCertificate()
    {
        // The fixture issues certificates for 730 days from today.
        TestClock later(QDateTime::currentDateTimeUtc().addYears(5));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("time-stamp not verified")));
        for (bool timestamped : {false, true}) {
            const QByteArray p7s = timestamped ? sign(QStringLiteral("software"), true) : m_softwareB;
            const SignatureReport report = verify(p7s, m_text, later);
            QCOMPARE(report.indication, Indication::Indeterminate);
            QCOMPARE(report.subIndication, SubIndication::OutOfBoundsNoPoe);
            QCOMPARE(report.validationTime, later.now());
            // The TSA's certificate has expired as well, so the time-stamp proves nothing (no LTA yet).
            QCOMPARE(report.signingTimeFromTimestamp, false);
            QCOMPARE(report.warnings.size(), timestamped ? 1 : 0); // no chain: no revocation check
        }
        TestClock earlier(QDateTime::currentDateTimeUtc().addDays(-3));
        const SignatureReport report = verify(m_softwareB, m_text, earlier);
        QCOMPARE(report.indication, Indication::TotalFailed);
        QCOMPARE(report.subIndication, SubIndication::NotYetValid);
    }

    void hashFailureOutranksIndeterminate()
    {
        QByteArray tampered = m_text;
        tampered[0] = 'X';
        CadesVerifier verifier(m_clock); // no anchors: the chain is INDETERMINATE as well
        QBuffer content(&tampered);
        content.open(QIODevice::ReadOnly);
        const SignatureReport report = verifier.verify(m_softwareB, content);
        QCOMPARE(report.indication, Indication::TotalFailed);
        QCOMPARE(report.subIndication, SubIndication::HashFailure);
        QCOMPARE(report.errors.size(), 2);
    }

    void unreadableContentIsIndeterminate()
    {
        QBuffer closed;
        CadesVerifier verifier(m_clock);
        verifier.setTrustAnchors({m_root});
        const SignatureReport report = verifier.verify(m_softwareB, closed);
        QCOMPARE(report.indication, Indication::Indeterminate);
        QCOMPARE(report.subIndication, SubIndication::SignedDataNotFound);
    }

    void trustAnchorFileErrors()
    {
        CadesVerifier verifier(m_clock);
        verifier.setTrustAnchors({m_root});
        QCOMPARE(verifier.loadTrustAnchorsPem(file(QStringLiteral("missing.pem"))).error().code,
                 ErrorCode::InvalidInput);
        const QString notPem = file(QStringLiteral("not.pem"));
        QVERIFY(writeFile(notPem, "no certificates here\n"));
        QCOMPARE(verifier.loadTrustAnchorsPem(notPem).error().code, ErrorCode::InvalidInput);
        QCOMPARE(verifier.trustAnchors().size(), 1); // unchanged
        const QString both = file(QStringLiteral("both.pem"));
        QVERIFY(writeFile(both,
                          readAll(m_fixture.pkiFile(QStringLiteral("ca-root.pem")))
                              + readAll(m_fixture.pkiFile(QStringLiteral("qca.pem")))));
        QVERIFY(verifier.loadTrustAnchorsPem(both).ok());
        QCOMPARE(verifier.trustAnchors().size(), 2);
        QCOMPARE(verifier.trustAnchors().at(1).der(), m_issuingCa.der());
    }
};

QTEST_GUILESS_MAIN(tst_CadesVerifier)
#include "tst_CadesVerifier.moc"
