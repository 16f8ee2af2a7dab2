// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace dms {

/** What the token says about its user PIN (PKCS#11 CKF_USER_PIN_* flags). The token
 *  tells "few tries left" or "final try" at best, never an exact count. */
enum class PinState { Ok, CountLow, FinalTry, Locked };

/** A token (smartcard) as seen at discovery time. */
struct TokenInfo
{
    /** Provider-specific handle of the reader/slot; meaningful to the provider only. */
    quint64 slot = 0;
    QString label;
    QString manufacturer;
    QString model;
    QString serialNumber;
    QString slotDescription;
    /** A PIN pad on the reader (CKF_PROTECTED_AUTHENTICATION_PATH): the PIN is typed
     *  there, never asked from the PinProvider. */
    bool hasPinPad = false;
    bool loginRequired = true;
    PinState pinState = PinState::Ok;
};

} // namespace dms
