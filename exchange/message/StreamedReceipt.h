// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/message/MessageReader.h"
#include "storage/BlobStore.h"
#include "storage/SplicedContent.h"

#include <QList>

#include <memory>

namespace dms::exchange {

/** A message read from a stream by MessageStreamReader: its values, the form its
 *  signature is checked on, and its attachments decoded into the blob store but not
 *  yet named there. Copies share the pending attachments. */
class StreamedReceipt
{
public:
    StreamedReceipt(ReceivedMessage received, SplicedContent signedForm,
                    QList<std::shared_ptr<BlobStore::Writer>> attachments, const BlobStore &store);

    /** The values; attachments carry contentSize, and after commitAttachments() also
     *  contentSha256 and contentFile (never content). */
    const ReceivedMessage &received() const { return m_received; }
    /** What MessageVerifier::verifySpliced() checks: the parsed tree serialised
     *  with a marker in each AttBody, each part the canonical form of the text the
     *  attachment was decoded from. The values above were read from this very tree. */
    const SplicedContent &signedForm() const { return m_signedForm; }

    /** Names the decoded attachments in the blob store — call it once the signature
     *  verified, so that nothing unsigned is ever kept — and fills contentSha256 and
     *  contentFile. Storage when the store refuses; a second call changes nothing. */
    [[nodiscard]] Status commitAttachments();

private:
    ReceivedMessage m_received;
    SplicedContent m_signedForm;
    QList<std::shared_ptr<BlobStore::Writer>> m_pending;
    const BlobStore *m_store;
};

} // namespace dms::exchange
