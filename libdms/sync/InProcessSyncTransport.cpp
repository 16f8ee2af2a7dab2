// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/InProcessSyncTransport.h"

#include "core/Tr.h"
#include "sync/SyncService.h"

namespace dms {

InProcessSyncTransport::InProcessSyncTransport(SyncService &service, QByteArray deskCertSha256,
                                               std::shared_ptr<std::atomic<bool>> reachable)
    : m_service(service)
    , m_deskCertSha256(std::move(deskCertSha256))
    , m_reachable(std::move(reachable))
{ }

Result<SyncReply> InProcessSyncTransport::send(const SyncRequest &request)
{
    if (!m_reachable->load())
        return makeError(ErrorCode::Network, Tr::tr("The server cannot be reached."));
    SyncRequest identified = request;
    identified.deskCertSha256 = m_deskCertSha256;
    return m_service.handle(identified);
}

} // namespace dms
