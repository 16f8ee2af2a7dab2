// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace dms::exchange {

/** What a valid message signature tells about its signer. */
struct VerifiedSignature
{
    /** The signing certificate's serial number in hex (any case, any leading zeros). */
    QString certificateSerialHex;
};

/** Checks the enveloped signature of a received message (RSA-SHA1 and RSA-SHA256
 *  accepted, exactly one Reference URI="" over the whole message). The caller
 *  compares the serial with the registry. Implemented outside this library. */
class MessageVerifier
{
public:
    virtual ~MessageVerifier() = default;
    virtual Result<VerifiedSignature> verify(const QByteArray &message) = 0;
};

} // namespace dms::exchange
