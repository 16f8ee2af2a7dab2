// SPDX-License-Identifier: GPL-3.0-or-later
// Certificate validation of CAdES signatures: chain, key usage, expiry, revocation
// (embedded OCSP/CRL, then an in-process OCSP responder and CRLs on a loopback HTTP
// server, reached through the library's real HttpRevocationFetcher) and qualification.
#include "ScriptedPinProvider.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TestClock.h"
#include "TestOcsp.h"
#include "TestOcspServer.h"
#include "TestTsa.h"
#include "core/Clock.h"
#include "signing/CadesInspector.h"
#include "signing/CadesSigner.h"
#include "signing/OpenSsl.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/TokenSigningKey.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"
#include "signing/verify/HttpRevocationFetcher.h"
#include "signing/verify/QualificationSource.h"
#include "signing/verify/RevocationEvidence.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

#include <openssl/pem.h>

using namespace dms;

using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;
using Level = SignatureReport::SignatureLevel;
using Entry = TestOcsp::Entry;

namespace {

using dms::test::pemCertificate;
using dms::test::readAll;

QString describe(const SignatureReport &report)
{
    return QStringLiteral("%1/%2 level %3 errors [%4] warnings [%5] notes [%6]")
        .arg(SignatureReport::indicationName(report.indication),
             SignatureReport::subIndicationName(report.subIndication),
             SignatureReport::levelName(report.level), report.errors.join(QLatin1String(" | ")),
             report.warnings.join(QLatin1String(" | ")), report.notes.join(QLatin1String(" | ")));
}

class FixedQualification final : public QualificationSource
{
public:
    explicit FixedQualification(Status status)
        : m_status(status)
    { }
    Status statusOf(const CertificateInfo &issuer, const QDateTime &) const override
    {
        m_asked = issuer;
        return m_status;
    }
    mutable CertificateInfo m_asked;

private:
    Status m_status;
};

} // namespace

class tst_CertificateValidator : public QObject
{
    Q_OBJECT

private:
    /** rsa, ec, plain (token keys 01, 02, 04), seal (PKCS#12), revoked, expired (software P-256). */
    std::shared_ptr<SigningKey> key(const QString &name, const Clock &clock)
    {
        if (name == QLatin1String("seal")) {
            auto software = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                               "seal-pass", clock);
            return software ? std::shared_ptr<SigningKey>(std::move(*software)) : nullptr;
        }
        if (name == QLatin1String("revoked") || name == QLatin1String("expired")) {
            const QString base = m_fixture.pkiFile(name + QStringLiteral("-signer"));
            OpenSsl::BioPtr bio(
                BIO_new_file(QFile::encodeName(base + QStringLiteral(".key")).constData(), "r"));
            OpenSsl::PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                                      : nullptr);
            auto software = pkey
                ? SoftwareSigningKey::fromKey(pkey.get(), pemCertificate(base + QStringLiteral(".pem")),
                                              clock)
                : Result<std::unique_ptr<SoftwareSigningKey>>(makeError(ErrorCode::Internal, {}));
            return software ? std::shared_ptr<SigningKey>(std::move(*software)) : nullptr;
        }
        const QByteArray id(1,
                            name == QLatin1String("rsa")      ? '\x01'
                                : name == QLatin1String("ec") ? '\x02'
                                                              : '\x04');
        auto all = m_token->certificates();
        if (all) {
            for (const TokenCertificate &c : *all) {
                if (c.keyId == id)
                    return std::make_shared<TokenSigningKey>(m_token, c, clock);
            }
        }
        return nullptr;
    }

    QByteArray sign(const QString &keyName, bool timestamped, const Clock &clock)
    {
        auto signingKey = key(keyName, clock);
        if (!signingKey)
            return {};
        CadesSigner signer(signingKey, clock);
        signer.setChain({m_issuingCa});
        if (timestamped)
            signer.setTimestampClient(&m_tsa);
        QBuffer content(&m_text);
        content.open(QIODevice::ReadOnly);
        return signer.sign(content).valueOr({});
    }
    QByteArray sign(const QString &keyName, bool timestamped = false)
    {
        return sign(keyName, timestamped, m_clock);
    }

    SignatureReport verify(const QByteArray &p7s, const ValidationPolicy &policy = {},
                           const QualificationSource *qualification = nullptr, bool online = true)
    {
        CadesVerifier verifier(m_clock);
        verifier.setTrustAnchors({m_root});
        verifier.setPolicy(policy);
        verifier.setQualificationSource(qualification);
        if (online)
            verifier.setRevocationFetcher(&m_fetcher);
        QBuffer content(&m_text);
        content.open(QIODevice::ReadOnly);
        return verifier.verify(p7s, content);
    }

    CertificateInfo certificateOf(const QByteArray &p7s)
    {
        auto info = CadesInspector::inspect(p7s);
        return info ? info->signer : CertificateInfo();
    }

    void serveCurrentCrls()
    {
        m_server.setFile(QStringLiteral("/qca.crl"),
                         readAll(m_fixture.pkiFile(QStringLiteral("qca.crl.der"))));
        m_server.setFile(QStringLiteral("/root.crl"),
                         readAll(m_fixture.pkiFile(QStringLiteral("root.crl.der"))));
    }

    SoftHsmFixture m_fixture;
    std::shared_ptr<ScriptedPinProvider> m_pins = std::make_shared<ScriptedPinProvider>(SoftHsmFixture::pin);
    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    std::shared_ptr<Token> m_token;
    SystemClock m_clock;
    TestTsa m_tsa;
    TestOcsp m_ocsp;
    TestOcspServer m_server {m_ocsp};
    HttpRevocationFetcher m_fetcher {2};
    CertificateInfo m_root;
    CertificateInfo m_issuingCa;
    QByteArray m_text = QByteArray("Заповед № 17/01.12.2026 за определяне на работно време\n");

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        // The certificates name the loopback server in their AIA and CDP.
        QVERIFY(m_server.start());
        qputenv("QES_HTTP_PORT", QByteArray::number(m_server.port()));
        const QString failure = m_fixture.createAndOpen(m_pins, m_provider, m_token);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_root = pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")));
        m_issuingCa = pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY(!m_root.isNull() && !m_issuingCa.isNull());
        QString loaded = m_tsa.load(m_fixture.pkiFile(QStringLiteral("tsa.pem")),
                                    m_fixture.pkiFile(QStringLiteral("tsa.key")),
                                    m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY2(loaded.isEmpty(), qPrintable(loaded));
        loaded = m_ocsp.load(m_fixture.pkiFile(QString()));
        QVERIFY2(loaded.isEmpty(), qPrintable(loaded));
    }

    void init()
    {
        m_ocsp.setMode(TestOcsp::Mode::Normal);
        m_ocsp.clearEntries();
        m_server.setHanging(false);
        QVERIFY(m_server.setDown(false));
        serveCurrentCrls();
    }

    void cleanupTestCase()
    {
        m_token.reset();
        m_provider.reset();
    }

    void goodStatusOnline_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<bool>("timestamped");
        QTest::addRow("RSA B-B") << QStringLiteral("rsa") << false;
        QTest::addRow("RSA B-T") << QStringLiteral("rsa") << true;
        QTest::addRow("P-256 B-B") << QStringLiteral("ec") << false;
        QTest::addRow("P-256 B-T") << QStringLiteral("ec") << true;
    }
    void goodStatusOnline()
    {
        QFETCH(QString, keyName);
        QFETCH(bool, timestamped);
        const QByteArray p7s = sign(keyName, timestamped);
        QVERIFY(!p7s.isEmpty());
        const int before = m_ocsp.requestCount();
        const SignatureReport report = verify(p7s);
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
        QCOMPARE(m_ocsp.requestCount(), before + 1);
        const QString notes = report.notes.join(QLatin1Char(' '));
        QVERIFY2(notes.contains(QLatin1String("OCSP (online)")), qPrintable(notes));
        QVERIFY2(notes.contains(QLatin1String("CRL (online)")),
                 qPrintable(notes)); // the issuing CA, from root.crl
        // No Trusted List: the certificate's claim gives at most AdES-QC.
        QCOMPARE(report.level, Level::AdESQc);
        QVERIFY(notes.contains(QLatin1String("Trusted List")));
        QVERIFY(report.warnings.isEmpty());
    }

    void qualificationFromTrustedList_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<QualificationSource::Status>("status");
        QTest::addColumn<Level>("level");
        QTest::addRow("qualified QcSSCD")
            << QStringLiteral("rsa") << QualificationSource::Status::Qualified << Level::Qes;
        QTest::addRow("P-256 qualified")
            << QStringLiteral("ec") << QualificationSource::Status::Qualified << Level::Qes;
        QTest::addRow("withdrawn") << QStringLiteral("rsa") << QualificationSource::Status::NotQualified
                                   << Level::AdES;
        QTest::addRow("not listed") << QStringLiteral("rsa") << QualificationSource::Status::Unknown
                                    << Level::AdESQc;
        QTest::addRow("no QcStatements")
            << QStringLiteral("seal") << QualificationSource::Status::Qualified << Level::AdES;
    }
    void qualificationFromTrustedList()
    {
        QFETCH(QString, keyName);
        QFETCH(QualificationSource::Status, status);
        QFETCH(Level, level);
        FixedQualification trustedList(status);
        const SignatureReport report = verify(sign(keyName), {}, &trustedList);
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
        QCOMPARE(report.level, level);
        if (keyName != QLatin1String("seal"))
            QCOMPARE(trustedList.m_asked.der(), m_issuingCa.der()); // asked about the issuing CA
    }

    void revokedSigner_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<bool>("timestamped");
        QTest::addColumn<qint64>("revokedSecsAfterSigning");
        QTest::addColumn<Indication>("indication");
        QTest::addColumn<SubIndication>("subIndication");
        for (const QString &keyName : {QStringLiteral("rsa"), QStringLiteral("ec")}) {
            const QByteArray k = keyName.toLatin1();
            QTest::addRow("%s revoked before signing, B-B", k.constData())
                << keyName << false << qint64(-3600) << Indication::TotalFailed << SubIndication::Revoked;
            QTest::addRow("%s revoked after the claimed time, B-B", k.constData())
                << keyName << false << qint64(1) << Indication::Indeterminate << SubIndication::RevokedNoPoe;
            QTest::addRow("%s revoked before the time-stamp", k.constData())
                << keyName << true << qint64(-3600) << Indication::TotalFailed << SubIndication::Revoked;
            QTest::addRow("%s revoked after the time-stamp", k.constData())
                << keyName << true << qint64(1) << Indication::TotalPassed << SubIndication::None;
        }
    }
    void revokedSigner()
    {
        QFETCH(QString, keyName);
        QFETCH(bool, timestamped);
        QFETCH(qint64, revokedSecsAfterSigning);
        QFETCH(Indication, indication);
        QFETCH(SubIndication, subIndication);
        const QByteArray p7s = sign(keyName, timestamped);
        auto info = CadesInspector::inspect(p7s);
        QVERIFY(info.ok());
        const QDateTime signedAt = timestamped ? info->timestampTime : info->signingTime;
        m_ocsp.setEntry(info->signer, {Entry::Status::Revoked, signedAt.addSecs(revokedSecsAfterSigning), 1});
        const SignatureReport report = verify(p7s);
        QCOMPARE(report.indication, indication);
        QCOMPARE(report.subIndication, subIndication);
        if (indication == Indication::TotalPassed) {
            QCOMPARE(report.level, Level::AdESQc);
            QVERIFY2(report.warnings.join(QLatin1Char(' ')).contains(QLatin1String("after the time-stamp")),
                     qPrintable(describe(report)));
        } else {
            QCOMPARE(report.level, Level::NotApplicable);
            QVERIFY(report.errors.join(QLatin1Char(' ')).contains(QLatin1String("revoked")));
        }
    }

    void certificateOnHoldIsTryLater()
    {
        const QByteArray p7s = sign(QStringLiteral("rsa"));
        m_ocsp.setEntry(certificateOf(p7s),
                        {Entry::Status::Revoked, QDateTime::currentDateTimeUtc().addDays(-1), 6});
        const SignatureReport report = verify(p7s);
        QCOMPARE(report.subIndication, SubIndication::TryLater);
        QVERIFY(report.errors.join(QLatin1Char(' ')).contains(QLatin1String("on hold")));
    }

    /** An answer the validator must not accept, with and without a CRL to fall back on. */
    void unusableOcspAnswer_data()
    {
        QTest::addColumn<TestOcsp::Mode>("mode");
        QTest::addColumn<bool>("unknownStatus");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown certificate")
            << TestOcsp::Mode::Normal << true << QStringLiteral("does not know");
        QTest::addRow("unauthorised responder")
            << TestOcsp::Mode::Unauthorised << false << QStringLiteral("could not be verified");
        QTest::addRow("stale response") << TestOcsp::Mode::Stale << false << QStringLiteral("out of date");
        QTest::addRow("tryLater status")
            << TestOcsp::Mode::TryLater << false << QStringLiteral("could not be verified");
        QTest::addRow("garbage") << TestOcsp::Mode::Garbage << false
                                 << QStringLiteral("could not be verified");
    }
    void unusableOcspAnswer()
    {
        QFETCH(TestOcsp::Mode, mode);
        QFETCH(bool, unknownStatus);
        QFETCH(QString, message);
        for (const QString &keyName : {QStringLiteral("rsa"), QStringLiteral("ec")}) {
            const QByteArray p7s = sign(keyName);
            m_ocsp.setMode(mode);
            if (unknownStatus)
                m_ocsp.setEntry(certificateOf(p7s), {Entry::Status::Unknown, {}, -1});
            m_server.removeFile(QStringLiteral("/qca.crl"));
            SignatureReport report = verify(p7s);
            QCOMPARE(report.indication, Indication::Indeterminate);
            QCOMPARE(report.subIndication, SubIndication::TryLater);
            QVERIFY2(report.errors.join(QLatin1Char(' ')).contains(message), qPrintable(describe(report)));
            // The CRL distribution point decides instead.
            serveCurrentCrls();
            report = verify(p7s);
            QVERIFY2(report.isPassed(), qPrintable(describe(report)));
            QVERIFY(
                report.notes.join(QLatin1Char(' ')).contains(QLatin1String("is not revoked (CRL (online)")));
        }
    }

    void staleCrlIsNotEnough()
    {
        m_ocsp.setMode(TestOcsp::Mode::Stale);
        m_server.setFile(QStringLiteral("/qca.crl"),
                         readAll(m_fixture.pkiFile(QStringLiteral("qca-stale.crl.der"))));
        const SignatureReport report = verify(sign(QStringLiteral("rsa")));
        QCOMPARE(report.subIndication, SubIndication::TryLater);
        QVERIFY2(report.errors.join(QLatin1Char(' ')).contains(QLatin1String("out of date")),
                 qPrintable(describe(report)));
    }

    void responderDownIsTryLater()
    {
        const QByteArray p7s = sign(QStringLiteral("ec"));
        QVERIFY(m_server.setDown(true));
        QElapsedTimer timer;
        timer.start();
        SignatureReport report = verify(p7s);
        QCOMPARE(report.indication, Indication::Indeterminate);
        QCOMPARE(report.subIndication, SubIndication::TryLater);
        QVERIFY2(report.errors.join(QLatin1Char(' ')).contains(QLatin1String("cannot be reached")),
                 qPrintable(describe(report)));
        // OpenSSL retries a refused connection until the timeout: once per host.
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
        // Without the requirement it passes with a warning.
        ValidationPolicy lenient;
        lenient.revocationRequired = false;
        report = verify(p7s, lenient, nullptr, false);
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
        QVERIFY(!report.warnings.isEmpty());
    }

    void hangingResponderTimesOut()
    {
        const QByteArray p7s = sign(QStringLiteral("rsa"));
        m_server.setHanging(true);
        QElapsedTimer timer;
        timer.start();
        const SignatureReport report = verify(p7s);
        QCOMPARE(report.subIndication, SubIndication::TryLater);
        // OCSP, the signer's CRL and the root CRL: one request of at most 1 s: the unreachable host is not
        // asked again.
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
    }

    void embeddedEvidenceNeedsNoNetwork()
    {
        const QByteArray p7s = sign(QStringLiteral("rsa"));
        RevocationEvidence evidence;
        evidence.ocspResponses.append(m_ocsp.responseFor(certificateOf(p7s)));
        evidence.crls.append(readAll(m_fixture.pkiFile(QStringLiteral("root.crl.der"))));
        const QByteArray withEvidence = RevocationEvidence::embedInCms(p7s, evidence);
        QVERIFY(!withEvidence.isEmpty());
        const RevocationEvidence readBack = RevocationEvidence::fromCms(withEvidence);
        QCOMPARE(readBack.ocspResponses, evidence.ocspResponses);
        QCOMPARE(readBack.crls, evidence.crls);
        QVERIFY(RevocationEvidence::fromCms(p7s).isEmpty());

        QVERIFY(m_server.setDown(true));
        const int before = m_ocsp.requestCount();
        SignatureReport report = verify(withEvidence, {}, nullptr, false);
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
        QVERIFY(report.notes.join(QLatin1Char(' ')).contains(QLatin1String("OCSP (embedded)")));
        QVERIFY(report.notes.join(QLatin1Char(' ')).contains(QLatin1String("CRL (embedded)")));
        QCOMPARE(m_ocsp.requestCount(), before);
        // The unsigned field changed, the signature did not: openssl agrees.
        // Without the evidence and offline: TRY_LATER.
        QCOMPARE(verify(p7s, {}, nullptr, false).subIndication, SubIndication::TryLater);
        // Evidence about another certificate does not count.
        RevocationEvidence other;
        other.ocspResponses.append(
            m_ocsp.responseFor(pemCertificate(m_fixture.pkiFile(QStringLiteral("seal.pem")))));
        other.crls.append(readAll(m_fixture.pkiFile(QStringLiteral("qca-stale.crl.der"))));
        report = verify(RevocationEvidence::embedInCms(p7s, other), {}, nullptr, false);
        QCOMPARE(report.subIndication, SubIndication::TryLater);
        // Extra evidence (a PDF's DSS) that is no revocation data at all is ignored too.
        RevocationEvidence malformed;
        malformed.crls.append(QByteArray("not a CRL"));
        malformed.ocspResponses.append(QByteArray("\x30\x00", 2));
        malformed.ocspResponses.append(m_ocsp.responseFor(certificateOf(p7s)).left(40));
        CadesVerifier verifier(m_clock);
        verifier.setTrustAnchors({m_root});
        QBuffer content(&m_text);
        content.open(QIODevice::ReadOnly);
        report = verifier.verify(p7s, content, malformed);
        QCOMPARE(report.subIndication, SubIndication::TryLater);
        QVERIFY2(report.errors.join(QLatin1Char(' ')).contains(QLatin1String("could not be verified")),
                 qPrintable(describe(report)));
        // ... while a good response given that way is used.
        RevocationEvidence dss;
        dss.ocspResponses.append(m_ocsp.responseFor(certificateOf(p7s)));
        dss.crls.append(readAll(m_fixture.pkiFile(QStringLiteral("root.crl.der"))));
        QBuffer again(&m_text);
        again.open(QIODevice::ReadOnly);
        report = verifier.verify(p7s, again, dss);
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
    }

    void embeddedCrlRevokes()
    {
        const QByteArray p7s = sign(QStringLiteral("revoked"));
        RevocationEvidence evidence;
        evidence.crls.append(readAll(m_fixture.pkiFile(QStringLiteral("qca.crl.der"))));
        // The embedded CRL decides before the (here wrongly "good") responder is asked.
        const int before = m_ocsp.requestCount();
        SignatureReport report = verify(RevocationEvidence::embedInCms(p7s, evidence));
        QCOMPARE(report.indication, Indication::TotalFailed);
        QCOMPARE(report.subIndication, SubIndication::Revoked);
        QCOMPARE(m_ocsp.requestCount(), before);
        // Online, with the responder down: the CRL distribution point says the same.
        QVERIFY(m_server.setDown(false));
        m_ocsp.setMode(TestOcsp::Mode::TryLater);
        report = verify(p7s);
        QCOMPARE(report.subIndication, SubIndication::Revoked);
    }

    void crlOnlyIssuer()
    {
        const int before = m_ocsp.requestCount();
        const SignatureReport report = verify(sign(QStringLiteral("seal")));
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
        QCOMPARE(report.level, Level::AdES);
        QVERIFY(report.notes.join(QLatin1Char(' ')).contains(QLatin1String("CRL (online)")));
        QCOMPARE(m_ocsp.requestCount(), before); // no AIA, no OCSP
    }

    void expiredSigner()
    {
        TestClock in2020(QDateTime(QDate(2020, 6, 1), QTime(12, 0), Qt::UTC));
        // B-B: expired now, and nothing proves the signature is from 2020.
        SignatureReport report = verify(sign(QStringLiteral("expired"), false, in2020));
        QCOMPARE(report.indication, Indication::Indeterminate);
        QCOMPARE(report.subIndication, SubIndication::OutOfBoundsNoPoe);
        // B-T: the time-stamp proves it was made after the expiry.
        report = verify(sign(QStringLiteral("expired"), true, in2020));
        QCOMPARE(report.indication, Indication::TotalFailed);
        QCOMPARE(report.subIndication, SubIndication::Expired);
    }

    void untrustedChain()
    {
        CadesVerifier verifier(m_clock);
        verifier.setTrustAnchors({pemCertificate(m_fixture.pkiFile(QStringLiteral("tsa.pem")))});
        verifier.setRevocationFetcher(&m_fetcher);
        QBuffer content(&m_text);
        content.open(QIODevice::ReadOnly);
        const int before = m_ocsp.requestCount();
        const SignatureReport report = verifier.verify(sign(QStringLiteral("ec")), content);
        QCOMPARE(report.subIndication, SubIndication::NoCertificateChainFound);
        QCOMPARE(m_ocsp.requestCount(), before); // no revocation check without a chain
    }

    void missingNonRepudiation()
    {
        const QByteArray p7s = sign(QStringLiteral("plain"));
        QVERIFY(!p7s.isEmpty());
        ValidationPolicy qualified;
        qualified.requireNonRepudiation = true;
        SignatureReport report = verify(p7s, qualified);
        QCOMPARE(report.indication, Indication::Indeterminate);
        QCOMPARE(report.subIndication, SubIndication::ChainConstraintsFailure);
        // Allowed by default, as an AdES (its certificate names no revocation service).
        ValidationPolicy lenient;
        lenient.revocationRequired = false;
        report = verify(p7s, lenient);
        QVERIFY2(report.isPassed(), qPrintable(describe(report)));
        QCOMPARE(report.level, Level::AdES);
    }

    void fetcherErrors()
    {
        HttpRevocationFetcher fetcher(1);
        QCOMPARE(fetcher.fetchCrl(QStringLiteral("https://127.0.0.1/x.crl")).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(fetcher.fetchCrl(QStringLiteral("ldap://127.0.0.1/cn=x")).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(fetcher.fetchCrl(m_server.url(QStringLiteral("/missing.crl"))).error().code,
                 ErrorCode::Network);
        auto crl = fetcher.fetchCrl(m_server.url(QStringLiteral("/root.crl")));
        QVERIFY(crl.ok());
        QCOMPARE(*crl, readAll(m_fixture.pkiFile(QStringLiteral("root.crl.der"))));
        QVERIFY(m_server.setDown(true));
        // A refused connection is retried until the timeout, so either code is right.
        const ErrorCode down = fetcher.postOcsp(m_server.url(QStringLiteral("/ocsp")), "x").error().code;
        QVERIFY(down == ErrorCode::Network || down == ErrorCode::Timeout);
        QVERIFY(m_server.setDown(false));
        m_server.setHanging(true);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(fetcher.fetchCrl(m_server.url(QStringLiteral("/root.crl"))).error().code,
                 ErrorCode::Timeout);
        QVERIFY(timer.elapsed() < 3000);
    }

    void malformedCmsCarriesNoEvidence()
    {
        QVERIFY(RevocationEvidence::fromCms(QByteArray()).isEmpty());
        QVERIFY(RevocationEvidence::fromCms(QByteArray("\x30\x84\xff\xff\xff\xff", 6)).isEmpty());
        QVERIFY(RevocationEvidence::fromCms(m_issuingCa.der()).isEmpty());
        QVERIFY(RevocationEvidence::embedInCms(m_issuingCa.der(), {}).isEmpty());
        QVERIFY(RevocationEvidence::embedInCms(QByteArray("\x30\x80\x00\x00", 4), {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_CertificateValidator)
#include "tst_CertificateValidator.moc"
