// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScriptedPinProvider.h"
#include "SoftHsmFixture.h"
#include "TestClock.h"
#include "core/Clock.h"
#include "signing/SignatureBatch.h"
#include "signing/TokenSigningKey.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"

#include <QCryptographicHash>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <thread>
#include <vector>

using namespace dms;

namespace {

/** EVP_DigestVerify with SHA-256 against the certificate's public key: the oracle. */
bool verifiesWithOpenSsl(const CertificateInfo &certificate, const QByteArray &data,
                         const QByteArray &signature)
{
    const auto *p = reinterpret_cast<const unsigned char *>(certificate.der().constData());
    X509 *x509 = d2i_X509(nullptr, &p, certificate.der().size());
    if (!x509)
        return false;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, X509_get0_pubkey(x509)) == 1
        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()),
                            signature.size(), reinterpret_cast<const unsigned char *>(data.constData()),
                            data.size())
            == 1;
    EVP_MD_CTX_free(ctx);
    X509_free(x509);
    return ok;
}

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

} // namespace

class tst_Pkcs11TokenProvider : public QObject
{
    Q_OBJECT

private:
    /** The certificate with @p id on QES-TEST. */
    TokenCertificate certificate(char id)
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

    SoftHsmFixture m_fixture;
    std::shared_ptr<ScriptedPinProvider> m_pins = std::make_shared<ScriptedPinProvider>(SoftHsmFixture::pin);
    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    std::shared_ptr<Token> m_token;
    SystemClock m_clock;

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));

        auto provider = Pkcs11TokenProvider::load(m_pins);
        QVERIFY2(provider.ok(), qPrintable(provider.error().toString()));
        m_provider = *provider;
        QVERIFY(m_provider->modulePath().endsWith(QStringLiteral("p11-kit-proxy.so")));
    }

    void cleanupTestCase()
    {
        // The last reference: C_Finalize on the worker thread, before exit.
        m_token.reset();
        m_provider.reset();
    }

    void init()
    {
        m_pins->setPin(SoftHsmFixture::pin);
        m_pins->clear();
    }

    void discoversTokens()
    {
        auto tokens = m_provider->tokens();
        QVERIFY2(tokens.ok(), qPrintable(tokens.error().toString()));
        QStringList labels;
        for (const auto &token : *tokens) {
            labels.append(token->info().label);
            if (token->info().label == QLatin1String("QES-TEST"))
                m_token = token;
        }
        QVERIFY2(labels.contains(QStringLiteral("QES-TEST")), qPrintable(labels.join(QLatin1Char(','))));
        QVERIFY(labels.contains(QStringLiteral("QES-LOCK")));
        QVERIFY(m_token);
        const TokenInfo info = m_token->info();
        QVERIFY(info.loginRequired);
        QVERIFY(!info.hasPinPad);
        QCOMPARE(info.pinState, PinState::Ok);
        QVERIFY(!info.serialNumber.isEmpty());
        QCOMPARE(info.manufacturer, QStringLiteral("SoftHSM project"));
        QVERIFY(m_pins->requests().isEmpty());
    }

    void listsCertificatesPairedWithKeys()
    {
        QVERIFY(m_token);
        auto certificates = m_token->certificates();
        QVERIFY2(certificates.ok(), qPrintable(certificates.error().toString()));
        QMap<QByteArray, QString> labels;
        for (const TokenCertificate &c : *certificates) {
            labels.insert(c.keyId, c.label);
            QVERIFY2(c.hasKey, qPrintable(c.label));
            QVERIFY(!c.certificate.isNull());
        }
        QCOMPARE(labels.value(QByteArray("\x01")), QStringLiteral("signer-rsa"));
        QCOMPARE(labels.value(QByteArray("\x02")), QStringLiteral("signer-ec"));
        QCOMPARE(labels.value(QByteArray("\x03")), QStringLiteral("signer-rsa-aa"));
        QCOMPARE(labels.value(QByteArray("\x04")), QStringLiteral("plain-rsa"));
        QCOMPARE(labels.size(), 4);
        // Listing needs no PIN.
        QVERIFY(m_pins->requests().isEmpty());
    }

    void offersOnlyNonRepudiationCertificates()
    {
        QVERIFY(m_token);
        auto qualified = m_token->qualifiedCertificates();
        QVERIFY(qualified.ok());
        QStringList labels;
        for (const TokenCertificate &c : *qualified) {
            labels.append(c.label);
            QVERIFY(c.certificate.hasNonRepudiation());
        }
        labels.sort();
        QCOMPARE(labels,
                 QStringList({QStringLiteral("signer-ec"), QStringLiteral("signer-rsa"),
                              QStringLiteral("signer-rsa-aa")}));
    }

    void signsAndOpenSslVerifies_data()
    {
        QTest::addColumn<char>("id");
        QTest::addColumn<int>("minSize");
        QTest::addColumn<int>("maxSize");
        QTest::newRow("RSA-2048") << '\x01' << 256 << 256;
        QTest::newRow("ECDSA P-256 (DER)") << '\x02' << 8 << 72;
    }
    void signsAndOpenSslVerifies()
    {
        QFETCH(char, id);
        QFETCH(int, minSize);
        QFETCH(int, maxSize);
        QVERIFY(m_token);
        TokenSigningKey key(m_token, certificate(id), m_clock);
        QVERIFY(!key.certificate().isNull());
        const QByteArray data = "Изходящ № 1234/23.11.2026";
        auto signature = key.signSha256(sha256(data));
        QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
        QVERIFY(signature->size() >= minSize && signature->size() <= maxSize);
        QVERIFY(verifiesWithOpenSsl(key.certificate(), data, *signature));
        QVERIFY(!verifiesWithOpenSsl(key.certificate(), data + ".", *signature));
        // Logged in at most once, never a per-signature PIN for these keys.
        QVERIFY(m_pins->count(PinRequest::Kind::Login) <= 1);
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), 0);
    }

    void refusesBadDigest()
    {
        TokenSigningKey key(m_token, certificate('\x01'), m_clock);
        QCOMPARE(key.signSha256("short").error().code, ErrorCode::InvalidInput);
        TokenSigningKey ecKey(m_token, certificate('\x02'), m_clock);
        QCOMPARE(ecKey.signSha256(QByteArray(20, 'x')).error().code, ErrorCode::InvalidInput);
    }

    void wrongPinThenRightPin()
    {
        QVERIFY(m_token->logout().ok());
        m_pins->setPin("000000");
        TokenSigningKey key(m_token, certificate('\x01'), m_clock);
        auto failed = key.signSha256(sha256("a"));
        QCOMPARE(failed.error().code, ErrorCode::WrongPin);
        // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a wrong PIN; the message passes it on.
        QVERIFY2(failed.error().message.contains(QStringLiteral("few tries")),
                 qPrintable(failed.error().message));
        QVERIFY(!failed.error().detail.contains(QStringLiteral("000000")));

        m_pins->setPin(SoftHsmFixture::pin);
        auto signature = key.signSha256(sha256("a"));
        QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
        QVERIFY(verifiesWithOpenSsl(key.certificate(), "a", *signature));
        const auto requests = m_pins->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).pinState, PinState::Ok);
        QCOMPARE(requests.at(1).pinState, PinState::CountLow);
        QCOMPARE(requests.at(1).tokenLabel, QStringLiteral("QES-TEST"));
        QCOMPARE(requests.at(1).kind, PinRequest::Kind::Login);
    }

    void cancelledLoginGivesNoSignature()
    {
        QVERIFY(m_token->logout().ok());
        m_pins->setCancel();
        TokenSigningKey key(m_token, certificate('\x02'), m_clock);
        auto signature = key.signSha256(sha256("b"));
        QVERIFY(!signature.ok());
        QCOMPARE(signature.error().code, ErrorCode::Cancelled);
        QVERIFY(signature.error().isCancelled());
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), 1);
    }

    void alwaysAuthenticateAsksPinForEverySignature()
    {
        QVERIFY(m_token->login().ok());
        m_pins->clear();
        TokenSigningKey key(m_token, certificate('\x03'), m_clock);
        for (int i = 0; i < 3; ++i) {
            const QByteArray data = QByteArray::number(i);
            auto signature = key.signSha256(sha256(data));
            QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
            QVERIFY(verifiesWithOpenSsl(key.certificate(), data, *signature));
            QCOMPARE(m_pins->count(PinRequest::Kind::Signature), i + 1);
        }
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), 0);
        QCOMPARE(m_pins->requests().constLast().keyLabel, QStringLiteral("signer-rsa-aa"));

        // An ordinary key on the same token needs no further PIN.
        TokenSigningKey plain(m_token, certificate('\x01'), m_clock);
        QVERIFY(plain.signSha256(sha256("c")).ok());
        QCOMPARE(m_pins->requests().size(), 3);
    }

    void alwaysAuthenticateCancelAndWrongPin()
    {
        QVERIFY(m_token->login().ok());
        TokenSigningKey key(m_token, certificate('\x03'), m_clock);
        m_pins->setCancel();
        QCOMPARE(key.signSha256(sha256("d")).error().code, ErrorCode::Cancelled);
        m_pins->setPin("999999");
        QCOMPARE(key.signSha256(sha256("d")).error().code, ErrorCode::WrongPin);
        // The abandoned operations leave the session usable and still logged in.
        m_pins->setPin(SoftHsmFixture::pin);
        m_pins->clear();
        auto signature = key.signSha256(sha256("d"));
        QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
        QVERIFY(verifiesWithOpenSsl(key.certificate(), "d", *signature));
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), 0);
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), 1);
    }

    void unknownKeyIsKeyNotFound()
    {
        auto signature = m_token->signRaw(QByteArray("\x09"), SignMechanism::Ecdsa, QByteArray(32, 'x'));
        QCOMPARE(signature.error().code, ErrorCode::KeyNotFound);
    }

    void expiredCertificateIsRefusedBeforeAnyPin()
    {
        QVERIFY(m_token->logout().ok());
        m_pins->clear();
        const TokenCertificate cert = certificate('\x01');
        TestClock clock(cert.certificate.notAfter().addDays(1));
        TokenSigningKey key(m_token, cert, clock);
        QCOMPARE(key.signSha256(sha256("e")).error().code, ErrorCode::CertExpired);
        clock.set(cert.certificate.notBefore().addSecs(-60));
        QCOMPARE(key.signSha256(sha256("e")).error().code, ErrorCode::CertExpired);
        QVERIFY(m_pins->requests().isEmpty());
    }

    void concurrentCallersAreSerialised()
    {
        QVERIFY(m_token->login().ok());
        TokenSigningKey rsa(m_token, certificate('\x01'), m_clock);
        TokenSigningKey ec(m_token, certificate('\x02'), m_clock);
        std::vector<std::thread> threads;
        std::vector<int> verified(8, 0);
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                SigningKey &key = t % 2 ? static_cast<SigningKey &>(ec) : static_cast<SigningKey &>(rsa);
                int ok = 0;
                for (int i = 0; i < 10; ++i) {
                    const QByteArray data = QByteArray::number(t * 100 + i);
                    auto signature = key.signSha256(sha256(data));
                    ok += signature.ok() && verifiesWithOpenSsl(key.certificate(), data, *signature) ? 1 : 0;
                }
                verified[t] = ok;
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        for (int t = 0; t < 8; ++t)
            QCOMPARE(verified[t], 10);
    }

    void batchSignsInOrder_data()
    {
        QTest::addColumn<char>("id");
        QTest::newRow("RSA-2048") << '\x01';
        QTest::newRow("ECDSA P-256") << '\x02';
    }
    void batchSignsInOrder()
    {
        QFETCH(char, id);
        QVERIFY(m_token->logout().ok());
        TokenSigningKey key(m_token, certificate(id), m_clock);
        auto batch = key.startSha256Batch();
        QList<QByteArray> data;
        for (int i = 0; i < 20; ++i) {
            data.append("letter " + QByteArray::number(i));
            batch->add(sha256(data.constLast()));
        }
        for (int i = 0; i < 20; ++i) {
            auto signature = batch->take();
            QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
            QVERIFY2(verifiesWithOpenSsl(key.certificate(), data.at(i), *signature), qPrintable(data.at(i)));
            // PKCS#1 v1.5 is deterministic: the batch gives what a single signature gives.
            if (id == '\x01')
                QCOMPARE(*signature, key.signSha256(sha256(data.at(i))).valueOr({}));
        }
        QCOMPARE(batch->take().error().code, ErrorCode::InvalidInput);
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), 1);
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), 0);
    }

    void batchAsksPinPerSignatureAndStopsAtWrongPin()
    {
        QVERIFY(m_token->login().ok());
        m_pins->clear();
        // The third signature's PIN is mistyped: two signatures, then WrongPin for the rest,
        // without asking again or touching the token.
        m_pins->setScript(
            {QByteArray(SoftHsmFixture::pin), QByteArray(SoftHsmFixture::pin), QByteArray("999999")});
        TokenSigningKey key(m_token, certificate('\x03'), m_clock);
        auto batch = key.startSha256Batch();
        for (int i = 0; i < 5; ++i)
            batch->add(sha256(QByteArray::number(i)));
        for (int i = 0; i < 2; ++i) {
            auto signature = batch->take();
            QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
            QVERIFY(verifiesWithOpenSsl(key.certificate(), QByteArray::number(i), *signature));
        }
        for (int i = 2; i < 5; ++i)
            QCOMPARE(batch->take().error().code, ErrorCode::WrongPin);
        batch->add(sha256("late"));
        QCOMPARE(batch->take().error().code, ErrorCode::WrongPin);
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), 3);
        batch.reset();

        // The session survives: a new batch signs.
        auto again = key.startSha256Batch();
        again->add(sha256("again"));
        auto signature = again->take();
        QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
        QVERIFY(verifiesWithOpenSsl(key.certificate(), "again", *signature));
    }

    void batchCancelledByPinDialog()
    {
        QVERIFY(m_token->login().ok());
        m_pins->clear();
        m_pins->setScript({QByteArray(SoftHsmFixture::pin), std::nullopt});
        TokenSigningKey key(m_token, certificate('\x03'), m_clock);
        auto batch = key.startSha256Batch();
        for (int i = 0; i < 4; ++i)
            batch->add(sha256(QByteArray::number(i)));
        QVERIFY(batch->take().ok());
        for (int i = 1; i < 4; ++i)
            QCOMPARE(batch->take().error().code, ErrorCode::Cancelled);
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), 2);
    }

    void batchCancelStopsBeforeTheNextSignature()
    {
        QVERIFY(m_token->login().ok());
        m_pins->clear();
        TokenSigningKey key(m_token, certificate('\x03'), m_clock);
        auto batch = key.startSha256Batch();
        batch->add(sha256("0"));
        QVERIFY(batch->take().ok());
        batch->cancel();
        for (int i = 1; i < 4; ++i)
            batch->add(sha256(QByteArray::number(i)));
        for (int i = 1; i < 4; ++i)
            QCOMPARE(batch->take().error().code, ErrorCode::Cancelled);
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), 1);

        // Destroyed with inputs not taken, while the worker may still be signing them.
        auto abandoned = key.startSha256Batch();
        for (int i = 0; i < 3; ++i)
            abandoned->add(sha256(QByteArray::number(i)));
        abandoned.reset();
        QVERIFY(key.signSha256(sha256("after")).ok());
    }

    void batchLeavesTheTokenToOtherCallers()
    {
        QVERIFY(m_token->login().ok());
        TokenSigningKey rsa(m_token, certificate('\x01'), m_clock);
        TokenSigningKey ec(m_token, certificate('\x02'), m_clock);
        auto batch = rsa.startSha256Batch();
        int verified = 0;
        // Another thread signs single documents while this one keeps a batch open.
        std::thread other([&] {
            for (int i = 0; i < 20; ++i) {
                const QByteArray data = "single " + QByteArray::number(i);
                auto signature = ec.signSha256(sha256(data));
                verified += signature.ok() && verifiesWithOpenSsl(ec.certificate(), data, *signature) ? 1 : 0;
            }
        });
        for (int i = 0; i < 20; ++i) {
            const QByteArray data = "batch " + QByteArray::number(i);
            batch->add(sha256(data));
            auto signature = batch->take();
            QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
            QVERIFY(verifiesWithOpenSsl(rsa.certificate(), data, *signature));
        }
        other.join();
        QCOMPARE(verified, 20);
    }

    void missingModuleIsAClearError()
    {
        const QString path = QStringLiteral("/nonexistent/libno-such-pkcs11.so");
        auto provider = Pkcs11TokenProvider::load(m_pins, path);
        QVERIFY(!provider.ok());
        QCOMPARE(provider.error().code, ErrorCode::NotFound);
        QVERIFY(provider.error().message.contains(path));
        QVERIFY(!provider.error().detail.isEmpty());
    }

    void libraryThatIsNoModuleIsRefused()
    {
        auto provider = Pkcs11TokenProvider::load(m_pins, QStringLiteral("libz.so.1"));
        QVERIFY(!provider.ok());
        QCOMPARE(provider.error().code, ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_Pkcs11TokenProvider)
#include "tst_Pkcs11TokenProvider.moc"
