// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11Error.h"

#include <QTest>

#include <p11-kit/pkcs11.h>

using namespace dms;

Q_DECLARE_METATYPE(dms::ErrorCode)

class tst_Pkcs11Error : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapping_data()
    {
        QTest::addColumn<qulonglong>("rv");
        QTest::addColumn<qulonglong>("flags");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("messagePart");

        QTest::newRow("pin incorrect")
            << qulonglong(CKR_PIN_INCORRECT) << 0ULL << ErrorCode::WrongPin << "Wrong PIN.";
        QTest::newRow("pin incorrect, count low")
            << qulonglong(CKR_PIN_INCORRECT) << qulonglong(CKF_USER_PIN_COUNT_LOW) << ErrorCode::WrongPin
            << "few tries";
        QTest::newRow("pin incorrect, final try")
            << qulonglong(CKR_PIN_INCORRECT) << qulonglong(CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW)
            << ErrorCode::WrongPin << "One try";
        QTest::newRow("pin incorrect, now locked")
            << qulonglong(CKR_PIN_INCORRECT) << qulonglong(CKF_USER_PIN_LOCKED) << ErrorCode::PinLocked
            << "locked";
        QTest::newRow("pin invalid") << qulonglong(CKR_PIN_INVALID) << 0ULL << ErrorCode::WrongPin
                                     << "Wrong PIN";
        QTest::newRow("pin length") << qulonglong(CKR_PIN_LEN_RANGE) << 0ULL << ErrorCode::WrongPin
                                    << "Wrong PIN";
        QTest::newRow("pin locked") << qulonglong(CKR_PIN_LOCKED) << 0ULL << ErrorCode::PinLocked << "PUK";
        QTest::newRow("pin expired") << qulonglong(CKR_PIN_EXPIRED) << 0ULL << ErrorCode::InvalidState
                                     << "expired";
        QTest::newRow("pin not set") << qulonglong(CKR_USER_PIN_NOT_INITIALIZED) << 0ULL
                                     << ErrorCode::InvalidState << "no PIN";
        QTest::newRow("token not present")
            << qulonglong(CKR_TOKEN_NOT_PRESENT) << 0ULL << ErrorCode::TokenRemoved << "removed";
        QTest::newRow("device removed")
            << qulonglong(CKR_DEVICE_REMOVED) << 0ULL << ErrorCode::TokenRemoved << "removed";
        QTest::newRow("slot gone") << qulonglong(CKR_SLOT_ID_INVALID) << 0ULL << ErrorCode::TokenRemoved
                                   << "removed";
        QTest::newRow("session closed")
            << qulonglong(CKR_SESSION_CLOSED) << 0ULL << ErrorCode::TokenRemoved << "removed";
        QTest::newRow("session handle")
            << qulonglong(CKR_SESSION_HANDLE_INVALID) << 0ULL << ErrorCode::TokenRemoved << "removed";
        QTest::newRow("not recognised")
            << qulonglong(CKR_TOKEN_NOT_RECOGNIZED) << 0ULL << ErrorCode::NoToken << "not recognised";
        QTest::newRow("key handle") << qulonglong(CKR_KEY_HANDLE_INVALID) << 0ULL << ErrorCode::KeyNotFound
                                    << "key";
        QTest::newRow("object handle")
            << qulonglong(CKR_OBJECT_HANDLE_INVALID) << 0ULL << ErrorCode::KeyNotFound << "key";
        QTest::newRow("mechanism") << qulonglong(CKR_MECHANISM_INVALID) << 0ULL << ErrorCode::InvalidInput
                                   << "cannot make";
        QTest::newRow("key type") << qulonglong(CKR_KEY_TYPE_INCONSISTENT) << 0ULL << ErrorCode::InvalidInput
                                  << "cannot make";
        QTest::newRow("key function")
            << qulonglong(CKR_KEY_FUNCTION_NOT_PERMITTED) << 0ULL << ErrorCode::InvalidInput << "cannot make";
        QTest::newRow("data length") << qulonglong(CKR_DATA_LEN_RANGE) << 0ULL << ErrorCode::InvalidInput
                                     << "refused";
        QTest::newRow("pinpad cancelled")
            << qulonglong(CKR_FUNCTION_CANCELED) << 0ULL << ErrorCode::Cancelled << "Cancelled";
        QTest::newRow("busy") << qulonglong(CKR_OPERATION_ACTIVE) << 0ULL << ErrorCode::DeviceBusy << "busy";
        QTest::newRow("not logged in")
            << qulonglong(CKR_USER_NOT_LOGGED_IN) << 0ULL << ErrorCode::InvalidState << "PIN first";
        QTest::newRow("device error")
            << qulonglong(CKR_DEVICE_ERROR) << 0ULL << ErrorCode::DeviceIo << "error";
        QTest::newRow("general error")
            << qulonglong(CKR_GENERAL_ERROR) << 0ULL << ErrorCode::DeviceIo << "error";
        QTest::newRow("unknown vendor code")
            << qulonglong(CKR_VENDOR_DEFINED | 7) << 0ULL << ErrorCode::Internal << "unexpected";
    }
    void mapping()
    {
        QFETCH(qulonglong, rv);
        QFETCH(qulonglong, flags);
        QFETCH(ErrorCode, code);
        QFETCH(QString, messagePart);
        const Error error = pkcs11Error(static_cast<unsigned long>(rv), QStringLiteral("C_Test"),
                                        static_cast<unsigned long>(flags));
        QCOMPARE(error.code, code);
        QVERIFY2(error.message.contains(messagePart, Qt::CaseInsensitive), qPrintable(error.message));
        QVERIFY(error.detail.startsWith(QStringLiteral("C_Test: ")));
        QVERIFY(error.detail.contains(QStringLiteral("(0x%1)").arg(rv, 0, 16)));
    }

    void names()
    {
        QCOMPARE(pkcs11ReturnValueName(CKR_PIN_INCORRECT), QStringLiteral("CKR_PIN_INCORRECT"));
        QCOMPARE(pkcs11ReturnValueName(CKR_OK), QStringLiteral("CKR_OK"));
        QCOMPARE(pkcs11ReturnValueName(0x80000007UL), QStringLiteral("CKR_0x80000007"));
    }
};

QTEST_GUILESS_MAIN(tst_Pkcs11Error)
#include "tst_Pkcs11Error.moc"
