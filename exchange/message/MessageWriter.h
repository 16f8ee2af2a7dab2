// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/message/Message.h"
#include "storage/SplicedContent.h"

#include <QByteArray>

namespace dms::exchange {

/** Serialises a Message to the bytes that are signed and sent: UTF-8 with an XML
 *  declaration, no pretty-printing, carriage returns escaped as &#13;. The output is
 *  validated against the official schema before it is returned, so nothing
 *  schema-invalid ever leaves. The body decides Header/MessageType. */
class MessageWriter
{
public:
    static Result<QByteArray> write(const Message &message);
    /** write() without loading large attachments: every attachment with a
     *  contentFile gets a unique marker in its AttBody (valid base64, so the
     *  schema check still applies to everything else) and a part that base64-encodes
     *  the file where the marker is. Sign it with MessageSigner::signSpliced() and
     *  send SplicedContent::write(). InvalidInput when an attachment file is not readable. */
    static Result<SplicedContent> writeSpliced(const Message &message);
};

} // namespace dms::exchange
