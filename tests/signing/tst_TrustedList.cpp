// SPDX-License-Identifier: GPL-3.0-or-later
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TestClock.h"
#include "XmlsecOracle.h"
#include "core/Clock.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/trust/TrustedList.h"
#include "signing/xml/XmlDsigSigner.h"
#include "signing/xml/XmlDsigVerifier.h"

#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using dms::test::pemCertificate;
using dms::test::readAll;
using dms::test::writeFile;
using QStatus = QualificationSource::Status;

Q_DECLARE_METATYPE(dms::QualificationSource::Status)

namespace {

QByteArray base64(const CertificateInfo &certificate)
{
    return certificate.der().toBase64();
}

/** A TS 119 612 list: "Test QTSP AD" with its issuing CA as CA/QC (granted since 2020,
 *  withdrawn from 2035 in a future history entry is not possible, so: withdrawn now,
 *  granted 2020..2030 in the history when @p withdrawn), and the root as a non-qualified CA/PKC. */
QByteArray trustedList(const CertificateInfo &qca, const CertificateInfo &root, bool withdrawn,
                       const QByteArray &asi)
{
    const QByteArray status = withdrawn
        ? QByteArrayLiteral("<tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn</"
                            "tsl:ServiceStatus>"
                            "<tsl:StatusStartingTime>2030-01-01T00:00:00Z</tsl:StatusStartingTime>")
        : QByteArrayLiteral(
            "<tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</tsl:ServiceStatus>"
            "<tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime>");
    const QByteArray history = withdrawn
        ? QByteArrayLiteral(
            "<tsl:ServiceHistory><tsl:ServiceHistoryInstance>"
            "<tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>"
            "<tsl:ServiceName><tsl:Name xml:lang=\"en\">Test QCA</tsl:Name></tsl:ServiceName>"
            "<tsl:ServiceDigitalIdentity/>"
            "<tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</tsl:ServiceStatus>"
            "<tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime>"
            "</tsl:ServiceHistoryInstance></tsl:ServiceHistory>")
        : QByteArray();
    return QByteArrayLiteral(
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<tsl:TrustServiceStatusList xmlns:tsl=\"http://uri.etsi.org/02231/v2#\" "
               "xmlns:ecc=\"http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#\" "
               "Id=\"tsl\" TSLTag=\"http://uri.etsi.org/19612/TSLTag\">"
               "<tsl:SchemeInformation><tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>"
               "<tsl:TSLSequenceNumber>42</tsl:TSLSequenceNumber>"
               "<tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</tsl:TSLType>"
               "<tsl:SchemeTerritory>BG</tsl:SchemeTerritory>"
               "<tsl:ListIssueDateTime>2026-11-01T00:00:00Z</tsl:ListIssueDateTime>"
               "<tsl:NextUpdate><tsl:dateTime>2027-05-01T00:00:00Z</tsl:dateTime></tsl:NextUpdate>"
               "</tsl:SchemeInformation><tsl:TrustServiceProviderList><tsl:TrustServiceProvider>"
               "<tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang=\"bg\">Тест КДУУ АД</tsl:Name>"
               "<tsl:Name xml:lang=\"en\">Test QTSP "
               "AD</tsl:Name></tsl:TSPName></tsl:TSPInformation><tsl:TSPServices>"
               "<tsl:TSPService><tsl:ServiceInformation>"
               "<tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</"
               "tsl:ServiceTypeIdentifier>"
               "<tsl:ServiceName><tsl:Name xml:lang=\"en\">Test QCA</tsl:Name></tsl:ServiceName>"
               "<tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>")
        + base64(qca) + "</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>" + status
        + "<tsl:ServiceInformationExtensions><tsl:Extension "
          "Critical=\"true\"><tsl:AdditionalServiceInformation>"
          "<tsl:URI>"
        + asi
        + "</tsl:URI></tsl:AdditionalServiceInformation></tsl:Extension>"
          "<tsl:Extension Critical=\"true\"><ecc:Qualifications><ecc:QualificationElement><ecc:Qualifiers>"
          "<ecc:Qualifier uri=\"http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithSSCD\"/>"
          "</ecc:Qualifiers></ecc:QualificationElement></ecc:Qualifications></tsl:Extension>"
          "</tsl:ServiceInformationExtensions></tsl:ServiceInformation>"
        + history
        + "</tsl:TSPService><tsl:TSPService><tsl:ServiceInformation>"
          "<tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/PKC</tsl:ServiceTypeIdentifier>"
          "<tsl:ServiceName><tsl:Name xml:lang=\"en\">Test Root</tsl:Name></tsl:ServiceName>"
          "<tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>"
        + base64(root)
        + "</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>"
          "<tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</tsl:ServiceStatus>"
          "<tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime>"
          "</tsl:ServiceInformation></tsl:TSPService></tsl:TSPServices></tsl:TrustServiceProvider>"
          "</tsl:TrustServiceProviderList></tsl:TrustServiceStatusList>\n";
}

const QByteArray s_foreSignatures("http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures");

} // namespace

class tst_TrustedList : public QObject
{
    Q_OBJECT

private:
    QString file(const QString &name) const { return m_work.filePath(name); }

    QByteArray signList(const QByteArray &xml)
    {
        XmlSignatureOptions options;
        options.form = XmlSignatureOptions::Form::XadesBaselineB;
        options.extraCertificates = m_seal->caCertificates();
        XmlDsigSigner signer(*m_seal, m_clock);
        auto signedList = signer.signEnveloped(xml, options);
        return signedList ? *signedList : QByteArray();
    }

    SoftHsmFixture m_fixture;
    QTemporaryDir m_work;
    SystemClock m_clock;
    std::unique_ptr<SoftwareSigningKey> m_seal;
    CertificateInfo m_root;
    CertificateInfo m_qca;
    QByteArray m_list;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable() || !test::hasXmlsec())
            QSKIP("softhsm2-util or xmlsec1 is not installed");
        QVERIFY(m_work.isValid());
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        auto seal = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                       "seal-pass", m_clock);
        QVERIFY2(seal.ok(), qPrintable(seal.error().toString()));
        m_seal = std::move(*seal);
        m_root = pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")));
        m_qca = pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")));
        m_list = signList(trustedList(m_qca, m_root, false, s_foreSignatures));
        QVERIFY(!m_list.isEmpty());
    }

    void xmlsecVerifiesTheList()
    {
        QVERIFY(writeFile(file(QStringLiteral("tsl.xml")), m_list));
        const auto verified = test::xmlsecVerify(file(QStringLiteral("tsl.xml")),
                                                 m_fixture.pkiFile(QStringLiteral("ca-root.pem")),
                                                 m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY2(verified.ok(), qPrintable(verified.output));
    }

    void parsesTheList()
    {
        auto list = TrustedList::load(m_list, {m_seal->certificate()}, m_clock);
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));
        QCOMPARE(list->territory(), QStringLiteral("BG"));
        QCOMPARE(list->sequenceNumber(), 42);
        QCOMPARE(list->issueDate(), QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(list->nextUpdate(), QDateTime(QDate(2027, 5, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(list->signer().der(), m_seal->certificate().der());
        QCOMPARE(list->providers().size(), 1);
        const TrustedList::Provider provider = list->providers().first();
        QCOMPARE(provider.name, QStringLiteral("Test QTSP AD"));
        QCOMPARE(provider.services.size(), 2);
        const TrustedList::Service qca = provider.services.first();
        QCOMPARE(qca.typeIdentifier, TrustedList::caQcServiceType());
        QCOMPARE(qca.name, QStringLiteral("Test QCA"));
        QCOMPARE(qca.certificates.size(), 1);
        QCOMPARE(qca.certificates.first().der(), m_qca.der());
        QCOMPARE(qca.statusHistory.size(), 1);
        QCOMPARE(qca.statusHistory.first().status, TrustedList::grantedStatus());
        QCOMPARE(qca.additionalInformation, QStringList {QString::fromLatin1(s_foreSignatures)});
        QCOMPARE(
            qca.qualifiers,
            QStringList {QStringLiteral("http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithSSCD")});
    }

    void statusOf_data()
    {
        QTest::addColumn<bool>("withdrawn");
        QTest::addColumn<QByteArray>("asi");
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QStatus>("expected");
        const QDateTime y2026(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC);
        const QDateTime y2019(QDate(2019, 6, 1), QTime(0, 0), Qt::UTC);
        const QDateTime y2031(QDate(2031, 6, 1), QTime(0, 0), Qt::UTC);
        const QByteArray seals("http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals");
        QTest::newRow("granted") << false << s_foreSignatures << "qca" << y2026 << QStatus::Qualified;
        QTest::newRow("before granted")
            << false << s_foreSignatures << "qca" << y2019 << QStatus::NotQualified;
        QTest::newRow("history: granted then")
            << true << s_foreSignatures << "qca" << y2026 << QStatus::Qualified;
        QTest::newRow("history: withdrawn now")
            << true << s_foreSignatures << "qca" << y2031 << QStatus::NotQualified;
        QTest::newRow("for seals only") << false << seals << "qca" << y2026 << QStatus::NotQualified;
        QTest::newRow("not CA/QC") << false << s_foreSignatures << "root" << y2026 << QStatus::NotQualified;
        QTest::newRow("not listed") << false << s_foreSignatures << "seal" << y2026 << QStatus::Unknown;
    }
    void statusOf()
    {
        QFETCH(bool, withdrawn);
        QFETCH(QByteArray, asi);
        QFETCH(QString, issuer);
        QFETCH(QDateTime, at);
        QFETCH(QStatus, expected);
        auto list = TrustedList::load(signList(trustedList(m_qca, m_root, withdrawn, asi)),
                                      {m_seal->certificate()}, m_clock);
        QVERIFY2(list.ok(), qPrintable(list.error().toString()));
        const CertificateInfo certificate = issuer == QLatin1String("qca") ? m_qca
            : issuer == QLatin1String("root")                              ? m_root
                                                                           : m_seal->certificate();
        QCOMPARE(list->statusOf(certificate, at), expected);
    }

    void confirmsLevelInVerifier()
    {
        auto list = TrustedList::load(m_list, {m_seal->certificate()}, m_clock);
        QVERIFY(list.ok());
        XmlDsigVerifier verifier(m_clock);
        verifier.setTrustAnchors({m_root});
        verifier.setQualificationSource(&*list);
        const XmlVerification result = verifier.verify(m_list); // the list is itself an e-sealed document
        QVERIFY2(result.report.isPassed(), qPrintable(result.report.errors.join(QLatin1Char('\n'))));
        const CertificateInfo seal = m_seal->certificate();
        const auto expected = !seal.isQcCompliant() ? SignatureReport::SignatureLevel::AdES
            : seal.isQcSscd()                       ? SignatureReport::SignatureLevel::Qes
                                                    : SignatureReport::SignatureLevel::AdESQc;
        QCOMPARE(result.report.level, expected);

        // A list that withdrew the issuer long ago: the QcStatements alone are not enough.
        TestClock later(QDateTime::currentDateTimeUtc());
        auto withdrawn = TrustedList::load(signList(trustedList(m_qca, m_root, true, s_foreSignatures)),
                                           {m_seal->certificate()}, m_clock);
        QVERIFY(withdrawn.ok());
        // Status at 2026 is still granted (withdrawn from 2030): the level stays.
        verifier.setQualificationSource(&*withdrawn);
        QCOMPARE(verifier.verify(m_list).report.level, expected);
    }

    void refusesBadLists_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("signer");
        QTest::addColumn<ErrorCode>("code");
        const QByteArray &list = m_list;
        QTest::newRow("tampered") << QByteArray(list).replace("Svcstatus/granted", "Svcstatus/grantee")
                                  << "seal" << ErrorCode::Corrupt;
        QTest::newRow("tampered certificate")
            << QByteArray(list).replace(base64(m_qca), base64(m_root)) << "seal" << ErrorCode::Corrupt;
        QTest::newRow("wrong signer") << list << "root" << ErrorCode::Corrupt;
        QTest::newRow("unsigned") << trustedList(m_qca, m_root, false, s_foreSignatures) << "seal"
                                  << ErrorCode::Corrupt;
        QTest::newRow("malformed") << list.left(list.size() / 2) << "seal" << ErrorCode::InvalidInput;
        QTest::newRow("not a list") << QByteArray("<a/>") << "seal" << ErrorCode::InvalidInput;
        QTest::newRow("doctype") << QByteArray(list).replace(
            "?>\n", "?>\n<!DOCTYPE x SYSTEM \"file:///etc/passwd\">\n")
                                 << "seal" << ErrorCode::InvalidInput;
    }
    void refusesBadLists()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, signer);
        QFETCH(ErrorCode, code);
        const CertificateInfo signerCertificate
            = signer == QLatin1String("seal") ? m_seal->certificate() : m_root;
        auto list = TrustedList::load(xml, {signerCertificate}, m_clock);
        QVERIFY(!list.ok());
        QCOMPARE(list.error().code, code);
    }

    void loadsFromFile()
    {
        QVERIFY(writeFile(file(QStringLiteral("file.xml")), m_list));
        QVERIFY(
            TrustedList::loadFile(file(QStringLiteral("file.xml")), {m_seal->certificate()}, m_clock).ok());
        QCOMPARE(TrustedList::loadFile(file(QStringLiteral("none.xml")), {m_seal->certificate()}, m_clock)
                     .error()
                     .code,
                 ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_TrustedList)
#include "tst_TrustedList.moc"
