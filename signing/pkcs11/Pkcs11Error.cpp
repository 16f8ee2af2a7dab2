// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11Error.h"

#include "core/Result.h"
#include "core/Tr.h"

#include <p11-kit/pkcs11.h>
#include <type_traits>

namespace dms {

static_assert(std::is_same_v<CK_RV, unsigned long> && std::is_same_v<CK_FLAGS, unsigned long>,
              "the public header spells CK_RV and CK_FLAGS as unsigned long");

namespace {

struct RvName
{
    CK_RV rv;
    const char *name;
};

#define DMS_CKR(x)                                                                                           \
    {                                                                                                        \
        x, #x                                                                                                \
    }
const RvName s_names[] = {
    DMS_CKR(CKR_OK),
    DMS_CKR(CKR_CANCEL),
    DMS_CKR(CKR_HOST_MEMORY),
    DMS_CKR(CKR_SLOT_ID_INVALID),
    DMS_CKR(CKR_GENERAL_ERROR),
    DMS_CKR(CKR_FUNCTION_FAILED),
    DMS_CKR(CKR_ARGUMENTS_BAD),
    DMS_CKR(CKR_CANT_LOCK),
    DMS_CKR(CKR_ATTRIBUTE_TYPE_INVALID),
    DMS_CKR(CKR_DATA_INVALID),
    DMS_CKR(CKR_DATA_LEN_RANGE),
    DMS_CKR(CKR_DEVICE_ERROR),
    DMS_CKR(CKR_DEVICE_MEMORY),
    DMS_CKR(CKR_DEVICE_REMOVED),
    DMS_CKR(CKR_FUNCTION_CANCELED),
    DMS_CKR(CKR_FUNCTION_NOT_SUPPORTED),
    DMS_CKR(CKR_KEY_HANDLE_INVALID),
    DMS_CKR(CKR_KEY_SIZE_RANGE),
    DMS_CKR(CKR_KEY_TYPE_INCONSISTENT),
    DMS_CKR(CKR_KEY_FUNCTION_NOT_PERMITTED),
    DMS_CKR(CKR_MECHANISM_INVALID),
    DMS_CKR(CKR_MECHANISM_PARAM_INVALID),
    DMS_CKR(CKR_OBJECT_HANDLE_INVALID),
    DMS_CKR(CKR_OPERATION_ACTIVE),
    DMS_CKR(CKR_OPERATION_NOT_INITIALIZED),
    DMS_CKR(CKR_PIN_INCORRECT),
    DMS_CKR(CKR_PIN_INVALID),
    DMS_CKR(CKR_PIN_LEN_RANGE),
    DMS_CKR(CKR_PIN_EXPIRED),
    DMS_CKR(CKR_PIN_LOCKED),
    DMS_CKR(CKR_SESSION_CLOSED),
    DMS_CKR(CKR_SESSION_COUNT),
    DMS_CKR(CKR_SESSION_HANDLE_INVALID),
    DMS_CKR(CKR_TOKEN_NOT_PRESENT),
    DMS_CKR(CKR_TOKEN_NOT_RECOGNIZED),
    DMS_CKR(CKR_USER_ALREADY_LOGGED_IN),
    DMS_CKR(CKR_USER_NOT_LOGGED_IN),
    DMS_CKR(CKR_USER_PIN_NOT_INITIALIZED),
    DMS_CKR(CKR_USER_TYPE_INVALID),
    DMS_CKR(CKR_BUFFER_TOO_SMALL),
    DMS_CKR(CKR_CRYPTOKI_NOT_INITIALIZED),
    DMS_CKR(CKR_CRYPTOKI_ALREADY_INITIALIZED),
};
#undef DMS_CKR

QString wrongPinMessage(CK_FLAGS tokenFlags)
{
    if (tokenFlags & CKF_USER_PIN_LOCKED)
        return Tr::tr("Wrong PIN. The PIN is now locked.");
    if (tokenFlags & CKF_USER_PIN_FINAL_TRY)
        return Tr::tr("Wrong PIN. One try is left before the PIN is locked.");
    if (tokenFlags & CKF_USER_PIN_COUNT_LOW)
        return Tr::tr("Wrong PIN. Only a few tries are left before the PIN is locked.");
    return Tr::tr("Wrong PIN.");
}

} // namespace

QString pkcs11ReturnValueName(unsigned long rv)
{
    for (const RvName &entry : s_names) {
        if (entry.rv == rv)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("CKR_0x%1").arg(rv, 0, 16);
}

Error pkcs11Error(unsigned long rv, const QString &function, unsigned long tokenFlags)
{
    const QString detail
        = QStringLiteral("%1: %2 (0x%3)").arg(function, pkcs11ReturnValueName(rv)).arg(rv, 0, 16);
    switch (rv) {
    case CKR_PIN_INCORRECT:
    case CKR_PIN_INVALID:
    case CKR_PIN_LEN_RANGE:
        if (tokenFlags & CKF_USER_PIN_LOCKED)
            return makeError(ErrorCode::PinLocked, wrongPinMessage(tokenFlags), detail);
        return makeError(ErrorCode::WrongPin, wrongPinMessage(tokenFlags), detail);
    case CKR_PIN_LOCKED:
        return makeError(
            ErrorCode::PinLocked,
            Tr::tr("The PIN is locked. Unblock it with the PUK or contact the issuer of the card."), detail);
    case CKR_PIN_EXPIRED:
        return makeError(ErrorCode::InvalidState, Tr::tr("The PIN has expired and must be changed first."),
                         detail);
    case CKR_USER_PIN_NOT_INITIALIZED:
        return makeError(ErrorCode::InvalidState, Tr::tr("The card has no PIN set yet."), detail);
    case CKR_TOKEN_NOT_PRESENT:
    case CKR_DEVICE_REMOVED:
    case CKR_SLOT_ID_INVALID:
    case CKR_SESSION_CLOSED:
    case CKR_SESSION_HANDLE_INVALID:
        return makeError(ErrorCode::TokenRemoved, Tr::tr("The card was removed."), detail);
    case CKR_TOKEN_NOT_RECOGNIZED:
        return makeError(ErrorCode::NoToken, Tr::tr("The card in the reader is not recognised."), detail);
    case CKR_KEY_HANDLE_INVALID:
    case CKR_OBJECT_HANDLE_INVALID:
        return makeError(ErrorCode::KeyNotFound, Tr::tr("The key is no longer on the card."), detail);
    case CKR_KEY_TYPE_INCONSISTENT:
    case CKR_KEY_FUNCTION_NOT_PERMITTED:
    case CKR_MECHANISM_INVALID:
    case CKR_MECHANISM_PARAM_INVALID:
        return makeError(ErrorCode::InvalidInput, Tr::tr("This key cannot make this kind of signature."),
                         detail);
    case CKR_DATA_INVALID:
    case CKR_DATA_LEN_RANGE:
    case CKR_ARGUMENTS_BAD:
        return makeError(ErrorCode::InvalidInput, Tr::tr("The card refused the data to sign."), detail);
    case CKR_FUNCTION_CANCELED:
    case CKR_CANCEL:
        return makeError(ErrorCode::Cancelled, Tr::tr("Cancelled."), detail);
    case CKR_OPERATION_ACTIVE:
    case CKR_SESSION_COUNT:
        return makeError(ErrorCode::DeviceBusy, Tr::tr("The card is busy with another operation."), detail);
    case CKR_USER_NOT_LOGGED_IN:
        return makeError(ErrorCode::InvalidState, Tr::tr("The card needs the PIN first."), detail);
    case CKR_DEVICE_ERROR:
    case CKR_DEVICE_MEMORY:
    case CKR_FUNCTION_FAILED:
    case CKR_GENERAL_ERROR:
        return makeError(ErrorCode::DeviceIo, Tr::tr("The card or its reader reported an error."), detail);
    default:
        break;
    }
    return makeError(ErrorCode::Internal, Tr::tr("The card software reported an unexpected error."), detail);
}

} // namespace dms
