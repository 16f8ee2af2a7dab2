// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScriptedPinProvider.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "XmlsecOracle.h"
#include "core/Clock.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/TokenSigningKey.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/xml/XmlDsigSigner.h"
#include "signing/xml/XmlDsigVerifier.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using dms::test::pemCertificate;
using dms::test::readAll;
using dms::test::writeFile;

namespace {

const QByteArray s_document = QByteArrayLiteral(
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<Message xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns=\"http://schemas.egov.bg/messaging/v1\">"
    "<Header><Version>1.0</Version><MessageType>MSG_DocumentRegistrationRequest</MessageType></Header>\n"
    "  <Body Id=\"body-1\"><Text xml:lang=\"bg\">Изходящ № 1234/23.11.2026 &amp; приложения</Text>"
    "<Empty a=\"1\" b='2'/></Body>\n"
    "</Message>");

} // namespace

class tst_XmlDsigSigner : public QObject
{
    Q_OBJECT

private:
    TokenCertificate tokenCertificate(char id)
    {
        auto all = m_token->certificates();
        if (all)
            for (const TokenCertificate &c : *all)
                if (c.keyId == QByteArray(1, id))
                    return c;
        return {};
    }

    /** "rsa", "ec", "rsa-aa" (token keys 01, 02, 03) or "software" (the e-seal PKCS#12). */
    std::shared_ptr<SigningKey> key(const QString &name)
    {
        if (name == QLatin1String("software")) {
            auto software = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                               "seal-pass", m_clock);
            return software ? std::shared_ptr<SigningKey>(std::move(*software)) : nullptr;
        }
        const char id = name == QLatin1String("rsa") ? '\x01' : name == QLatin1String("ec") ? '\x02' : '\x03';
        return std::make_shared<TokenSigningKey>(m_token, tokenCertificate(id), m_clock);
    }

    QString file(const QString &name) const { return m_work.filePath(name); }

    SoftHsmFixture m_fixture;
    QTemporaryDir m_work;
    std::shared_ptr<ScriptedPinProvider> m_pins = std::make_shared<ScriptedPinProvider>(SoftHsmFixture::pin);
    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    std::shared_ptr<Token> m_token;
    SystemClock m_clock;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable() || !test::hasXmlsec())
            QSKIP("softhsm2-util or xmlsec1 is not installed");
        QVERIFY(m_work.isValid());
        const QString failure = m_fixture.createAndOpen(m_pins, m_provider, m_token);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void cleanupTestCase()
    {
        m_token.reset();
        m_provider.reset();
    }

    void init()
    {
        m_pins->setPin(SoftHsmFixture::pin);
        m_pins->clear();
    }

    void signsAndXmlsecVerifies_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<QString>("profile");
        for (const char *keyName : {"rsa", "ec", "software"})
            for (const char *profile :
                 {"article18-sha1", "article18-sha256", "exclusive-sha256", "xades", "id"})
                QTest::addRow("%s %s", keyName, profile)
                    << QString::fromLatin1(keyName) << QString::fromLatin1(profile);
        // The always-authenticate key: one profile is enough to show the per-signature PIN.
        QTest::addRow("rsa-aa xades") << QStringLiteral("rsa-aa") << QStringLiteral("xades");
    }
    void signsAndXmlsecVerifies()
    {
        QFETCH(QString, keyName);
        QFETCH(QString, profile);
        auto signingKey = key(keyName);
        QVERIFY(signingKey);
        const bool ec = keyName == QLatin1String("ec");
        XmlSignatureOptions options;
        if (profile.startsWith(QLatin1String("article18")))
            options = XmlSignatureOptions::article18(
                profile.endsWith(QLatin1String("sha1")) ? DigestAlgorithm::Sha1 : DigestAlgorithm::Sha256);
        if (profile == QLatin1String("xades"))
            options.form = XmlSignatureOptions::Form::XadesBaselineB;
        if (profile == QLatin1String("id"))
            options.referenceId = QStringLiteral("body-1");
        options.extraCertificates = {pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")))};

        XmlDsigSigner signer(*signingKey, m_clock);
        auto signedXml = signer.signEnveloped(s_document, options);
        QVERIFY2(signedXml.ok(), qPrintable(signedXml.error().toString()));
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), keyName == QLatin1String("rsa-aa") ? 1 : 0);
        const QString path = file(QStringLiteral("%1-%2.xml").arg(keyName, profile));
        QVERIFY(writeFile(path, *signedXml));

        // The oracle.
        const auto verified = test::xmlsecVerify(path, m_fixture.pkiFile(QStringLiteral("ca-root.pem")), {},
                                                 {QStringLiteral("Body")});
        QVERIFY2(verified.ok(), qPrintable(verified.output));

        // Shape: algorithms, prefix, position, nothing re-indented.
        const QString text = QString::fromUtf8(*signedXml);
        const bool sha1 = profile == QLatin1String("article18-sha1") && !ec;
        QCOMPARE(text.contains(QLatin1String("xmldsig#rsa-sha1")), sha1);
        QCOMPARE(text.contains(QLatin1String("ecdsa-sha256")), ec);
        if (profile.startsWith(QLatin1String("article18"))) {
            QVERIFY(text.contains(QLatin1String("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">")));
            QVERIFY(text.contains(QLatin1String("REC-xml-c14n-20010315")));
            QVERIFY(text.endsWith(QLatin1String("</Signature></Message>\n")));
        } else {
            QVERIFY(text.contains(QLatin1String("<ds:Signature")));
        }
        QVERIFY(text.contains(QLatin1String("</Header>\n  <Body Id=\"body-1\">")));
        QVERIFY(text.contains(QStringLiteral("Изходящ № 1234/23.11.2026 &amp; приложения")));
        QCOMPARE(text.contains(QLatin1String("xades:SigningCertificateV2")),
                 profile == QLatin1String("xades"));

        // Our verifier agrees.
        XmlDsigVerifier verifier(m_clock);
        XmlVerificationOptions verifyOptions;
        verifyOptions.acceptSha1 = true;
        verifier.setOptions(verifyOptions);
        verifier.setTrustAnchors({pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")))});
        const XmlVerification result = verifier.verify(*signedXml);
        QVERIFY2(result.report.isPassed(), qPrintable(result.report.errors.join(QLatin1Char('\n'))));
        QCOMPARE(result.report.signer.der(), signingKey->certificate().der());
        QCOMPARE(result.report.format,
                 profile == QLatin1String("xades") ? QStringLiteral("XAdES-BASELINE-B")
                                                   : QStringLiteral("XMLDSig"));
        QCOMPARE(result.coversWholeDocument, profile != QLatin1String("id"));
        QCOMPARE(result.certificates.size(), 2);

        // One character of the signed text changed: the oracle refuses.
        QByteArray tampered = *signedXml;
        tampered.replace("1234/23.11.2026", "1235/23.11.2026");
        const QString tamperedPath = file(QStringLiteral("tampered-%1-%2.xml").arg(keyName, profile));
        QVERIFY(writeFile(tamperedPath, tampered));
        const auto refused = test::xmlsecVerify(
            tamperedPath, m_fixture.pkiFile(QStringLiteral("ca-root.pem")), {}, {QStringLiteral("Body")});
        QVERIFY2(!refused.ok(), qPrintable(refused.output));
    }

    void signsTheSeosSampleLikeDaeu()
    {
        auto signingKey = key(QStringLiteral("software"));
        QVERIFY(signingKey);
        const QByteArray unsignedMessage
            = readAll(QStringLiteral(DMS_SIGNING_DATA_DIR)
                      + QStringLiteral("/seos-synthetic-registration-unsigned.xml"));
        QVERIFY(!unsignedMessage.isEmpty());
        XmlDsigSigner signer(*signingKey, m_clock);
        auto signedXml = signer.signEnveloped(unsignedMessage, XmlSignatureOptions::article18());
        QVERIFY2(signedXml.ok(), qPrintable(signedXml.error().toString()));
        const QString path = file(QStringLiteral("seos-signed.xml"));
        QVERIFY(writeFile(path, *signedXml));
        const auto verified = test::xmlsecVerify(path, m_fixture.pkiFile(QStringLiteral("ca-root.pem")),
                                                 m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY2(verified.ok(), qPrintable(verified.output));
        XmlDsigVerifier verifier(m_clock);
        verifier.setOptions(XmlVerificationOptions::article18());
        verifier.setTrustAnchors({pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")))});
        const XmlVerification result = verifier.verify(*signedXml);
        QVERIFY2(result.report.isPassed(), qPrintable(result.report.errors.join(QLatin1Char('\n'))));
        QVERIFY(result.coversWholeDocument);
        // What was signed is the message without its signature, parsed back the same.
        QVERIFY(result.signedContent.startsWith("<Message"));
        QVERIFY(!result.signedContent.contains("Signature"));
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("referenceId");
        QTest::newRow("malformed") << QByteArrayLiteral("<a><b></a>") << QString();
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("doctype") << QByteArrayLiteral("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>")
                                 << QString();
        QTest::newRow("missing id") << QByteArrayLiteral("<a><b Id=\"x\"/></a>") << QStringLiteral("y");
        QTest::newRow("duplicate id")
            << QByteArrayLiteral("<a><b Id=\"x\"/><c ID=\"x\"/></a>") << QStringLiteral("x");
    }
    void refusesBadInput()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, referenceId);
        auto signingKey = key(QStringLiteral("software"));
        QVERIFY(signingKey);
        XmlDsigSigner signer(*signingKey, m_clock);
        XmlSignatureOptions options;
        options.referenceId = referenceId;
        auto result = signer.signEnveloped(xml, options);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
    }

    void passesTokenErrorsOn()
    {
        auto signingKey = key(QStringLiteral("rsa-aa"));
        XmlDsigSigner signer(*signingKey, m_clock);
        m_pins->setCancel();
        auto cancelled = signer.signEnveloped(s_document);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    }

    void sha1KeyPathsMatchOpenSsl()
    {
        // SHA-1 DigestInfo through the token equals OpenSSL's RSA-SHA1 over the same data.
        auto token = key(QStringLiteral("rsa"));
        const QByteArray data("signed info");
        auto signature = token->signDigest(DigestAlgorithm::Sha1,
                                           QCryptographicHash::hash(data, QCryptographicHash::Sha1));
        QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
        QVERIFY(writeFile(file(QStringLiteral("data.bin")), data));
        QVERIFY(writeFile(file(QStringLiteral("data.sig")), *signature));
        QVERIFY(writeFile(file(QStringLiteral("rsa.der")), token->certificate().der()));
        QProcess openssl;
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(
            QStringLiteral("sh"),
            {QStringLiteral("-c"),
             QStringLiteral("openssl x509 -inform DER -in '%1' -pubkey -noout > '%2' && openssl dgst -sha1 "
                            "-verify '%2' -signature '%3' '%4'")
                 .arg(file(QStringLiteral("rsa.der")), file(QStringLiteral("rsa.pub")),
                      file(QStringLiteral("data.sig")), file(QStringLiteral("data.bin")))});
        QVERIFY(openssl.waitForFinished(30000));
        QVERIFY2(openssl.exitCode() == 0, openssl.readAll().constData());
        // Wrong digest sizes are refused.
        QCOMPARE(token->signDigest(DigestAlgorithm::Sha1, QByteArray(32, 'x')).error().code,
                 ErrorCode::InvalidInput);
        auto software = key(QStringLiteral("software"));
        QCOMPARE(software->signDigest(DigestAlgorithm::Sha256, QByteArray(20, 'x')).error().code,
                 ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_XmlDsigSigner)
#include "tst_XmlDsigSigner.moc"
