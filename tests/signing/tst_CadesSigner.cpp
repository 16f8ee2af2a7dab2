// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScriptedPinProvider.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "TestClock.h"
#include "TestTsa.h"
#include "core/Clock.h"
#include "signing/CadesInspector.h"
#include "signing/CadesSigner.h"
#include "signing/CadesTemplate.h"
#include "signing/SignatureEncoding.h"
#include "signing/SoftwareSigningKey.h"
#include "signing/TokenSigningKey.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/verify/CadesVerifier.h"
#include "signing/verify/ValidationPolicy.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/resource.h>

using namespace dms;

namespace {

using dms::test::pemCertificate;
using dms::test::readAll;
using dms::test::writeFile;

const QString s_sha256Oid = QStringLiteral("2.16.840.1.101.3.4.2.1");

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

struct ProcessResult
{
    int exitCode = -1;
    QString output;
};

/** The independent oracle: the openssl command line. */
ProcessResult openssl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return {-1, QStringLiteral("openssl did not finish")};
    return {process.exitCode(), QString::fromLocal8Bit(process.readAll())};
}

/** Fails reading after the first chunk, like a disk or network error. */
class FailingDevice final : public QIODevice
{
public:
    FailingDevice() { open(QIODevice::ReadOnly); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_served > 0) {
            setErrorString(QStringLiteral("simulated read error"));
            return -1;
        }
        const qint64 n = qMin<qint64>(maxSize, 1000);
        memset(data, 'x', static_cast<size_t>(n));
        m_served += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 m_served = 0;
};

/** @p size bytes made up on the fly (byte i is i mod 251), for streaming tests. */
class GeneratedDevice final : public QIODevice
{
public:
    explicit GeneratedDevice(qint64 size)
        : m_size(size)
    {
        open(QIODevice::ReadOnly);
    }
    qint64 size() const override { return m_size; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, m_size - pos());
        for (qint64 i = 0; i < n; ++i)
            data[i] = static_cast<char>((pos() + i) % 251);
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 m_size;
};

/** A key whose token answers with a scripted value or error, once or always, and then
 *  signs with @p real: a token that fails or misbehaves mid-way. */
class ScriptedSigningKey final : public SigningKey
{
public:
    ScriptedSigningKey(std::shared_ptr<SigningKey> real, Result<QByteArray> answer, int times)
        : m_real(std::move(real))
        , m_answer(std::move(answer))
        , m_times(times)
    { }
    CertificateInfo certificate() const override { return m_real->certificate(); }
    Result<QByteArray> signSha256(const QByteArray &digest) override
    {
        ++m_calls;
        return m_calls <= m_times ? m_answer : m_real->signSha256(digest);
    }
    int calls() const { return m_calls; }

private:
    std::shared_ptr<SigningKey> m_real;
    Result<QByteArray> m_answer;
    int m_times;
    int m_calls = 0;
};

/** @p p7s re-encoded by OpenSSL with the signature value of @p other: equal to @p other
 *  when both have the same structure and signed attributes (ECDSA values differ). */
QByteArray withSignatureValueOf(const QByteArray &p7s, const QByteArray &other)
{
    auto parse = [](const QByteArray &der) {
        const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
        return d2i_CMS_ContentInfo(nullptr, &p, der.size());
    };
    CMS_ContentInfo *cms = parse(p7s);
    CMS_ContentInfo *otherCms = parse(other);
    QByteArray result;
    if (cms && otherCms && sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms)) == 1) {
        const ASN1_OCTET_STRING *value
            = CMS_SignerInfo_get0_signature(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(otherCms), 0));
        ASN1_OCTET_STRING *target
            = CMS_SignerInfo_get0_signature(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0));
        if (ASN1_STRING_set(target, ASN1_STRING_get0_data(value), ASN1_STRING_length(value)) == 1) {
            unsigned char *der = nullptr;
            const int length = i2d_CMS_ContentInfo(cms, &der);
            if (length > 0)
                result = QByteArray(reinterpret_cast<const char *>(der), length);
            OPENSSL_free(der);
        }
    }
    CMS_ContentInfo_free(cms);
    CMS_ContentInfo_free(otherCms);
    return result;
}

long peakRssKiB()
{
    struct rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

class tst_CadesSigner : public QObject
{
    Q_OBJECT

private:
    TokenCertificate tokenCertificate(char id)
    {
        auto all = m_token->certificates();
        if (all) {
            for (const TokenCertificate &c : *all) {
                if (c.keyId == QByteArray(1, id))
                    return c;
            }
        }
        return {};
    }

    /** "rsa", "ec", "rsa-aa" (token keys 01, 02, 03) or "software" (the e-seal PKCS#12). */
    std::shared_ptr<SigningKey> key(const QString &name, const Clock &clock)
    {
        if (name == QLatin1String("software")) {
            auto software = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                               "seal-pass", clock);
            return software ? std::shared_ptr<SigningKey>(std::move(*software)) : nullptr;
        }
        const char id = name == QLatin1String("rsa") ? '\x01' : name == QLatin1String("ec") ? '\x02' : '\x03';
        return std::make_shared<TokenSigningKey>(m_token, tokenCertificate(id), clock);
    }

    QString file(const QString &name) const { return m_work.filePath(name); }

    /** @p extra: more arguments (a later -CAfile replaces the root). */
    ProcessResult cmsVerify(const QString &p7s, const QString &content, const QStringList &extra = {}) const
    {
        return openssl(QStringList {QStringLiteral("cms"), QStringLiteral("-verify"),
                                    QStringLiteral("-cades"), QStringLiteral("-binary"),
                                    QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"),
                                    p7s, QStringLiteral("-content"), content, QStringLiteral("-CAfile"),
                                    m_fixture.pkiFile(QStringLiteral("ca-root.pem")),
                                    QStringLiteral("-purpose"), QStringLiteral("any"), QStringLiteral("-out"),
                                    QStringLiteral("/dev/null")}
                       + extra);
    }

    SoftHsmFixture m_fixture;
    QTemporaryDir m_work;
    std::shared_ptr<ScriptedPinProvider> m_pins = std::make_shared<ScriptedPinProvider>(SoftHsmFixture::pin);
    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    std::shared_ptr<Token> m_token;
    SystemClock m_clock;
    TestTsa m_tsa;
    CertificateInfo m_issuingCa;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        QVERIFY(m_work.isValid());
        const QString failure = m_fixture.createAndOpen(m_pins, m_provider, m_token);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_issuingCa = pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY(!m_issuingCa.isNull());
        const QString tsaFailure = m_tsa.load(m_fixture.pkiFile(QStringLiteral("tsa.pem")),
                                              m_fixture.pkiFile(QStringLiteral("tsa.key")),
                                              m_fixture.pkiFile(QStringLiteral("qca.pem")));
        QVERIFY2(tsaFailure.isEmpty(), qPrintable(tsaFailure));

        QVERIFY(writeFile(file(QStringLiteral("text.txt")),
                          QStringLiteral("Изходящ № 1234/23.11.2026\nОтносно: искане за достъп до "
                                         "обществена информация\nС уважение, Иван Иванов\n")
                              .toUtf8()));
        // 5 MB of pseudo-random bytes, fixed seed: several read chunks, not compressible.
        QFile binary(file(QStringLiteral("binary.bin")));
        QVERIFY(binary.open(QIODevice::WriteOnly));
        QRandomGenerator generator(20261123);
        QByteArray chunk(1024 * 1024, Qt::Uninitialized);
        for (int i = 0; i < 5; ++i) {
            generator.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
            QCOMPARE(binary.write(chunk), chunk.size());
        }
        binary.close();
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
        m_tsa.setBehaviour(TestTsa::Behaviour::Grant);
    }

    void signsAndOpenSslVerifies_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<QString>("content");
        QTest::addColumn<bool>("timestamped");
        for (const char *keyName : {"rsa", "ec", "rsa-aa", "software"}) {
            for (const char *content : {"text.txt", "binary.bin"}) {
                QTest::addRow("%s %s B-B", keyName, content)
                    << QString::fromLatin1(keyName) << QString::fromLatin1(content) << false;
            }
            QTest::addRow("%s text.txt B-T", keyName)
                << QString::fromLatin1(keyName) << QStringLiteral("text.txt") << true;
        }
    }
    void signsAndOpenSslVerifies()
    {
        QFETCH(QString, keyName);
        QFETCH(QString, content);
        QFETCH(bool, timestamped);
        auto signingKey = key(keyName, m_clock);
        QVERIFY(signingKey);
        CadesSigner signer(signingKey, m_clock);
        signer.setChain({m_issuingCa});
        if (timestamped)
            signer.setTimestampClient(&m_tsa);

        const QString contentPath = file(content);
        const QString p7s
            = file(QStringLiteral("%1-%2-%3.p7s").arg(keyName, content, timestamped ? "T" : "B"));
        QFile input(contentPath);
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        const int requestsBefore = m_tsa.requestCount();
        const Status signedOk = signer.signToFile(input, p7s);
        QVERIFY2(signedOk.ok(), qPrintable(signedOk.error().toString()));
        const QDateTime after = QDateTime::currentDateTimeUtc().addSecs(1);
        QCOMPARE(m_tsa.requestCount() - requestsBefore, timestamped ? 1 : 0);
        // PIN per signature for the always-authenticate key only.
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), keyName == QLatin1String("rsa-aa") ? 1 : 0);

        const ProcessResult verified = cmsVerify(p7s, contentPath);
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.output));
        QVERIFY2(verified.output.contains(QLatin1String("Verification successful")),
                 qPrintable(verified.output));

        // One byte changed in the middle of the content: the oracle refuses (content digest check).
        QByteArray tampered = readAll(contentPath);
        tampered[tampered.size() / 2] = static_cast<char>(tampered.at(tampered.size() / 2) ^ 0x20);
        const QString tamperedPath = file(QStringLiteral("tampered-") + content);
        QVERIFY(writeFile(tamperedPath, tampered));
        const ProcessResult refused = cmsVerify(p7s, tamperedPath);
        QVERIFY2(refused.exitCode != 0, qPrintable(refused.output));
        QVERIFY2(refused.output.contains(QLatin1String("CMS_SignerInfo_verify_content")),
                 qPrintable(refused.output));

        // The signed attributes as openssl prints them.
        const ProcessResult printed
            = openssl({QStringLiteral("cms"), QStringLiteral("-cmsout"), QStringLiteral("-print"),
                       QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), p7s});
        QCOMPARE(printed.exitCode, 0);
        for (const char *attribute :
             {"contentType", "messageDigest", "signingTime", "id-smime-aa-signingCertificateV2"})
            QVERIFY2(printed.output.contains(QLatin1String(attribute)), attribute);
        QCOMPARE(printed.output.contains(QLatin1String("id-smime-aa-timeStampToken")), timestamped);

        auto info = CadesInspector::inspect(readAll(p7s));
        QVERIFY2(info.ok(), qPrintable(info.error().toString()));
        QVERIFY(info->isDetached);
        QCOMPARE(info->signer.der(), signingKey->certificate().der());
        QCOMPARE(info->certificates.size(), 2);
        QVERIFY(info->certificates.at(0).der() == m_issuingCa.der()
                || info->certificates.at(1).der() == m_issuingCa.der());
        QCOMPARE(info->digestAlgorithm, s_sha256Oid);
        QCOMPARE(info->contentType, QStringLiteral("1.2.840.113549.1.7.1"));
        QCOMPARE(info->messageDigest, fileSha256(contentPath));
        QVERIFY(info->hasSigningCertificateV2);
        QVERIFY(info->signingCertificateV2Matches);
        QVERIFY2(info->signingTime >= before && info->signingTime <= after,
                 qPrintable(info->signingTime.toString(Qt::ISODate)));
        QVERIFY(!info->signatureValue.isEmpty());

        if (!timestamped) {
            QVERIFY(info->timestampToken.isEmpty());
            return;
        }
        QVERIFY(!info->timestampToken.isEmpty());
        QCOMPARE(info->timestampImprintAlgorithm, s_sha256Oid);
        QCOMPARE(info->timestampImprint, sha256(info->signatureValue));
        QVERIFY(info->timestampTime >= before && info->timestampTime <= after);
        const QString token = file(QStringLiteral("%1.tst").arg(keyName));
        QVERIFY(writeFile(token, info->timestampToken));
        const QStringList tsVerify {QStringLiteral("ts"),
                                    QStringLiteral("-verify"),
                                    QStringLiteral("-token_in"),
                                    QStringLiteral("-in"),
                                    token,
                                    QStringLiteral("-CAfile"),
                                    m_fixture.pkiFile(QStringLiteral("ca-root.pem")),
                                    QStringLiteral("-untrusted"),
                                    m_fixture.pkiFile(QStringLiteral("qca.pem")),
                                    QStringLiteral("-digest")};
        const ProcessResult tsOk
            = openssl(tsVerify + QStringList {QString::fromLatin1(sha256(info->signatureValue).toHex())});
        QVERIFY2(tsOk.exitCode == 0 && tsOk.output.contains(QLatin1String("Verification: OK")),
                 qPrintable(tsOk.output));
        // The token is bound to this signature value and no other.
        const ProcessResult tsOther
            = openssl(tsVerify + QStringList {QString::fromLatin1(sha256("other").toHex())});
        QVERIFY2(tsOther.exitCode != 0, qPrintable(tsOther.output));
    }

    void signaturesPerSecond_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::newRow("token RSA-2048") << QStringLiteral("rsa");
        QTest::newRow("token P-256") << QStringLiteral("ec");
        QTest::newRow("token always-auth RSA") << QStringLiteral("rsa-aa");
        QTest::newRow("software RSA-2048") << QStringLiteral("software");
    }
    void signaturesPerSecond()
    {
        QFETCH(QString, keyName);
        auto signingKey = key(keyName, m_clock);
        QVERIFY(signingKey);
        CadesSigner signer(signingKey, m_clock);
        signer.setChain({m_issuingCa});
        const QByteArray document = "Писмо № 17";
        constexpr int count = 100;
        QElapsedTimer timer;
        timer.start();
        QByteArray last;
        for (int i = 0; i < count; ++i) {
            QBuffer buffer;
            buffer.setData(document + QByteArray::number(i));
            QVERIFY(buffer.open(QIODevice::ReadOnly));
            auto p7s = signer.sign(buffer);
            QVERIFY2(p7s.ok(), qPrintable(p7s.error().toString()));
            last = *p7s;
        }
        const qint64 ms = qMax<qint64>(1, timer.elapsed());
        qInfo("%s: %d CAdES-B-B signatures in %lld ms = %.0f/s, %lld bytes each", qPrintable(keyName), count,
              ms, count * 1000.0 / static_cast<double>(ms), static_cast<long long>(last.size()));
        auto info = CadesInspector::inspect(last);
        QVERIFY(info.ok());
        QCOMPARE(info->messageDigest, sha256(document + QByteArray::number(count - 1)));
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), keyName == QLatin1String("rsa-aa") ? count : 0);
    }

    void streamsLargeContent()
    {
        constexpr qint64 size = 256LL * 1024 * 1024;
        GeneratedDevice reference(size);
        auto expected = CadesSigner::sha256(reference);
        QVERIFY(expected.ok());
        const long peakBefore = peakRssKiB();
        CadesSigner signer(key(QStringLiteral("ec"), m_clock), m_clock);
        GeneratedDevice content(size);
        QElapsedTimer timer;
        timer.start();
        auto p7s = signer.sign(content);
        const qint64 ms = timer.elapsed();
        QVERIFY2(p7s.ok(), qPrintable(p7s.error().toString()));
        const long grownKiB = peakRssKiB() - peakBefore;
        qInfo("256 MiB signed in %lld ms, peak RSS grew by %ld KiB", static_cast<long long>(ms), grownKiB);
        QVERIFY2(grownKiB < 16 * 1024, qPrintable(QString::number(grownKiB)));
        auto info = CadesInspector::inspect(*p7s);
        QVERIFY(info.ok());
        QCOMPARE(info->messageDigest, *expected);
    }

    void wrongPinGivesNoOutput()
    {
        QVERIFY(m_token->logout().ok());
        m_pins->setPin("000000");
        CadesSigner signer(key(QStringLiteral("rsa"), m_clock), m_clock);
        QFile input(file(QStringLiteral("text.txt")));
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QString p7s = file(QStringLiteral("wrong-pin.p7s"));
        const Status result = signer.signToFile(input, p7s);
        QCOMPARE(result.error().code, ErrorCode::WrongPin);
        QVERIFY(!QFile::exists(p7s));
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), 1);
    }

    void cancelledPin_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<int>("kind");
        QTest::newRow("login") << QStringLiteral("rsa") << int(PinRequest::Kind::Login);
        QTest::newRow("per-signature PIN") << QStringLiteral("rsa-aa") << int(PinRequest::Kind::Signature);
    }
    void cancelledPin()
    {
        QFETCH(QString, keyName);
        QFETCH(int, kind);
        if (kind == int(PinRequest::Kind::Login))
            QVERIFY(m_token->logout().ok());
        else
            QVERIFY(m_token->login().ok());
        m_pins->clear();
        m_pins->setCancel();
        CadesSigner signer(key(keyName, m_clock), m_clock);
        QFile input(file(QStringLiteral("text.txt")));
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QString p7s = file(QStringLiteral("cancelled.p7s"));
        const Status result = signer.signToFile(input, p7s);
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QVERIFY(result.error().isCancelled());
        QVERIFY(!QFile::exists(p7s));
        QCOMPARE(m_pins->count(static_cast<PinRequest::Kind>(kind)), 1);
    }

    void refusesCertificateOutsideValidity_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<bool>("expired");
        QTest::newRow("token, expired") << QStringLiteral("rsa") << true;
        QTest::newRow("token always-auth, expired") << QStringLiteral("rsa-aa") << true;
        QTest::newRow("software, expired") << QStringLiteral("software") << true;
        QTest::newRow("token, not yet valid") << QStringLiteral("ec") << false;
    }
    void refusesCertificateOutsideValidity()
    {
        QFETCH(QString, keyName);
        QFETCH(bool, expired);
        QVERIFY(m_token->logout().ok());
        m_pins->clear();
        auto signingKey = key(keyName, m_clock);
        QVERIFY(signingKey);
        const CertificateInfo certificate = signingKey->certificate();
        TestClock clock(expired ? certificate.notAfter().addDays(1) : certificate.notBefore().addDays(-1));
        CadesSigner signer(signingKey, clock);
        QFile input(file(QStringLiteral("text.txt")));
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QString p7s = file(QStringLiteral("expired.p7s"));
        const Status result = signer.signToFile(input, p7s);
        QCOMPARE(result.error().code, ErrorCode::CertExpired);
        QVERIFY(!QFile::exists(p7s));
        // Refused before the token was asked for anything.
        QVERIFY(m_pins->requests().isEmpty());
        // The key refuses on its own too.
        auto lateKey = key(keyName, clock);
        QCOMPARE(lateKey->signSha256(sha256("x")).error().code, ErrorCode::CertExpired);
    }

    void unreadableInputIsAnError()
    {
        CadesSigner signer(key(QStringLiteral("ec"), m_clock), m_clock);
        QFile closed(file(QStringLiteral("text.txt")));
        const QString p7s = file(QStringLiteral("unreadable.p7s"));
        Status result = signer.signToFile(closed, p7s);
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QFile writeOnly(file(QStringLiteral("write-only.bin")));
        QVERIFY(writeOnly.open(QIODevice::WriteOnly));
        QCOMPARE(signer.sign(writeOnly).error().code, ErrorCode::InvalidInput);
        FailingDevice failing;
        result = signer.signToFile(failing, p7s);
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY2(result.error().detail.contains(QLatin1String("simulated read error")),
                 qPrintable(result.error().detail));
        QVERIFY(!QFile::exists(p7s));
        QVERIFY(m_pins->requests().isEmpty());
        QCOMPARE(signer.signDigest("short").error().code, ErrorCode::InvalidInput);
    }

    void batchSignsEveryDocument_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<bool>("timestamped");
        for (const char *keyName : {"rsa", "ec", "rsa-aa", "software"})
            QTest::addRow("%s B-B", keyName) << QString::fromLatin1(keyName) << false;
        QTest::addRow("ec B-T (one by one)") << QStringLiteral("ec") << true;
    }
    void batchSignsEveryDocument()
    {
        QFETCH(QString, keyName);
        QFETCH(bool, timestamped);
        CadesSigner signer(key(keyName, m_clock), m_clock);
        signer.setChain({m_issuingCa});
        if (timestamped)
            signer.setTimestampClient(&m_tsa);
        constexpr int count = 7;
        std::array<QBuffer, count> buffers;
        QList<QIODevice *> contents;
        for (int i = 0; i < count; ++i) {
            buffers[i].setData(
                QStringLiteral("Изходящ № %1/04.12.2026\n").arg(1000 + i).toUtf8().repeated(i + 1));
            QVERIFY(buffers[i].open(QIODevice::ReadOnly));
            contents.append(&buffers[i]);
        }
        QList<qsizetype> progress;
        const CadesBatchResult made = signer.signBatch(contents, [&](qsizetype done) {
            progress.append(done);
            return true;
        });
        QVERIFY2(made.status.ok(), qPrintable(made.status.error().toString()));
        QCOMPARE(made.signatures.size(), count);
        QCOMPARE(progress, (QList<qsizetype> {1, 2, 3, 4, 5, 6, 7}));
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), keyName == QLatin1String("rsa-aa") ? count : 0);
        for (int i = 0; i < count; ++i) {
            // Each signature belongs to its own document, in order: the oracle says so.
            const QString content = file(QStringLiteral("batch-%1.txt").arg(i));
            const QString p7s = file(QStringLiteral("batch-%1-%2.p7s").arg(keyName).arg(i));
            QVERIFY(writeFile(content, buffers[i].data()));
            QVERIFY(writeFile(p7s, made.signatures.at(i)));
            const ProcessResult verified = cmsVerify(p7s, content);
            QVERIFY2(verified.exitCode == 0
                         && verified.output.contains(QLatin1String("CAdES Verification successful")),
                     qPrintable(verified.output));
            if (i > 0)
                QVERIFY(cmsVerify(p7s, file(QStringLiteral("batch-%1.txt").arg(i - 1))).exitCode != 0);
        }
    }

    void batchCancelKeepsTheSignaturesMade()
    {
        CadesSigner signer(key(QStringLiteral("ec"), m_clock), m_clock);
        signer.setChain({m_issuingCa});
        constexpr int count = 20;
        std::array<QBuffer, count> buffers;
        QList<QIODevice *> contents;
        for (int i = 0; i < count; ++i) {
            buffers[i].setData("letter " + QByteArray::number(i));
            QVERIFY(buffers[i].open(QIODevice::ReadOnly));
            contents.append(&buffers[i]);
        }
        const CadesBatchResult made = signer.signBatch(contents, [](qsizetype done) { return done < 2; });
        QCOMPARE(made.status.error().code, ErrorCode::Cancelled);
        QVERIFY(made.status.error().isCancelled());
        // Those the token had made before it saw the cancel are kept; it stops short of all.
        QVERIFY2(made.signatures.size() >= 2 && made.signatures.size() < count,
                 qPrintable(QString::number(made.signatures.size())));
        for (qsizetype i = 0; i < made.signatures.size(); ++i) {
            const QString content = file(QStringLiteral("cancel-%1.txt").arg(i));
            const QString p7s = file(QStringLiteral("cancel-%1.p7s").arg(i));
            QVERIFY(writeFile(content, buffers[static_cast<std::size_t>(i)].data()));
            QVERIFY(writeFile(p7s, made.signatures.at(i)));
            QCOMPARE(cmsVerify(p7s, content).exitCode, 0);
        }
    }

    void batchStopsAtAnUnreadableDocument()
    {
        CadesSigner signer(key(QStringLiteral("rsa"), m_clock), m_clock);
        std::array<QBuffer, 3> buffers;
        FailingDevice failing;
        QList<QIODevice *> contents;
        for (QBuffer &buffer : buffers) {
            buffer.setData("readable");
            QVERIFY(buffer.open(QIODevice::ReadOnly));
            contents.append(&buffer);
        }
        contents.insert(2, &failing);
        const CadesBatchResult made = signer.signBatch(contents);
        QCOMPARE(made.status.error().code, ErrorCode::InvalidInput);
        QVERIFY(made.status.error().detail.contains(QLatin1String("simulated read error")));
        QCOMPARE(made.signatures.size(), 2);
        QVERIFY(signer.signBatch({}).status.ok());

        // An expired certificate: nothing is signed and no PIN is asked.
        m_pins->clear();
        TestClock late(key(QStringLiteral("rsa"), m_clock)->certificate().notAfter().addDays(1));
        CadesSigner expired(key(QStringLiteral("rsa"), late), late);
        buffers[0].seek(0);
        const CadesBatchResult refused = expired.signBatch({&buffers[0]});
        QCOMPARE(refused.status.error().code, ErrorCode::CertExpired);
        QVERIFY(refused.signatures.isEmpty());
        QVERIFY(m_pins->requests().isEmpty());
    }

    void timestampFailuresGiveNoOutput_data()
    {
        QTest::addColumn<int>("behaviour");
        QTest::newRow("rejected") << int(TestTsa::Behaviour::Reject);
        QTest::newRow("wrong imprint") << int(TestTsa::Behaviour::WrongImprint);
        QTest::newRow("garbage") << int(TestTsa::Behaviour::Garbage);
    }
    void timestampFailuresGiveNoOutput()
    {
        QFETCH(int, behaviour);
        m_tsa.setBehaviour(static_cast<TestTsa::Behaviour>(behaviour));
        CadesSigner signer(key(QStringLiteral("software"), m_clock), m_clock);
        signer.setTimestampClient(&m_tsa);
        QFile input(file(QStringLiteral("text.txt")));
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QString p7s = file(QStringLiteral("bad-tsa.p7s"));
        const Status result = signer.signToFile(input, p7s);
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY(!result.error().message.isEmpty());
        QVERIFY(!QFile::exists(p7s));
    }

    void signsWithoutSigningTime()
    {
        auto software = SoftwareSigningKey::fromPkcs12File(m_fixture.pkiFile(QStringLiteral("seal.p12")),
                                                           "seal-pass", m_clock);
        QVERIFY(software.ok());
        const QList<CertificateInfo> chain = (*software)->caCertificates();
        CadesSigner signer(std::shared_ptr<SigningKey>(std::move(*software)), m_clock);
        signer.setChain(chain);
        signer.setSigningTimeIncluded(false);
        auto p7s = signer.signDigest(fileSha256(file(QStringLiteral("text.txt"))));
        QVERIFY(p7s.ok());
        const QString path = file(QStringLiteral("no-time.p7s"));
        QVERIFY(writeFile(path, *p7s));
        const ProcessResult verified = cmsVerify(path, file(QStringLiteral("text.txt")));
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.output));
        auto info = CadesInspector::inspect(*p7s);
        QVERIFY(info.ok());
        QVERIFY(info->signingTime.isNull());
        QVERIFY(info->signingCertificateV2Matches);
    }

    void softwareKeyFromPkcs12()
    {
        const QByteArray p12 = readAll(m_fixture.pkiFile(QStringLiteral("seal.p12")));
        QVERIFY(!p12.isEmpty());
        auto opened = SoftwareSigningKey::fromPkcs12(p12, "seal-pass", m_clock);
        QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
        QCOMPARE((*opened)->certificate().keyType(), CertificateInfo::KeyType::Rsa);
        QCOMPARE((*opened)->caCertificates().size(), 1);
        QCOMPARE((*opened)->caCertificates().at(0).der(), m_issuingCa.der());

        QCOMPARE(SoftwareSigningKey::fromPkcs12(p12, "wrong", m_clock).error().code, ErrorCode::WrongPin);
        QCOMPARE(SoftwareSigningKey::fromPkcs12(p12.left(p12.size() / 2), "seal-pass", m_clock).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(SoftwareSigningKey::fromPkcs12File(file(QStringLiteral("missing.p12")), "seal-pass", m_clock)
                     .error()
                     .code,
                 ErrorCode::InvalidInput);
        QCOMPARE((*opened)->signSha256("short").error().code, ErrorCode::InvalidInput);

        // An EVP_PKEY with its certificate (the TSA's EC key), and a key that is not the certificate's.
        BIO *bio
            = BIO_new_file(QFile::encodeName(m_fixture.pkiFile(QStringLiteral("tsa.key"))).constData(), "r");
        EVP_PKEY *ecKey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        QVERIFY(ecKey);
        auto ec = SoftwareSigningKey::fromKey(
            ecKey, pemCertificate(m_fixture.pkiFile(QStringLiteral("tsa.pem"))), m_clock);
        auto mismatched = SoftwareSigningKey::fromKey(ecKey, m_issuingCa, m_clock);
        EVP_PKEY_free(ecKey);
        QVERIFY2(ec.ok(), qPrintable(ec.error().toString()));
        QCOMPARE(mismatched.error().code, ErrorCode::InvalidInput);
        CadesSigner signer(std::shared_ptr<SigningKey>(std::move(*ec)), m_clock);
        signer.setChain({m_issuingCa});
        QFile input(file(QStringLiteral("text.txt")));
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QString path = file(QStringLiteral("software-ec.p7s"));
        QVERIFY(signer.signToFile(input, path).ok());
        const ProcessResult verified = cmsVerify(path, file(QStringLiteral("text.txt")));
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.output));
    }

    // The template path against OpenSSL's CMS path, same key, chain, time and content.
    void templateMatchesOpenSslPath_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<int>("chainKind");
        QTest::addColumn<bool>("signingTime");
        for (const char *keyName : {"rsa", "ec", "rsa-aa", "software"}) {
            QTest::addRow("%s issuing CA", keyName) << QString::fromLatin1(keyName) << 1 << true;
            QTest::addRow("%s no chain, no signingTime", keyName)
                << QString::fromLatin1(keyName) << 0 << false;
            QTest::addRow("%s root, CA, repeats", keyName) << QString::fromLatin1(keyName) << 2 << true;
        }
    }
    void templateMatchesOpenSslPath()
    {
        QFETCH(QString, keyName);
        QFETCH(int, chainKind);
        QFETCH(bool, signingTime);
        TestClock clock(QDateTime::currentDateTimeUtc());
        auto signingKey = key(keyName, clock);
        QVERIFY(signingKey);
        const CertificateInfo root = pemCertificate(m_fixture.pkiFile(QStringLiteral("ca-root.pem")));
        QList<CertificateInfo> chain;
        if (chainKind == 1)
            chain = {m_issuingCa};
        else if (chainKind == 2)
            chain = {root, m_issuingCa, CertificateInfo(), m_issuingCa, signingKey->certificate()};
        CadesSigner fast(signingKey, clock);
        CadesSigner reference(signingKey, clock);
        for (CadesSigner *signer : {&fast, &reference}) {
            signer->setChain(chain);
            signer->setSigningTimeIncluded(signingTime);
        }
        reference.setOpenSslEncoding(true);
        const QString contentPath = file(QStringLiteral("text.txt"));
        QFile input(contentPath);
        QVERIFY(input.open(QIODevice::ReadOnly));
        auto templated = fast.sign(input);
        QVERIFY2(templated.ok(), qPrintable(templated.error().toString()));
        QVERIFY(input.seek(0));
        auto openSsl = reference.sign(input);
        QVERIFY2(openSsl.ok(), qPrintable(openSsl.error().toString()));

        // PKCS#1 v1.5 is deterministic: the same bytes. ECDSA: the same but for the value.
        if (keyName != QLatin1String("ec"))
            QCOMPARE(templated->toHex(), openSsl->toHex());
        QCOMPARE(withSignatureValueOf(*templated, *openSsl).toHex(), openSsl->toHex());
        auto templatedInfo = CadesInspector::inspect(*templated);
        auto openSslInfo = CadesInspector::inspect(*openSsl);
        QVERIFY(templatedInfo.ok() && openSslInfo.ok());
        QCOMPARE(templatedInfo->certificates.size(), chainKind == 0 ? 1 : chainKind == 1 ? 2 : 3);
        QCOMPARE(templatedInfo->certificates.size(), openSslInfo->certificates.size());
        QCOMPARE(templatedInfo->messageDigest, fileSha256(contentPath));
        QCOMPARE(templatedInfo->signingTime.isNull(), !signingTime);
        QVERIFY(templatedInfo->signingCertificateV2Matches);

        const QString p7s = file(QStringLiteral("template-%1-%2.p7s").arg(keyName).arg(chainKind));
        QVERIFY(writeFile(p7s, *templated));
        // Without a chain the issuing CA comes from elsewhere: trusted as well here.
        const QString anchors = file(QStringLiteral("root-and-qca.pem"));
        QVERIFY(writeFile(anchors,
                          readAll(m_fixture.pkiFile(QStringLiteral("ca-root.pem")))
                              + readAll(m_fixture.pkiFile(QStringLiteral("qca.pem")))));
        const ProcessResult verified = cmsVerify(p7s, contentPath, {QStringLiteral("-CAfile"), anchors});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.output));
        CadesVerifier verifier(clock);
        verifier.setTrustAnchors({root, m_issuingCa});
        ValidationPolicy policy;
        policy.revocationRequired = false;
        verifier.setPolicy(policy);
        QVERIFY(input.seek(0));
        const SignatureReport report = verifier.verify(*templated, input);
        QVERIFY2(report.isPassed(), qPrintable(report.errors.join(QLatin1Char('\n'))));
    }

    void templateSigningTimeEncoding_data()
    {
        QTest::addColumn<QDateTime>("time");
        QTest::newRow("UTCTime, first") << QDateTime(QDate(1950, 1, 1), QTime(0, 0), Qt::UTC);
        QTest::newRow("UTCTime, last") << QDateTime(QDate(2049, 12, 31), QTime(23, 59, 59), Qt::UTC);
        QTest::newRow("GeneralizedTime, 2050") << QDateTime(QDate(2050, 1, 1), QTime(0, 0), Qt::UTC);
        QTest::newRow("GeneralizedTime, 1949") << QDateTime(QDate(1949, 12, 31), QTime(23, 59, 59), Qt::UTC);
        QTest::newRow("milliseconds dropped") << QDateTime(QDate(2026, 2, 28), QTime(7, 5, 9, 999), Qt::UTC);
        QTest::newRow("other zone") << QDateTime(QDate(2026, 7, 1), QTime(1, 30), Qt::OffsetFromUTC,
                                                 3 * 3600);
    }
    void templateSigningTimeEncoding()
    {
        QFETCH(QDateTime, time);
        auto cmsTemplate = CadesTemplate::create(key(QStringLiteral("ec"), m_clock)->certificate(), {});
        QVERIFY2(cmsTemplate.ok(), qPrintable(cmsTemplate.error().toString()));
        const QByteArray attributes = cmsTemplate->signedAttributes(QByteArray(32, 'd'), time);
        ASN1_TIME *expected = ASN1_TIME_set(nullptr, static_cast<time_t>(time.toSecsSinceEpoch()));
        QVERIFY(expected);
        unsigned char *der = nullptr;
        const int length = i2d_ASN1_TIME(expected, &der);
        const QByteArray expectedDer(reinterpret_cast<const char *>(der), length);
        OPENSSL_free(der);
        ASN1_TIME_free(expected);
        QVERIFY2(attributes.contains(expectedDer),
                 QByteArray(attributes.toHex() + " lacks " + expectedDer.toHex()).constData());
    }

    void templateRefusesUnknownKeyType()
    {
        QCOMPARE(CadesTemplate::create(CertificateInfo(), {}).error().code, ErrorCode::InvalidInput);
    }

    // A token answering with a value that cannot be its key's: an error, no file.
    void malformedSignatureValueGivesNoOutput_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<QByteArray>("value");
        const QByteArray der = SignatureEncoding::ecdsaRawToDer(QByteArray(64, '\x05')).valueOr({});
        QTest::newRow("RSA value one byte short") << QStringLiteral("rsa") << QByteArray(255, '\x01');
        QTest::newRow("RSA value one byte long") << QStringLiteral("rsa") << QByteArray(257, '\x01');
        QTest::newRow("RSA empty value") << QStringLiteral("rsa") << QByteArray();
        QTest::newRow("EC raw r||s, not DER") << QStringLiteral("ec") << QByteArray(64, '\x05');
        QTest::newRow("EC DER with a trailing byte") << QStringLiteral("ec") << der + '\x00';
        QTest::newRow("EC DER cut short") << QStringLiteral("ec") << der.chopped(1);
        QTest::newRow("EC components longer than P-256's")
            << QStringLiteral("ec") << SignatureEncoding::ecdsaRawToDer(QByteArray(66, '\x01')).valueOr({});
        QTest::newRow("EC empty value") << QStringLiteral("ec") << QByteArray();
    }
    void malformedSignatureValueGivesNoOutput()
    {
        QFETCH(QString, keyName);
        QFETCH(QByteArray, value);
        auto scripted = std::make_shared<ScriptedSigningKey>(key(keyName, m_clock), value, 1);
        CadesSigner signer(scripted, m_clock);
        signer.setChain({m_issuingCa});
        QFile input(file(QStringLiteral("text.txt")));
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QString p7s = file(QStringLiteral("malformed-value.p7s"));
        const Status result = signer.signToFile(input, p7s);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY(!QFile::exists(p7s));
        QCOMPARE(scripted->calls(), 1);
    }

    // The key fails once (card pulled, PIN refused): no output; the next signature is whole.
    void keyFailureMidwayGivesNoOutput_data()
    {
        QTest::addColumn<QString>("keyName");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("openSsl");
        for (const bool openSsl : {false, true}) {
            const char *path = openSsl ? "OpenSSL path" : "template";
            QTest::addRow("EC token removed, %s", path)
                << QStringLiteral("ec") << int(ErrorCode::TokenRemoved) << openSsl;
            QTest::addRow("RSA wrong PIN, %s", path)
                << QStringLiteral("rsa") << int(ErrorCode::WrongPin) << openSsl;
            QTest::addRow("EC cancelled, %s", path)
                << QStringLiteral("ec") << int(ErrorCode::Cancelled) << openSsl;
        }
    }
    void keyFailureMidwayGivesNoOutput()
    {
        QFETCH(QString, keyName);
        QFETCH(int, code);
        QFETCH(bool, openSsl);
        auto scripted = std::make_shared<ScriptedSigningKey>(
            key(keyName, m_clock), makeError(static_cast<ErrorCode>(code), QStringLiteral("scripted")), 1);
        CadesSigner signer(scripted, m_clock);
        signer.setChain({m_issuingCa});
        signer.setOpenSslEncoding(openSsl);
        const QString contentPath = file(QStringLiteral("text.txt"));
        QFile input(contentPath);
        QVERIFY(input.open(QIODevice::ReadOnly));
        const QString p7s = file(QStringLiteral("midway-%1.p7s").arg(code));
        const Status failed = signer.signToFile(input, p7s);
        QCOMPARE(int(failed.error().code), code);
        QVERIFY(!QFile::exists(p7s));
        QVERIFY(input.seek(0));
        const Status second = signer.signToFile(input, p7s);
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));
        const ProcessResult verified = cmsVerify(p7s, contentPath);
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.output));
        QVERIFY(QFile::remove(p7s));
    }

    void inspectorRejectsMalformed_data()
    {
        const QByteArray good = readAll(file(QStringLiteral("rsa-text.txt-T.p7s")));
        QVERIFY(!good.isEmpty());
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated to half") << good.left(good.size() / 2);
        QTest::newRow("last byte missing") << good.chopped(1);
        QTest::newRow("trailing byte") << good + '\0';
        QTest::newRow("garbage") << QByteArray("-----BEGIN PKCS7-----\nnot really\n");
        QTest::newRow("a certificate") << m_issuingCa.der();
        // Breaks the DER length of the outer SEQUENCE.
        QByteArray badLength = good;
        badLength[1] = '\x85';
        QTest::newRow("bad length") << badLength;
    }
    void inspectorRejectsMalformed()
    {
        QFETCH(QByteArray, data);
        auto info = CadesInspector::inspect(data);
        QVERIFY(!info.ok());
        QCOMPARE(info.error().code, ErrorCode::InvalidInput);
        QVERIFY(info.error().message.contains(QLatin1String("not a valid CAdES signature")));
    }
};

QTEST_GUILESS_MAIN(tst_CadesSigner)
#include "tst_CadesSigner.moc"
