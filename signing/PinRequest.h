// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/TokenInfo.h"

#include <QString>

namespace dms {

/** Why and for what a PIN is needed; what a PIN dialog shows. */
struct PinRequest
{
    enum class Kind {
        /** Log in to the token (once per session). */
        Login,
        /** Confirm one signature with a key that demands the PIN every time
         *  (CKA_ALWAYS_AUTHENTICATE, typical of qualified signature cards). */
        Signature,
    };

    Kind kind = Kind::Login;
    QString tokenLabel;
    QString tokenSerialNumber;
    /** Label of the key; set for Kind::Signature. */
    QString keyLabel;
    /** What the token says about remaining tries before this request. */
    PinState pinState = PinState::Ok;
};

} // namespace dms
