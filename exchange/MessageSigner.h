// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

namespace dms::exchange {

/** Signs a serialised message with the administration's transport certificate:
 *  an enveloped XMLDSig over the whole message, appended as the last child of
 *  Message (the Article 18 profile). Implemented outside this library (exchange
 *  does not link signing): see exchange/signing/. */
class MessageSigner
{
public:
    virtual ~MessageSigner() = default;
    /** The exact bytes to send. */
    virtual Result<QByteArray> sign(const QByteArray &message) = 0;
};

} // namespace dms::exchange
