// SPDX-License-Identifier: GPL-3.0-or-later
#include "SoftHsmFixture.h"
#include "signing/CertificateInfo.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

using namespace dms;

Q_DECLARE_METATYPE(dms::CertificateInfo::KeyType)

class tst_CertificateInfo : public QObject
{
    Q_OBJECT

private:
    QByteArray read(const QString &name)
    {
        QFile file(m_fixture.pkiFile(name));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return file.readAll();
    }

    SoftHsmFixture m_fixture;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void signerCertificates_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("commonName");
        QTest::addColumn<CertificateInfo::KeyType>("keyType");
        QTest::addColumn<int>("keyBits");
        QTest::newRow("rsa") << "signer-rsa.der" << QStringLiteral("Иван Петров Иванов")
                             << CertificateInfo::KeyType::Rsa << 2048;
        QTest::newRow("ec") << "signer-ec.der" << QStringLiteral("Иван Петров Иванов (EC)")
                            << CertificateInfo::KeyType::EcP256 << 256;
        QTest::newRow("always-auth") << "signer-rsa-aa.der" << QStringLiteral("Иван Петров Иванов (AA)")
                                     << CertificateInfo::KeyType::Rsa << 2048;
    }
    void signerCertificates()
    {
        QFETCH(QString, file);
        QFETCH(QString, commonName);
        QFETCH(CertificateInfo::KeyType, keyType);
        QFETCH(int, keyBits);
        const QByteArray der = read(file);
        QVERIFY(!der.isEmpty());
        auto info = CertificateInfo::fromDer(der);
        QVERIFY2(info.ok(), qPrintable(info.error().toString()));

        QCOMPARE(info->der(), der);
        QCOMPARE(info->sha256Fingerprint(), QCryptographicHash::hash(der, QCryptographicHash::Sha256));
        QCOMPARE(info->commonName(), commonName);
        QVERIFY2(info->subject().contains(QStringLiteral("CN=") + commonName), qPrintable(info->subject()));
        QVERIFY(info->subject().contains(QStringLiteral("O=Община Тест")));
        QCOMPARE(info->issuerCommonName(), QStringLiteral("Test QTSP Qualified eSignature CA"));
        QVERIFY(info->issuer().contains(QStringLiteral("O=Test QTSP AD")));
        QVERIFY(!info->serialNumber().isEmpty());

        QCOMPARE(info->subjectSerialNumber(), QStringLiteral("PNOBG-7501010010"));
        QCOMPARE(info->personalNumber(), QStringLiteral("7501010010"));
        QCOMPARE(info->organizationIdentifier(), QStringLiteral("NTRBG-000000001"));
        QCOMPARE(info->eik(), QStringLiteral("000000001"));

        QVERIFY(info->hasKeyUsageExtension());
        QCOMPARE(
            info->keyUsage(),
            CertificateInfo::KeyUsage(CertificateInfo::DigitalSignature | CertificateInfo::NonRepudiation));
        QVERIFY(info->hasNonRepudiation());
        QVERIFY(info->hasQcStatements());
        QVERIFY(info->isQcCompliant());
        QVERIFY(info->isQcSscd());
        QCOMPARE(info->qcStatementIds(),
                 QStringList({QStringLiteral("0.4.0.1862.1.1"), QStringLiteral("0.4.0.1862.1.4"),
                              QStringLiteral("0.4.0.1862.1.6")}));
        QCOMPARE(info->keyType(), keyType);
        QCOMPARE(info->keyBits(), keyBits);

        // The fixture issues for 730 days from now.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(info->isValidAt(now));
        QCOMPARE(info->notBefore().timeSpec(), Qt::UTC);
        QVERIFY(qAbs(info->notBefore().secsTo(now)) < 3600);
        QCOMPARE(info->notBefore().daysTo(info->notAfter()), 730);
        QVERIFY(!info->isValidAt(info->notAfter().addSecs(1)));
        QVERIFY(!info->isValidAt(info->notBefore().addSecs(-1)));
    }

    void nonQualifiedCertificate()
    {
        auto info = CertificateInfo::fromDer(read(QStringLiteral("plain-rsa.der")));
        QVERIFY(info.ok());
        QCOMPARE(info->keyUsage(), CertificateInfo::KeyUsage(CertificateInfo::DigitalSignature));
        QVERIFY(!info->hasNonRepudiation());
        QVERIFY(!info->hasQcStatements());
        QVERIFY(info->qcStatementIds().isEmpty());
        QVERIFY(!info->isQcCompliant());
    }

    void readsPemLists()
    {
        const QByteArray root = read(QStringLiteral("ca-root.pem"));
        const QByteArray signer = read(QStringLiteral("signer-rsa.pem"));
        auto both = CertificateInfo::listFromPem(signer + root);
        QVERIFY2(both.ok(), qPrintable(both.error().toString()));
        QCOMPARE(both->size(), 2);
        QVERIFY(both->at(0).hasNonRepudiation());
        QCOMPARE(both->at(1).subject(), both->at(1).issuer());
        auto none = CertificateInfo::listFromPem("no certificate here");
        QVERIFY(none.ok());
        QVERIFY(none->isEmpty());
        // A PEM block whose body is not a certificate stops the list with no entry.
        auto broken
            = CertificateInfo::listFromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        QVERIFY(broken.ok());
        QVERIFY(broken->isEmpty());
    }

    void rejectsNonCertificates_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("not a certificate");
        QTest::newRow("pem instead of der") << read(QStringLiteral("signer-rsa.pem"));
        QTest::newRow("truncated") << read(QStringLiteral("signer-rsa.der")).chopped(10);
        QTest::newRow("trailing bytes") << read(QStringLiteral("signer-rsa.der")) + QByteArray("\0\0", 2);
    }
    void rejectsNonCertificates()
    {
        QFETCH(QByteArray, data);
        auto info = CertificateInfo::fromDer(data);
        QVERIFY(!info.ok());
        QCOMPARE(info.error().code, ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_CertificateInfo)
#include "tst_CertificateInfo.moc"
