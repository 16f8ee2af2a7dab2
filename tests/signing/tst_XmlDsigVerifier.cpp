// SPDX-License-Identifier: GPL-3.0-or-later
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TestClock.h"
#include "TestOcsp.h"
#include "TestOcspServer.h"
#include "XmlsecOracle.h"
#include "core/Clock.h"
#include "signing/OpenSsl.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/verify/HttpRevocationFetcher.h"
#include "signing/xml/XmlDsigSigner.h"
#include "signing/xml/XmlDsigVerifier.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/pem.h>

using namespace dms;
using dms::test::pemCertificate;
using dms::test::readAll;
using dms::test::writeFile;
using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;

Q_DECLARE_METATYPE(dms::SignatureReport::Indication)
Q_DECLARE_METATYPE(dms::SignatureReport::SubIndication)

namespace {

const QByteArray s_document
    = QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<Order xmlns=\"urn:test:order\" xmlns:x=\"urn:test:extra\" Id=\"order\">"
                        "<Item x:code=\"A-1\" quantity=\"2\">Хартия А4</Item>"
                        "<Total currency=\"BGN\">24.00</Total>"
                        "</Order>");

QString dataFile(const QString &name)
{
    return QStringLiteral(DMS_SIGNING_DATA_DIR "/") + name;
}

/** xmlsec1 template: XMLDSig with empty DigestValue/SignatureValue for xmlsec1 --sign. */
QByteArray xmlsecTemplate(const char *signatureMethod, const char *digestMethod, const char *c14n)
{
    return QByteArrayLiteral(
               "<?xml version=\"1.0\"?>\n<Order xmlns=\"urn:test:order\" xmlns:x=\"urn:test:extra\">"
               "<Item x:code=\"A-1\">Хартия</Item>\n"
               "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo>"
               "<CanonicalizationMethod Algorithm=\"")
        + c14n + "\"/><SignatureMethod Algorithm=\"" + signatureMethod
        + "\"/><Reference URI=\"\"><Transforms>"
          "<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
          "<Transform Algorithm=\""
        + c14n + "\"/></Transforms><DigestMethod Algorithm=\"" + digestMethod
        + "\"/><DigestValue/></Reference></SignedInfo><SignatureValue/>"
          "<KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature></Order>\n";
}

} // namespace

class tst_XmlDsigVerifier : public QObject
{
    Q_OBJECT

private:
    QString file(const QString &name) const { return m_work.filePath(name); }

    XmlDsigVerifier verifier(const Clock &clock) const
    {
        XmlDsigVerifier verifier(clock);
        verifier.setTrustAnchors({m_root});
        return verifier;
    }

    QByteArray sign(const QByteArray &xml, const XmlSignatureOptions &options = {})
    {
        XmlDsigSigner signer(*m_seal, m_clock);
        auto result = signer.signEnveloped(xml, options);
        return result ? *result : QByteArray();
    }

    /** A verifier that asks the loopback OCSP responder / CRL server and requires an answer. */
    XmlDsigVerifier onlineVerifier() const
    {
        XmlDsigVerifier v = verifier(m_clock);
        ValidationPolicy policy = XmlDsigVerifier::defaultPolicy();
        policy.revocationRequired = true;
        v.setPolicy(policy);
        v.setRevocationFetcher(const_cast<HttpRevocationFetcher *>(&m_fetcher));
        return v;
    }

    /** The fixture's revoked-signer (software P-256 key, qualified certificate). */
    std::unique_ptr<SoftwareSigningKey> revokedSignerKey() const
    {
        const QString base = m_fixture.pkiFile(QStringLiteral("revoked-signer"));
        OpenSsl::BioPtr bio(BIO_new_file(QFile::encodeName(base + QStringLiteral(".key")).constData(), "r"));
        OpenSsl::PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
        if (!pkey)
            return nullptr;
        auto key
            = SoftwareSigningKey::fromKey(pkey.get(), pemCertificate(base + QStringLiteral(".pem")), m_clock);
        return key ? std::move(*key) : nullptr;
    }

    SoftHsmFixture m_fixture;
    QTemporaryDir m_work;
    SystemClock m_clock;
    TestOcsp m_ocsp;
    TestOcspServer m_server {m_ocsp};
    HttpRevocationFetcher m_fetcher {2};
    std::unique_ptr<SoftwareSigningKey> m_seal;
    CertificateInfo m_root;
    QByteArray m_signed; // s_document, XAdES-B, SHA-256
    QByteArray m_signedById; // s_document, URI="#order"

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable() || !test::hasXmlsec())
            QSKIP("softhsm2-util or xmlsec1 is not installed");
        QVERIFY(m_work.isValid());
        // The certificates name the loopback server in their AIA and CDP.
        QVERIFY(m_server.start());
        qputenv("QES_HTTP_PORT", QByteArray::number(m_server.port()));
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        auto seal = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                       "seal-pass", m_clock);
        QVERIFY2(seal.ok(), qPrintable(seal.error().toString()));
        m_seal = std::move(*seal);
        m_root = pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")));
        const QString loaded = m_ocsp.load(m_fixture.pkiFile(QString()));
        QVERIFY2(loaded.isEmpty(), qPrintable(loaded));
        m_server.setFile(QStringLiteral("/qca.crl"),
                         readAll(m_fixture.pkiFile(QStringLiteral("qca.crl.der"))));
        m_server.setFile(QStringLiteral("/root.crl"),
                         readAll(m_fixture.pkiFile(QStringLiteral("root.crl.der"))));
        XmlSignatureOptions xades;
        xades.form = XmlSignatureOptions::Form::XadesBaselineB;
        xades.extraCertificates = m_seal->caCertificates();
        m_signed = sign(s_document, xades);
        QVERIFY(!m_signed.isEmpty());
        XmlSignatureOptions byId;
        byId.referenceId = QStringLiteral("order");
        byId.extraCertificates = m_seal->caCertificates();
        m_signedById = sign(s_document, byId);
        QVERIFY(!m_signedById.isEmpty());
    }

    void passesOwnSignature()
    {
        const XmlVerification result = verifier(m_clock).verify(m_signed);
        const SignatureReport &report = result.report;
        QVERIFY2(report.isPassed(), qPrintable(report.errors.join(QLatin1Char('\n'))));
        QCOMPARE(report.format, QStringLiteral("XAdES-BASELINE-B"));
        QCOMPARE(report.signer.der(), m_seal->certificate().der());
        QVERIFY(qAbs(report.signingTime.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(report.level != SignatureReport::SignatureLevel::NotApplicable);
        QVERIFY(result.coversWholeDocument);
        QVERIFY(result.signedContent.contains("Хартия А4"));
        QVERIFY(!result.signedContent.contains("Signature"));
    }

    void verifiesXmlsecSignatures_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<QByteArray>("signatureMethod");
        QTest::addColumn<QByteArray>("digestMethod");
        QTest::addColumn<QByteArray>("c14n");
        QTest::newRow("rsa-sha256 exc")
            << QStringLiteral("seal") << QByteArray("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
            << QByteArray("http://www.w3.org/2001/04/xmlenc#sha256")
            << QByteArray("http://www.w3.org/2001/10/xml-exc-c14n#");
        QTest::newRow("rsa-sha1 inclusive")
            << QStringLiteral("seal") << QByteArray("http://www.w3.org/2000/09/xmldsig#rsa-sha1")
            << QByteArray("http://www.w3.org/2000/09/xmldsig#sha1")
            << QByteArray("http://www.w3.org/TR/2001/REC-xml-c14n-20010315");
        QTest::newRow("ecdsa-sha256") << QStringLiteral("revoked-signer")
                                      << QByteArray("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256")
                                      << QByteArray("http://www.w3.org/2001/04/xmlenc#sha256")
                                      << QByteArray("http://www.w3.org/2001/10/xml-exc-c14n#");
    }
    void verifiesXmlsecSignatures()
    {
        QFETCH(QString, keyName);
        QFETCH(QByteArray, signatureMethod);
        QFETCH(QByteArray, digestMethod);
        QFETCH(QByteArray, c14n);
        const QString templatePath = file(keyName + QStringLiteral("-template.xml"));
        const QString signedPath
            = file(keyName + QStringLiteral("-")
                   + QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_'))
                   + QStringLiteral(".xml"));
        QVERIFY(writeFile(
            templatePath,
            xmlsecTemplate(signatureMethod.constData(), digestMethod.constData(), c14n.constData())));
        const auto signedByXmlsec
            = test::xmlsec({QStringLiteral("--sign"), QStringLiteral("--privkey-pem"),
                            m_fixture.pkiFile(keyName + QStringLiteral(".key")) + QLatin1Char(',')
                                + m_fixture.pkiFile(keyName + QStringLiteral(".pem")),
                            QStringLiteral("--output"), signedPath, templatePath});
        QVERIFY2(signedByXmlsec.exitCode == 0, qPrintable(signedByXmlsec.output));
        XmlDsigVerifier strict = verifier(m_clock);
        strict.setTrustAnchors({m_root, pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")))});
        XmlVerificationOptions options = XmlVerificationOptions::article18();
        strict.setOptions(options);
        const XmlVerification result = strict.verify(readAll(signedPath));
        QVERIFY2(result.report.isPassed(), qPrintable(result.report.errors.join(QLatin1Char('\n'))));
        QCOMPARE(result.report.format, QStringLiteral("XMLDSig"));

        // The same document with a changed attribute fails on the digest.
        QByteArray tampered = readAll(signedPath);
        tampered.replace("x:code=\"A-1\"", "x:code=\"A-2\"");
        const XmlVerification broken = strict.verify(tampered);
        QCOMPARE(broken.report.indication, Indication::TotalFailed);
        QCOMPARE(broken.report.subIndication, SubIndication::HashFailure);
        QVERIFY(broken.signedContent.isEmpty());
    }

    void seosSamples_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<bool>("anchorIsSigner");
        QTest::addColumn<Indication>("indication");
        QTest::addColumn<SubIndication>("subIndication");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime august2021(QDate(2021, 8, 25), QTime(12, 0), Qt::UTC);
        const QString real = QStringLiteral("seos-real-status-response-rsa-sha1.xml");
        // Crypto is intact; the StampIT issuer is not configured: no chain.
        QTest::newRow("real, no anchor")
            << real << now << false << Indication::Indeterminate << SubIndication::NoCertificateChainFound;
        // Trusting the transport certificate itself (as the participant registry does): expired now.
        QTest::newRow("real, expired now")
            << real << now << true << Indication::Indeterminate << SubIndication::OutOfBoundsNoPoe;
        // At the time it was sent it was valid.
        QTest::newRow("real, August 2021")
            << real << august2021 << true << Indication::TotalPassed << SubIndication::None;
        QTest::newRow("synthetic sha1") << QStringLiteral("seos-synthetic-registration-rsa-sha1.xml")
                                        << QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC) << true
                                        << Indication::TotalPassed << SubIndication::None;
        QTest::newRow("synthetic sha256") << QStringLiteral("seos-synthetic-registration-rsa-sha256.xml")
                                          << QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC) << true
                                          << Indication::TotalPassed << SubIndication::None;
    }
    void seosSamples()
    {
        QFETCH(QString, name);
        QFETCH(QDateTime, at);
        QFETCH(bool, anchorIsSigner);
        QFETCH(Indication, indication);
        QFETCH(SubIndication, subIndication);
        const QByteArray message = readAll(dataFile(name));
        QVERIFY(!message.isEmpty());
        TestClock clock(at);
        XmlDsigVerifier verifier(clock);
        verifier.setOptions(XmlVerificationOptions::article18());
        const XmlVerification first = verifier.verify(message);
        if (anchorIsSigner)
            verifier.setTrustAnchors({first.report.signer});
        const XmlVerification result = verifier.verify(message);
        QCOMPARE(result.report.indication, indication);
        QCOMPARE(result.report.subIndication, subIndication);
        QVERIFY(result.coversWholeDocument);
        QVERIFY(result.signedContent.startsWith("<Message"));
        // KeyInfo has the certificate twice (.NET habit); the first one is the signer's.
        QVERIFY(!result.certificates.isEmpty());
        QCOMPARE(result.report.signer.der(), result.certificates.first().der());

        // SHA-1 is refused without the Article 18 option.
        if (name.contains(QLatin1String("sha1"))) {
            verifier.setOptions({});
            const XmlVerification strict = verifier.verify(message);
            QCOMPARE(strict.report.indication, Indication::Indeterminate);
            QCOMPARE(strict.report.subIndication, SubIndication::CryptoConstraintsFailure);
        }
        // Any change to the message breaks it.
        QByteArray tampered = message;
        tampered.replace("DS_WAIT_REGISTRATION", "DS_REGISTERED_XXXXX")
            .replace("<Version>1.0", "<Version>1.1");
        verifier.setOptions(XmlVerificationOptions::article18());
        QCOMPARE(verifier.verify(tampered).report.subIndication, SubIndication::HashFailure);
    }

    void refusesAttacks_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<bool>("requireWholeDocument");
        QTest::addColumn<Indication>("indication");
        QTest::addColumn<SubIndication>("subIndication");
        const QByteArray s = m_signed;
        const QByteArray id = m_signedById;
        auto row = [](const char *name, const QByteArray &xml, SubIndication sub,
                      Indication ind = Indication::TotalFailed, bool whole = false) {
            QTest::newRow(name) << xml << whole << ind << sub;
        };

        row("tampered text", QByteArray(s).replace("24.00", "94.00"), SubIndication::HashFailure);
        row("tampered attribute", QByteArray(s).replace("currency=\"BGN\"", "currency=\"EUR\""),
            SubIndication::HashFailure);
        row("added attribute", QByteArray(s).replace("<Total ", "<Total discount=\"1\" "),
            SubIndication::HashFailure);
        {
            QByteArray wrongDigest = s;
            const int at = wrongDigest.indexOf("<ds:DigestValue>") + 16;
            wrongDigest[at] = wrongDigest.at(at) == 'A' ? 'B' : 'A';
            row("wrong digest value", wrongDigest, SubIndication::HashFailure);
        }
        {
            QByteArray wrongValue = s;
            const int at = wrongValue.indexOf("<ds:SignatureValue>") + 19;
            wrongValue[at] = wrongValue.at(at) == 'A' ? 'B' : 'A';
            row("wrong signature value", wrongValue, SubIndication::SigCryptoFailure);
        }
        row("tampered signing time", QByteArray(s).replace("<xades:SigningTime>20", "<xades:SigningTime>19"),
            SubIndication::HashFailure);
        row("malformed base64 digest", QByteArray(s).replace("</ds:DigestValue>", "%%</ds:DigestValue>"),
            SubIndication::FormatFailure);
        row("malformed base64 signature",
            QByteArray(s).replace("</ds:SignatureValue>", "*</ds:SignatureValue>"),
            SubIndication::FormatFailure);
        row("malformed certificate",
            QByteArray(s).replace("<ds:X509Certificate>", "<ds:X509Certificate>AAAA"),
            SubIndication::FormatFailure);

        // Wrapping: the signed element moved under a wrapper and an unsigned one in its place.
        {
            QByteArray wrapped = id;
            const int start = wrapped.indexOf("<Order");
            const QByteArray original = wrapped.mid(start);
            wrapped = wrapped.left(start)
                + "<Wrapper xmlns=\"urn:test:order\"><Order Id=\"order\"><Total>0.01</Total></Order>"
                + original.trimmed() + "</Wrapper>";
            row("duplicate id", wrapped, SubIndication::FormatFailure);
        }
        {
            // The Signature moved out of the element it signs (next to it, under a wrapper).
            QByteArray moved = id;
            const int sigStart = moved.indexOf("<ds:Signature");
            const int sigEnd = moved.indexOf("</ds:Signature>") + 15;
            const QByteArray signature = moved.mid(sigStart, sigEnd - sigStart);
            moved.remove(sigStart, sigEnd - sigStart);
            moved.replace("<Order xmlns=\"urn:test:order\"", "<Wrapper xmlns=\"urn:test:order\"><Order");
            moved.replace("</Order>", QByteArray("</Order>" + signature + "</Wrapper>"));
            row("moved signature", moved, SubIndication::FormatFailure);
        }
        {
            // A second, unsigned document element next to the signed one: whole-document required.
            QByteArray second = id;
            second.replace("<Order xmlns=\"urn:test:order\"", "<Envelope xmlns=\"urn:test:order\"><Order");
            second.replace("</Order>", "</Order><Order><Total>0.01</Total></Order></Envelope>");
            row("second unsigned element", second, SubIndication::FormatFailure, Indication::TotalFailed,
                true);
        }
        row("id reference where whole document required", id, SubIndication::FormatFailure,
            Indication::TotalFailed, true);
        row("two signatures",
            QByteArray(s).replace(
                "</Order>",
                QByteArray(s.mid(s.indexOf("<ds:Signature"),
                                 s.indexOf("</ds:Signature>") + 15 - s.indexOf("<ds:Signature"))
                           + "</Order>")),
            SubIndication::FormatFailure);
        row("unsigned", s_document, SubIndication::FormatFailure);
        row("external reference",
            QByteArray(id).replace("URI=\"#order\"", "URI=\"http://127.0.0.1:9/evil.xml\""),
            SubIndication::FormatFailure);
        row("xpath transform",
            QByteArray(s).replace("http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>",
                                  "http://www.w3.org/TR/1999/REC-xpath-19991116\"/></ds:Transforms>"),
            SubIndication::FormatFailure);

        // Hostile parser input.
        row("xxe",
            QByteArrayLiteral(
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>"),
            SubIndication::FormatFailure);
        row("billion laughs",
            QByteArrayLiteral(
                "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
                "<lolz>&lol9;</lolz>"),
            SubIndication::FormatFailure);
        row("external dtd",
            QByteArrayLiteral("<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:9/r.dtd\"><r/>"),
            SubIndication::FormatFailure);
        // The signed document with a DOCTYPE smuggled in front: refused before anything else.
        row("signed with doctype",
            QByteArray(s).replace("?>\n<Order",
                                  "?>\n<!DOCTYPE Order [<!ATTLIST Total Id ID #IMPLIED>]><Order"),
            SubIndication::FormatFailure);
        row("malformed xml", s.left(s.size() / 2), SubIndication::FormatFailure);
        row("undefined entity", QByteArrayLiteral("<r>&undefined;</r>"), SubIndication::FormatFailure);
    }
    void refusesAttacks()
    {
        QFETCH(QByteArray, xml);
        QFETCH(bool, requireWholeDocument);
        QFETCH(Indication, indication);
        QFETCH(SubIndication, subIndication);
        XmlDsigVerifier v = verifier(m_clock);
        XmlVerificationOptions options;
        options.requireWholeDocument = requireWholeDocument;
        v.setOptions(options);
        QElapsedTimer timer;
        timer.start();
        const XmlVerification result = v.verify(xml);
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(result.report.indication, indication);
        QCOMPARE(result.report.subIndication, subIndication);
        QVERIFY(!result.report.errors.isEmpty());
        QVERIFY(result.signedContent.isEmpty());
    }

    void idReferenceReportsPart()
    {
        const XmlVerification result = verifier(m_clock).verify(m_signedById);
        QVERIFY2(result.report.isPassed(), qPrintable(result.report.errors.join(QLatin1Char('\n'))));
        QCOMPARE(result.signedElementId, QStringLiteral("order"));
        QVERIFY(result.coversWholeDocument); // Id is on the document element
        QVERIFY(result.signedContent.startsWith("<Order"));
    }

    void refusesOversizedInput()
    {
        XmlDsigVerifier v = verifier(m_clock);
        XmlVerificationOptions options;
        options.maxInputBytes = 1024;
        v.setOptions(options);
        const XmlVerification result = v.verify(m_signed + QByteArray(2048, ' '));
        QCOMPARE(result.report.indication, Indication::TotalFailed);
        QCOMPARE(result.report.subIndication, SubIndication::FormatFailure);
    }

    void untrustedAndExpired()
    {
        XmlDsigVerifier none(m_clock);
        QCOMPARE(none.verify(m_signed).report.subIndication, SubIndication::NoCertificateChainFound);
        TestClock later(QDateTime::currentDateTimeUtc().addYears(5));
        XmlDsigVerifier expired = verifier(later);
        const XmlVerification result = expired.verify(m_signed);
        QCOMPARE(result.report.indication, Indication::Indeterminate);
        QCOMPARE(result.report.subIndication, SubIndication::OutOfBoundsNoPoe);
    }

    void revocationCheckedOnline()
    {
        // The e-seal is CRL-only: its CRL and the root's come from the loopback server.
        const XmlVerification result = onlineVerifier().verify(m_signed);
        QVERIFY2(result.report.isPassed(), qPrintable(result.report.errors.join(QLatin1Char('\n'))));
        QVERIFY2(result.report.notes.join(QLatin1Char(' ')).contains(QLatin1String("is not revoked")),
                 qPrintable(result.report.notes.join(QLatin1Char('\n'))));
        // Without a fetcher the missing status is only a warning (the default policy).
        const XmlVerification offline = verifier(m_clock).verify(m_signed);
        QVERIFY(offline.report.isPassed());
        QVERIFY(!offline.report.warnings.isEmpty());
    }

    void revocationUnavailableIsIndeterminate()
    {
        QVERIFY(m_server.setDown(true));
        const XmlVerification result = onlineVerifier().verify(m_signed);
        QVERIFY(m_server.setDown(false));
        QCOMPARE(result.report.indication, Indication::Indeterminate);
        QCOMPARE(result.report.subIndication, SubIndication::TryLater);
    }

    void revokedSigner_data()
    {
        QTest::addColumn<qint64>("revokedSecsAfterSigning");
        QTest::addColumn<Indication>("indication");
        QTest::addColumn<SubIndication>("subIndication");
        QTest::addRow("revoked before the claimed signing time")
            << qint64(-3600) << Indication::TotalFailed << SubIndication::Revoked;
        QTest::addRow("revoked after the claimed signing time")
            << qint64(3600) << Indication::Indeterminate << SubIndication::RevokedNoPoe;
    }

    void revokedSigner()
    {
        QFETCH(qint64, revokedSecsAfterSigning);
        QFETCH(Indication, indication);
        QFETCH(SubIndication, subIndication);
        auto key = revokedSignerKey();
        QVERIFY(key);
        XmlSignatureOptions xades;
        xades.form = XmlSignatureOptions::Form::XadesBaselineB;
        xades.extraCertificates = {pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")))};
        auto signedXml = XmlDsigSigner(*key, m_clock).signEnveloped(s_document, xades);
        QVERIFY2(signedXml.ok(), qPrintable(signedXml.error().toString()));
        const QDateTime signedAt = QDateTime::currentDateTimeUtc();
        m_ocsp.setEntry(key->certificate(),
                        {TestOcsp::Entry::Status::Revoked, signedAt.addSecs(revokedSecsAfterSigning), 1});
        const XmlVerification result = onlineVerifier().verify(*signedXml);
        m_ocsp.clearEntries();
        QCOMPARE(result.report.indication, indication);
        QCOMPARE(result.report.subIndication, subIndication);
        QCOMPARE(result.report.level, SignatureReport::SignatureLevel::NotApplicable);
        QVERIFY2(result.report.errors.join(QLatin1Char(' ')).contains(QLatin1String("revoked")),
                 qPrintable(result.report.errors.join(QLatin1Char('\n'))));
        if (indication == Indication::TotalFailed)
            QVERIFY(result.signedContent.isEmpty());
    }

    void loadsAnchorsFromPem()
    {
        XmlDsigVerifier v(m_clock);
        QVERIFY(v.loadTrustAnchorsPem(m_fixture.pkiFile(QStringLiteral("ca-root.pem"))).ok());
        QVERIFY(v.verify(m_signed).report.isPassed());
        QVERIFY(!v.loadTrustAnchorsPem(file(QStringLiteral("missing.pem"))).ok());
        QCOMPARE(v.trustAnchors().size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_XmlDsigVerifier)
#include "tst_XmlDsigVerifier.moc"
