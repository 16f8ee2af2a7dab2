// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/StreamedReceipt.h"

namespace dms::exchange {

StreamedReceipt::StreamedReceipt(ReceivedMessage received, SplicedContent signedForm,
                                 QList<std::shared_ptr<BlobStore::Writer>> attachments,
                                 const BlobStore &store)
    : m_received(std::move(received))
    , m_signedForm(std::move(signedForm))
    , m_pending(std::move(attachments))
    , m_store(&store)
{ }

Status StreamedReceipt::commitAttachments()
{
    auto *request = std::get_if<DocumentRegistrationRequest>(&m_received.message.body);
    if (m_pending.isEmpty() || !request)
        return {};
    Q_ASSERT(request->attachments.size() == m_pending.size()); // MessageReader::readDocument checks it
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        auto info = m_pending.at(i)->commit();
        if (!info)
            return info.error();
        Attachment &attachment = request->attachments[i];
        attachment.contentSha256 = info->sha256;
        attachment.contentSize = info->size;
        attachment.contentFile = m_store->pathFor(info->sha256);
    }
    m_pending.clear();
    return {};
}

} // namespace dms::exchange
