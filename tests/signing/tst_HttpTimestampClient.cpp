// SPDX-License-Identifier: GPL-3.0-or-later
// HttpTimestampClient against a loopback RFC 3161 TSA (TestTsa served over HTTP by
// TestOcspServer), and CadesSigner producing B-T through it.
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TestOcsp.h"
#include "TestOcspServer.h"
#include "TestTsa.h"
#include "core/Clock.h"
#include "signing/CadesInspector.h"
#include "signing/CadesSigner.h"
#include "signing/HttpTimestampClient.h"
#include "signing/SoftwareSigningKey.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QTest>

#include <openssl/ts.h>

using namespace dms;

namespace {

/** A DER TimeStampReq for SHA-256 of @p data, with a certificate request. */
QByteArray timestampRequest(const QByteArray &data)
{
    unsigned char digest[32];
    unsigned int length = 0;
    EVP_Digest(data.constData(), static_cast<size_t>(data.size()), digest, &length, EVP_sha256(), nullptr);
    TS_REQ *request = TS_REQ_new();
    TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR *algorithm = X509_ALGOR_new();
    X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
    TS_MSG_IMPRINT_set_algo(imprint, algorithm);
    TS_MSG_IMPRINT_set_msg(imprint, digest, static_cast<int>(length));
    TS_REQ_set_version(request, 1);
    TS_REQ_set_msg_imprint(request, imprint);
    TS_REQ_set_cert_req(request, 1);
    unsigned char *der = nullptr;
    const int size = i2d_TS_REQ(request, &der);
    QByteArray out(reinterpret_cast<const char *>(der), size > 0 ? size : 0);
    OPENSSL_free(der);
    X509_ALGOR_free(algorithm);
    TS_MSG_IMPRINT_free(imprint);
    TS_REQ_free(request);
    return out;
}

/** The PKIStatus of a DER TimeStampResp, -1 when it does not parse. */
long responseStatus(const QByteArray &der)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    TS_RESP *response = d2i_TS_RESP(nullptr, &p, der.size());
    if (!response)
        return -1;
    const long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response)));
    TS_RESP_free(response);
    return status;
}

} // namespace

class tst_HttpTimestampClient : public QObject
{
    Q_OBJECT

private:
    SoftHsmFixture m_fixture;
    SystemClock m_clock;
    TestTsa m_tsa;
    TestOcsp m_ocsp;
    TestOcspServer m_server {m_ocsp};

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        QVERIFY(m_server.start());
        qputenv("QES_HTTP_PORT", QByteArray::number(m_server.port()));
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const QString loaded = m_tsa.load(m_fixture.pkiFile(QStringLiteral("tsa.pem")),
                                          m_fixture.pkiFile(QStringLiteral("tsa.key")),
                                          m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY2(loaded.isEmpty(), qPrintable(loaded));
        m_server.setTimestampClient(&m_tsa);
    }

    void init()
    {
        m_tsa.setBehaviour(TestTsa::Behaviour::Grant);
        m_server.setHanging(false);
        QVERIFY(m_server.setDown(false));
    }

    void grantsOverHttp()
    {
        HttpTimestampClient client(m_server.url(QStringLiteral("/tsa")), 5);
        const int before = m_tsa.requestCount();
        auto response = client.timestamp(timestampRequest("content"));
        QVERIFY2(response.ok(), qPrintable(response.error().toString()));
        QCOMPARE(responseStatus(*response), long(TS_STATUS_GRANTED));
        QCOMPARE(m_tsa.requestCount(), before + 1);
    }

    void cadesSignerMakesBaselineT()
    {
        auto key = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                      "seal-pass", m_clock);
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        HttpTimestampClient client(m_server.url(QStringLiteral("/tsa")), 5);
        CadesSigner signer(std::shared_ptr<SigningKey>(std::move(*key)), m_clock);
        signer.setTimestampClient(&client);
        QByteArray text("Заповед № 17\n");
        QBuffer content(&text);
        QVERIFY(content.open(QIODevice::ReadOnly));
        auto p7s = signer.sign(content);
        QVERIFY2(p7s.ok(), qPrintable(p7s.error().toString()));
        auto info = CadesInspector::inspect(*p7s);
        QVERIFY(info.ok());
        QVERIFY(!info->timestampToken.isEmpty());
        QVERIFY(qAbs(info->timestampTime.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    }

    void rejectionReachesTheCallerGarbageFails()
    {
        // A well-formed answer is handed on (CadesSigner judges it); bytes that are not
        // one complete DER value are refused by the transport.
        HttpTimestampClient client(m_server.url(QStringLiteral("/tsa")), 5);
        m_tsa.setBehaviour(TestTsa::Behaviour::Reject);
        auto rejected = client.timestamp(timestampRequest("content"));
        QVERIFY(rejected.ok());
        QCOMPARE(responseStatus(*rejected), long(TS_STATUS_REJECTION));
        m_tsa.setBehaviour(TestTsa::Behaviour::Garbage);
        auto garbage = client.timestamp(timestampRequest("content"));
        QVERIFY(!garbage.ok());
        QCOMPARE(garbage.error().code, ErrorCode::Network);
    }

    void refusesUnsupportedUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addRow("https") << QStringLiteral("https://127.0.0.1/tsa");
        QTest::addRow("ftp") << QStringLiteral("ftp://127.0.0.1/tsa");
        QTest::addRow("no scheme") << QStringLiteral("127.0.0.1/tsa");
        QTest::addRow("empty") << QString();
    }

    void refusesUnsupportedUrls()
    {
        QFETCH(QString, url);
        auto response = HttpTimestampClient(url, 2).timestamp(timestampRequest("content"));
        QVERIFY(!response.ok());
        QCOMPARE(response.error().code, ErrorCode::InvalidInput);
    }

    void httpErrorsFail()
    {
        // 404 (no such path) and a server that refuses connections.
        auto missing = HttpTimestampClient(m_server.url(QStringLiteral("/nothing")), 2)
                           .timestamp(timestampRequest("x"));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().code == ErrorCode::Network, qPrintable(missing.error().toString()));
        QVERIFY(m_server.setDown(true));
        // OpenSSL retries a refused connection until the timeout.
        auto down
            = HttpTimestampClient(m_server.url(QStringLiteral("/tsa")), 1).timestamp(timestampRequest("x"));
        QVERIFY(!down.ok());
        QVERIFY(down.error().code == ErrorCode::Network || down.error().code == ErrorCode::Timeout);
    }

    void oversizedAnswerFails()
    {
        // A granted response is a few KiB; 100 bytes is below it.
        auto response = HttpTimestampClient(m_server.url(QStringLiteral("/tsa")), 2, 100)
                            .timestamp(timestampRequest("content"));
        QVERIFY(!response.ok());
        QCOMPARE(response.error().code, ErrorCode::Network);
    }

    void hangingServerTimesOut()
    {
        m_server.setHanging(true);
        QElapsedTimer timer;
        timer.start();
        auto response
            = HttpTimestampClient(m_server.url(QStringLiteral("/tsa")), 1).timestamp(timestampRequest("x"));
        QVERIFY(!response.ok());
        QCOMPARE(response.error().code, ErrorCode::Timeout);
        QVERIFY(timer.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(tst_HttpTimestampClient)
#include "tst_HttpTimestampClient.moc"
