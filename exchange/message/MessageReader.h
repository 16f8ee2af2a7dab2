// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/message/Message.h"
#include "exchange/message/MessageLimits.h"

#include <QByteArray>
#include <QList>

#include <libxml/tree.h>

namespace dms::exchange {

/** A message as received: the parsed values and whether it carried a signature. */
struct ReceivedMessage
{
    Message message;
    bool hasSignature = false;
};

/** An AttBody that MessageStreamReader decoded outside the tree: the marker left in
 *  its place and the size of the decoded content. */
struct StreamedContent
{
    QByteArray marker;
    qint64 size = 0;
};

/** Reads an incoming message: safe parse (SafeXmlParser), validation against the
 *  official schema, then the rules the schema cannot express — MessageType equal to
 *  the Body, a Version starting with "1", at most one ds:Signature and only as the
 *  last child of Message (no wrapping), no nested Message, strict base64 and file
 *  names without path components. Every refusal is InvalidInput or SchemaInvalid
 *  with the reason as detail. The signature itself is checked elsewhere. */
class MessageReader
{
public:
    explicit MessageReader(MessageLimits limits = {})
        : m_limits(limits)
    { }

    Result<ReceivedMessage> read(const QByteArray &bytes) const;
    /** The same checks on a parsed tree. With @p streamed (MessageStreamReader),
     *  every AttBody must hold the next marker, in document order, and the
     *  attachments get its size instead of content. */
    Result<ReceivedMessage> readDocument(xmlDoc *doc, const QList<StreamedContent> *streamed = nullptr) const;

    /** Whether name is a plain file name (no directory, drive or parent part). */
    static bool isSafeFileName(const QString &name);

private:
    MessageLimits m_limits;
};

} // namespace dms::exchange
