// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/Tr.h"
#include "storage/SplicedContent.h"

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
    /** sign() for a message whose large attachments stay in files (MessageWriter::
     *  writeSpliced()): the digest covers the spliced bytes, the skeleton gets the
     *  Signature and the parts are kept. Signers without streaming support refuse
     *  spliced messages. */
    virtual Result<SplicedContent> signSpliced(const SplicedContent &message)
    {
        if (message.isSpliced())
            return makeError(ErrorCode::Internal, Tr::tr("The message could not be signed."),
                             QStringLiteral("this signer cannot sign streamed messages"));
        auto signedBytes = sign(message.skeleton());
        if (!signedBytes)
            return signedBytes.error();
        return message.withSkeleton(std::move(signedBytes).value());
    }
};

} // namespace dms::exchange
