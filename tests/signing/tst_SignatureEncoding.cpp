// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SignatureEncoding.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

using namespace dms;

class tst_SignatureEncoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void digestInfo()
    {
        const QByteArray digest = QCryptographicHash::hash("abc", QCryptographicHash::Sha256);
        auto info = SignatureEncoding::sha256DigestInfo(digest);
        QVERIFY(info.ok());
        QCOMPARE(info->size(), 51);
        QCOMPARE(info->left(19).toHex(), QByteArray("3031300d060960864801650304020105000420"));
        QCOMPARE(info->mid(19), digest);
    }

    void digestInfoRejectsWrongLength_data()
    {
        QTest::addColumn<int>("length");
        QTest::newRow("empty") << 0;
        QTest::newRow("sha1") << 20;
        QTest::newRow("sha512") << 64;
    }
    void digestInfoRejectsWrongLength()
    {
        QFETCH(int, length);
        auto info = SignatureEncoding::sha256DigestInfo(QByteArray(length, 'x'));
        QVERIFY(!info.ok());
        QCOMPARE(info.error().code, ErrorCode::InvalidInput);
    }

    void ecdsaRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("der");
        const QByteArray ones(32, '\x01');
        // r with the high bit set needs a 0x00 in DER; r with leading zeros is shortened.
        const QByteArray high = QByteArray(1, '\x80') + QByteArray(31, '\x02');
        const QByteArray leadingZero = QByteArray(2, '\0') + QByteArray(30, '\x03');
        QTest::newRow("plain") << ones + ones
                               << QByteArray::fromHex("30440220") + ones + QByteArray::fromHex("0220") + ones;
        QTest::newRow("high bit") << high
                + ones << QByteArray::fromHex("3045022100") + high + QByteArray::fromHex("0220") + ones;
        QTest::newRow("leading zeros")
            << leadingZero + ones
            << QByteArray::fromHex("3042021e") + leadingZero.mid(2) + QByteArray::fromHex("0220") + ones;
    }
    void ecdsaRoundTrip()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, der);
        auto encoded = SignatureEncoding::ecdsaRawToDer(raw);
        QVERIFY(encoded.ok());
        QCOMPARE(encoded->toHex(), der.toHex());
        auto decoded = SignatureEncoding::ecdsaDerToRaw(*encoded, 32);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->toHex(), raw.toHex());
    }

    // Our DER writer against i2d_ECDSA_SIG, also for P-384/P-521 sizes (long-form length).
    void ecdsaRawToDerMatchesOpenSsl_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QRandomGenerator generator(20261204);
        for (const int half : {32, 48, 66}) {
            QByteArray random(2 * half, Qt::Uninitialized);
            for (char &c : random)
                c = static_cast<char>(generator.bounded(256));
            QByteArray high = random;
            high[0] = '\xff';
            high[half] = '\x80';
            QByteArray leading = random;
            leading[0] = leading[1] = leading[half] = '\0';
            QTest::addRow("%d random", half) << random;
            QTest::addRow("%d high bits", half) << high;
            QTest::addRow("%d leading zeros", half) << leading;
            QTest::addRow("%d zero r and s", half) << QByteArray(2 * half, '\0');
        }
    }
    void ecdsaRawToDerMatchesOpenSsl()
    {
        QFETCH(QByteArray, raw);
        const int half = static_cast<int>(raw.size() / 2);
        const auto *bytes = reinterpret_cast<const unsigned char *>(raw.constData());
        ECDSA_SIG *sig = ECDSA_SIG_new();
        QVERIFY(sig);
        QCOMPARE(ECDSA_SIG_set0(sig, BN_bin2bn(bytes, half, nullptr), BN_bin2bn(bytes + half, half, nullptr)),
                 1);
        unsigned char *der = nullptr;
        const int length = i2d_ECDSA_SIG(sig, &der);
        ECDSA_SIG_free(sig);
        QVERIFY(length > 0);
        const QByteArray expected(reinterpret_cast<const char *>(der), length);
        OPENSSL_free(der);
        auto encoded = SignatureEncoding::ecdsaRawToDer(raw);
        QVERIFY(encoded.ok());
        QCOMPARE(encoded->toHex(), expected.toHex());
    }

    void ecdsaRejectsMalformed()
    {
        QCOMPARE(SignatureEncoding::ecdsaRawToDer({}).error().code, ErrorCode::InvalidInput);
        QCOMPARE(SignatureEncoding::ecdsaRawToDer(QByteArray(63, '\x01')).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(SignatureEncoding::ecdsaDerToRaw("not der", 32).error().code, ErrorCode::InvalidInput);
        auto der = SignatureEncoding::ecdsaRawToDer(QByteArray(64, '\x05'));
        QVERIFY(der.ok());
        QCOMPARE(SignatureEncoding::ecdsaDerToRaw(*der + "x", 32).error().code, ErrorCode::InvalidInput);
        // A 32-byte component does not fit into 16.
        QCOMPARE(SignatureEncoding::ecdsaDerToRaw(*der, 16).error().code, ErrorCode::InvalidInput);
    }

    // The DER we build from a software key's r‖s is what OpenSSL accepts as signature.
    void ecdsaDerVerifiesWithOpenSsl()
    {
        EVP_PKEY *key = EVP_EC_gen("P-256");
        QVERIFY(key);
        const QByteArray data = "document";
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        QCOMPARE(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key), 1);
        size_t length = 0;
        const auto *bytes = reinterpret_cast<const unsigned char *>(data.constData());
        QCOMPARE(EVP_DigestSign(ctx, nullptr, &length, bytes, data.size()), 1);
        QByteArray opensslDer(static_cast<qsizetype>(length), '\0');
        QCOMPARE(EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(opensslDer.data()), &length, bytes,
                                data.size()),
                 1);
        opensslDer.resize(static_cast<qsizetype>(length));
        EVP_MD_CTX_free(ctx);

        auto raw = SignatureEncoding::ecdsaDerToRaw(opensslDer, 32);
        QVERIFY(raw.ok());
        QCOMPARE(raw->size(), 64);
        auto der = SignatureEncoding::ecdsaRawToDer(*raw);
        QVERIFY(der.ok());

        ctx = EVP_MD_CTX_new();
        QCOMPARE(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key), 1);
        QCOMPARE(EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(der->constData()), der->size(),
                                  bytes, data.size()),
                 1);
        EVP_MD_CTX_free(ctx);
        EVP_PKEY_free(key);
    }
};

QTEST_GUILESS_MAIN(tst_SignatureEncoding)
#include "tst_SignatureEncoding.moc"
