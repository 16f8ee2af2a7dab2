// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/message/MessageLimits.h"
#include "exchange/message/StreamedReceipt.h"

#include <QString>

class QIODevice;

namespace dms {
class BlobStore;
}

namespace dms::exchange {

/** Reads an incoming message from a device without ever holding an attachment in
 *  memory: a SAX parse (the same hardening as SafeXmlParser: no network, no DTD,
 *  any DOCTYPE refused, the size limit counted while reading) builds the tree of
 *  everything but the AttBody texts, which are base64-decoded as they arrive into
 *  BlobStore writers and copied, in canonical form, to temporary files; each AttBody
 *  keeps a fresh random marker instead. The tree then gets exactly MessageReader's
 *  checks (schema, anti-wrapping, rules). Refused beyond MessageReader's reasons:
 *  anything but text inside an AttBody (element, comment, processing instruction).
 *  The signature is checked on StreamedReceipt::signedForm(), and the attachments
 *  are named in the store only by StreamedReceipt::commitAttachments(). */
class MessageStreamReader
{
public:
    /** @p store receives the attachments; it must outlive the receipts. The canonical
     *  texts (as large as the base64) go to a temporary directory in @p workDir, by
     *  default the system's (better on the blob store's disk: /tmp may be in memory). */
    explicit MessageStreamReader(const BlobStore &store, MessageLimits limits = {}, QString workDir = {})
        : m_store(store)
        , m_limits(limits)
        , m_workDir(std::move(workDir))
    { }

    /** Reads @p input (open for reading; a file or buffer: a read of 0 bytes is its
     *  end) to its end. */
    Result<StreamedReceipt> read(QIODevice &input) const;

private:
    const BlobStore &m_store;
    MessageLimits m_limits;
    QString m_workDir;
};

} // namespace dms::exchange
