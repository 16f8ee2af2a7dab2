// SPDX-License-Identifier: GPL-3.0-or-later
// The Article 18 signature profile through signing/xml: the real ДАЕУ messages and
// the synthetic vectors verify; what we sign verifies with xmlsec1 and validates with xmllint.
#include "ExchangePeer.h"
#include "TestClock.h"
#include "exchange/CertificateSerial.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageReader.h"
#include "exchange/message/MessageWriter.h"

#include <QFile>
#include <QProcess>
#include <QTest>

using namespace dms;
using namespace dms::exchange;

namespace {

QByteArray sample(const QString &name)
{
    QFile file(QStringLiteral(DMS_EXCHANGE_TEST_DATA "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(name));
    return file.readAll();
}

int run(const QString &program, const QStringList &arguments, QByteArray *errors = nullptr)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(30000))
        return -1;
    if (errors)
        *errors = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

} // namespace

class tst_MessageSignature : public QObject
{
    Q_OBJECT

    TestClock m_clock;

private Q_SLOTS:
    void initTestCase() { m_clock.set(QDateTime::currentDateTimeUtc().addSecs(60)); }

    void referenceMessagesVerify_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("serial");
        for (int i = 1; i <= 4; ++i)
            QTest::newRow(qPrintable(QString("real %1").arg(i)))
                << QString("log.txt_msg%1_MSG_DocumentStatusResponse.xml").arg(i) << "115bb578aa583303";
        QTest::newRow("synthetic sha1") << "DocumentRegistrationRequest.synthetic.signed-rsa-sha1.xml"
                                        << "0123456789ABCDEF";
        QTest::newRow("synthetic sha256") << "DocumentRegistrationRequest.synthetic.signed-rsa-sha256.xml"
                                          << "123456789abcdef";
    }
    void referenceMessagesVerify()
    {
        QFETCH(QString, file);
        QFETCH(QString, serial);
        XmlDsigMessageVerifier verifier(m_clock);
        auto verified = verifier.verify(sample(file));
        QVERIFY2(verified.ok(), qPrintable(verified.error().toString()));
        QVERIFY(CertificateSerial::equalHex(verified->certificateSerialHex, serial));
    }

    void tamperedReferenceFails()
    {
        QByteArray bytes = sample("DocumentRegistrationRequest.synthetic.signed-rsa-sha1.xml");
        bytes.replace("94-00-17", "94-00-18");
        QVERIFY(MessageReader().read(bytes).ok()); // still schema-valid …
        XmlDsigMessageVerifier verifier(m_clock);
        QVERIFY(!verifier.verify(bytes).ok()); // … but the signature no longer matches
    }

    void serialsCompareAsIntegers()
    {
        QVERIFY(CertificateSerial::equalHex("0123456789ABCDEF", "123456789abcdef"));
        QVERIFY(CertificateSerial::equalHex("00:11:5B", "115b"));
        QVERIFY(!CertificateSerial::equalHex("115b", "115c"));
        QVERIFY(!CertificateSerial::equalHex("xyz", "xyz"));
    }

    void ourSignatureVerifiesWithXmlsec1_data()
    {
        QTest::addColumn<int>("digest");
        QTest::newRow("rsa-sha1 (default)") << int(DigestAlgorithm::Sha1);
        QTest::newRow("rsa-sha256") << int(DigestAlgorithm::Sha256);
    }
    void ourSignatureVerifiesWithXmlsec1()
    {
        QFETCH(int, digest);
        QTemporaryDir dir;
        const QString p12 = dms::exchange::test::makeTransportCertificate(dir.path(), "000000001");
        QVERIFY(!p12.isEmpty());
        auto key = SoftwareSigningKey::fromPkcs12File(p12, "test", m_clock);
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        XmlDsigMessageSigner signer(**key, m_clock, DigestAlgorithm(digest));

        Message m;
        m.header.date = m_clock.now();
        m.header.sender = {"000000001", "А", "{11111111-1111-4111-8111-111111111111}"};
        m.header.recipient = {"000000002", "Б", "{22222222-2222-4222-8222-222222222222}"};
        m.header.messageGuid = ExchangeGuid::create();
        m.body = DocumentStatusRequest {{DocumentId::Kind::None, {}, {}, ExchangeGuid::create()}};
        auto bytes = MessageWriter::write(m);
        QVERIFY(bytes.ok());
        auto signedBytes = signer.sign(*bytes);
        QVERIFY2(signedBytes.ok(), qPrintable(signedBytes.error().toString()));
        QVERIFY(signedBytes->contains(digest == int(DigestAlgorithm::Sha1) ? "xmldsig#rsa-sha1"
                                                                           : "more#rsa-sha256"));
        QVERIFY(!signedBytes->contains("<ds:")); // no prefix, as peers expect

        auto read = MessageReader().read(*signedBytes);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        QVERIFY(read->hasSignature);
        XmlDsigMessageVerifier verifier(m_clock);
        auto verified = verifier.verify(*signedBytes);
        QVERIFY2(verified.ok(), qPrintable(verified.error().toString()));
        QVERIFY(CertificateSerial::equalHex(verified->certificateSerialHex,
                                            (*key)->certificate().serialNumber()));

        const QString path = dir.filePath("signed.xml");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(*signedBytes);
        file.close();
        QByteArray errors;
        QVERIFY2(
            run("xmlsec1", {"--verify", "--insecure", "--enabled-reference-uris", "empty", path}, &errors)
                == 0,
            errors.constData());
        QVERIFY2(run("xmllint",
                     {"--noout", "--nonet", "--schema",
                      QStringLiteral(DMS_EXCHANGE_SCHEMA_DIR "/validation-wrapper.xsd"), path},
                     &errors)
                     == 0,
                 errors.constData());
    }
};

QTEST_GUILESS_MAIN(tst_MessageSignature)
#include "tst_MessageSignature.moc"
