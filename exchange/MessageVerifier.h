// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/Tr.h"
#include "storage/SplicedContent.h"

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
    /** verify() of a streamed message (MessageStreamReader): the skeleton is checked
     *  with the parts' canonical text digested in place of their markers. Verifiers
     *  without streaming support refuse spliced messages. */
    virtual Result<VerifiedSignature> verifySpliced(const SplicedContent &message)
    {
        if (message.isSpliced())
            return makeError(ErrorCode::InvalidInput, Tr::tr("The message signature is not valid."),
                             QStringLiteral("this verifier cannot check streamed messages"));
        return verify(message.skeleton());
    }
};

} // namespace dms::exchange
