// SPDX-License-Identifier: GPL-3.0-or-later
// Card behaviours SoftHSM2 alone cannot show, through a named module path: the test
// module in fixtures/LockingPkcs11Module.cpp puts a card-like PIN retry counter
// (3 tries; SoftHSM counts wrong PINs but never locks) and card removal in front of it.
#include "ScriptedPinProvider.h"
#include "SigningTestFiles.h"
#include "SoftHsmFixture.h"
#include "core/Clock.h"
#include "signing/CadesSigner.h"
#include "signing/TokenSigningKey.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <dlfcn.h>

using namespace dms;

using dms::test::pemCertificate;
using dms::test::writeFile;

class tst_Pkcs11CardBehaviour : public QObject
{
    Q_OBJECT

private:
    SoftHsmFixture m_fixture;
    std::shared_ptr<ScriptedPinProvider> m_pins = std::make_shared<ScriptedPinProvider>("000000");
    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    std::shared_ptr<Token> m_token;
    std::shared_ptr<Token> m_signingToken;
    void (*m_setRemoval)(int) = nullptr;
    void (*m_removeAfterSignatures)(int) = nullptr;
    void (*m_resetAfterSignatures)(int) = nullptr;
    void (*m_setPinPad)(const char *) = nullptr;

    TokenCertificate signingCertificate(const QString &label)
    {
        for (const TokenCertificate &c : m_signingToken->qualifiedCertificates().valueOr({})) {
            if (c.label == label)
                return c;
        }
        return {};
    }

    std::shared_ptr<Token> tokenLabelled(const QString &label)
    {
        auto tokens = m_provider->tokens();
        if (tokens) {
            for (const auto &token : *tokens) {
                if (token->info().label == label)
                    return token;
            }
        }
        return {};
    }

    /** A CAdES signer with the RSA key of the signing token; null without the issuing CA. */
    std::unique_ptr<CadesSigner> rsaCadesSigner(const Clock &clock)
    {
        const CertificateInfo issuingCa = pemCertificate(m_fixture.pkiFile(QStringLiteral("qca.pem")));
        if (issuingCa.isNull())
            return {};
        auto signer = std::make_unique<CadesSigner>(
            std::make_shared<TokenSigningKey>(m_signingToken,
                                              signingCertificate(QStringLiteral("signer-rsa")), clock),
            clock);
        signer->setChain({issuingCa});
        return signer;
    }

    /** Fills and opens @p buffers with short letters, one per buffer. */
    template<std::size_t N>
    static QList<QIODevice *> openLetters(std::array<QBuffer, N> &buffers)
    {
        QList<QIODevice *> contents;
        for (std::size_t i = 0; i < N; ++i) {
            buffers[i].setData("outgoing letter " + QByteArray::number(static_cast<int>(i)));
            buffers[i].open(QIODevice::ReadOnly);
            contents.append(&buffers[i]);
        }
        return contents;
    }

    /** Each of @p signatures is a valid CAdES signature of the buffer at its index, for
     *  `openssl cms -verify` with the test root as the only anchor. */
    template<std::size_t N>
    void verifyWithOpenssl(const QList<QByteArray> &signatures, const std::array<QBuffer, N> &contents)
    {
        QTemporaryDir work;
        QVERIFY(work.isValid());
        for (qsizetype i = 0; i < signatures.size(); ++i) {
            const QString p7s = work.filePath(QStringLiteral("%1.p7s").arg(i));
            const QString content = work.filePath(QStringLiteral("%1.txt").arg(i));
            QVERIFY(writeFile(p7s, signatures.at(i)));
            QVERIFY(writeFile(content, contents[static_cast<std::size_t>(i)].data()));
            QProcess openssl;
            openssl.setProcessChannelMode(QProcess::MergedChannels);
            openssl.start(QStringLiteral("openssl"),
                          {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-cades"),
                           QStringLiteral("-binary"), QStringLiteral("-inform"), QStringLiteral("DER"),
                           QStringLiteral("-in"), p7s, QStringLiteral("-content"), content,
                           QStringLiteral("-CAfile"), m_fixture.pkiFile(QStringLiteral("ca-root.pem")),
                           QStringLiteral("-purpose"), QStringLiteral("any"), QStringLiteral("-out"),
                           QStringLiteral("/dev/null")});
            QVERIFY(openssl.waitForFinished(60000));
            QVERIFY2(openssl.exitCode() == 0, openssl.readAll().constData());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!SoftHsmFixture::isAvailable())
            QSKIP("softhsm2-util is not installed");
        const QString failure = m_fixture.create();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        auto provider = Pkcs11TokenProvider::load(m_pins, QStringLiteral(DMS_LOCKING_PKCS11_MODULE));
        QVERIFY2(provider.ok(), qPrintable(provider.error().toString()));
        m_provider = *provider;
        m_token = tokenLabelled(QStringLiteral("QES-LOCK"));
        m_signingToken = tokenLabelled(QStringLiteral("QES-TEST"));
        QVERIFY(m_token && m_signingToken);
        // The module the provider loaded, already in the process: same handle.
        void *module = dlopen(DMS_LOCKING_PKCS11_MODULE, RTLD_NOW | RTLD_NOLOAD);
        QVERIFY(module);
        m_setRemoval = reinterpret_cast<void (*)(int)>(dlsym(module, "dms_test_set_removal"));
        m_removeAfterSignatures
            = reinterpret_cast<void (*)(int)>(dlsym(module, "dms_test_remove_after_signatures"));
        m_resetAfterSignatures
            = reinterpret_cast<void (*)(int)>(dlsym(module, "dms_test_reset_after_signatures"));
        m_setPinPad = reinterpret_cast<void (*)(const char *)>(dlsym(module, "dms_test_set_pinpad"));
        dlclose(module);
        QVERIFY(m_setRemoval && m_removeAfterSignatures && m_resetAfterSignatures && m_setPinPad);
    }

    void cardRemovedMidSignature()
    {
        m_pins->setPin(SoftHsmFixture::pin);
        m_pins->clear();
        SystemClock clock;
        TokenCertificate rsa;
        auto certificates = m_signingToken->qualifiedCertificates();
        QVERIFY(certificates.ok());
        for (const TokenCertificate &c : *certificates) {
            if (c.label == QLatin1String("signer-rsa"))
                rsa = c;
        }
        TokenSigningKey key(m_signingToken, rsa, clock);
        const QByteArray digest = QCryptographicHash::hash("doc", QCryptographicHash::Sha256);
        QVERIFY(key.signSha256(digest).ok());
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), 1);

        m_setRemoval(2);
        QCOMPARE(key.signSha256(digest).error().code, ErrorCode::TokenRemoved);
        // Still out: every call says so, and the token is no longer listed.
        QCOMPARE(key.signSha256(digest).error().code, ErrorCode::TokenRemoved);
        QCOMPARE(m_signingToken->certificates().error().code, ErrorCode::TokenRemoved);
        QCOMPARE(m_signingToken->login().error().code, ErrorCode::TokenRemoved);
        QVERIFY(m_signingToken->logout().ok());
        auto tokens = m_provider->tokens();
        QVERIFY(tokens.ok());
        QVERIFY(tokens->isEmpty());

        // Put back: the same token object works again, after a new login.
        m_setRemoval(0);
        auto signature = key.signSha256(digest);
        QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), 2);
        QCOMPARE(m_pins->count(PinRequest::Kind::Signature), 0);
    }

    void cardRemovedMidBatch()
    {
        m_pins->setPin(SoftHsmFixture::pin);
        m_pins->clear();
        SystemClock clock;
        auto signer = rsaCadesSigner(clock);
        QVERIFY(signer);
        std::array<QBuffer, 6> buffers;
        const QList<QIODevice *> contents = openLetters(buffers);

        // The card goes after three signatures, while the rest are queued on the worker.
        m_removeAfterSignatures(3);
        const CadesBatchResult made = signer->signBatch(contents);
        QCOMPARE(made.status.error().code, ErrorCode::TokenRemoved);
        QCOMPARE(made.status.error().message, QStringLiteral("The card was removed."));
        QCOMPARE(made.signatures.size(), 3);
        verifyWithOpenssl(made.signatures, buffers);

        // Put back: the next batch logs in again and signs everything.
        m_setRemoval(0);
        for (QBuffer &buffer : buffers)
            buffer.seek(0);
        const CadesBatchResult again = signer->signBatch(contents);
        QVERIFY2(again.status.ok(), qPrintable(again.status.error().toString()));
        QCOMPARE(again.signatures.size(), 6);
        // Logged in since the previous test; the card that came back needs one login.
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), 1);
    }

    void sessionsClosedMidBatchLogInAgain()
    {
        // Another application resets the card after two signatures: the batch's
        // session and the login are gone; the worker opens a new session, asks for the
        // PIN once more and signs the rest.
        m_pins->setPin(SoftHsmFixture::pin);
        m_pins->clear();
        SystemClock clock;
        auto signer = rsaCadesSigner(clock);
        QVERIFY(signer);
        std::array<QBuffer, 5> buffers;
        const QList<QIODevice *> contents = openLetters(buffers);
        QVERIFY(m_signingToken->login().ok());
        const int loginsBefore = m_pins->count(PinRequest::Kind::Login);

        m_resetAfterSignatures(2);
        const CadesBatchResult made = signer->signBatch(contents);
        QVERIFY2(made.status.ok(), qPrintable(made.status.error().toString()));
        QCOMPARE(made.signatures.size(), 5);
        QCOMPARE(m_pins->count(PinRequest::Kind::Login), loginsBefore + 1);
        verifyWithOpenssl(made.signatures, buffers);
    }

    void pinPadReaderNeverAsksThePinProvider()
    {
        QVERIFY(m_signingToken->logout().ok());
        m_setPinPad(SoftHsmFixture::pin);
        m_pins->setCancel();
        m_pins->clear();
        const auto token = tokenLabelled(QStringLiteral("QES-TEST"));
        QVERIFY(token);
        QVERIFY(token->info().hasPinPad);

        SystemClock clock;
        TokenCertificate alwaysAuth;
        auto certificates = token->qualifiedCertificates();
        QVERIFY(certificates.ok());
        for (const TokenCertificate &c : *certificates) {
            if (c.label == QLatin1String("signer-rsa-aa"))
                alwaysAuth = c;
        }
        TokenSigningKey key(token, alwaysAuth, clock);
        const QByteArray digest = QCryptographicHash::hash("pinpad", QCryptographicHash::Sha256);
        auto signature = key.signSha256(digest);
        m_setPinPad(nullptr);
        QVERIFY2(signature.ok(), qPrintable(signature.error().toString()));
        QVERIFY(m_pins->requests().isEmpty());
        using Entry = std::pair<PinRequest::Kind, bool>;
        const QList<Entry> expected = {{PinRequest::Kind::Login, true},
                                       {PinRequest::Kind::Login, false},
                                       {PinRequest::Kind::Signature, true},
                                       {PinRequest::Kind::Signature, false}};
        QCOMPARE(m_pins->pinPadEntries(), expected);
    }

    void cleanupTestCase()
    {
        m_token.reset();
        m_provider.reset();
    }

    void wrongPinsCountDownThenLock()
    {
        m_pins->setPin("000000");
        m_pins->clear();
        const Status first = m_token->login();
        QCOMPARE(first.error().code, ErrorCode::WrongPin);
        QVERIFY2(first.error().message.contains(QStringLiteral("few tries")),
                 qPrintable(first.error().message));

        const Status second = m_token->login();
        QCOMPARE(second.error().code, ErrorCode::WrongPin);
        QVERIFY2(second.error().message.contains(QStringLiteral("One try")),
                 qPrintable(second.error().message));

        const Status third = m_token->login();
        QCOMPARE(third.error().code, ErrorCode::PinLocked);

        const auto requests = m_pins->requests();
        QCOMPARE(requests.size(), 3);
        QCOMPARE(requests.at(0).pinState, PinState::Ok);
        QCOMPARE(requests.at(1).pinState, PinState::CountLow);
        QCOMPARE(requests.at(2).pinState, PinState::FinalTry);
    }

    void lockedTokenIsNotAskedForPin()
    {
        m_pins->setPin(SoftHsmFixture::lockPin);
        m_pins->clear();
        const Status login = m_token->login();
        QCOMPARE(login.error().code, ErrorCode::PinLocked);
        QVERIFY(m_pins->requests().isEmpty());
        auto signature = m_token->signRaw(QByteArray("\x01"), SignMechanism::RsaPkcs1, QByteArray(51, 'x'));
        QCOMPARE(signature.error().code, ErrorCode::PinLocked);
        QVERIFY(m_pins->requests().isEmpty());

        auto tokens = m_provider->tokens();
        QVERIFY(tokens.ok());
        bool seen = false;
        for (const auto &token : *tokens) {
            if (token->info().label == QLatin1String("QES-LOCK")) {
                QCOMPARE(token->info().pinState, PinState::Locked);
                seen = true;
            }
        }
        QVERIFY(seen);
    }
};

QTEST_GUILESS_MAIN(tst_Pkcs11CardBehaviour)
#include "tst_Pkcs11CardBehaviour.moc"
