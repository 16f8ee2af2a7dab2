// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncTransport.h"

#include <atomic>
#include <memory>

namespace dms {

class SyncService;

/** The embedded default: the desk's requests go straight to a SyncService in the
 *  same process (one-desk office, demo), through the same protocol code as over
 *  HTTPS. The desk is identified by the certificate fingerprint given here.
 *  setReachable(false) makes it behave as an unreachable server (Network); the
 *  flag may be shared with its owner, who outlives the engine's transports. */
class InProcessSyncTransport final : public SyncTransport
{
public:
    InProcessSyncTransport(SyncService &service, QByteArray deskCertSha256,
                           std::shared_ptr<std::atomic<bool>> reachable
                           = std::make_shared<std::atomic<bool>>(true));

    Result<SyncReply> send(const SyncRequest &request) override;
    void setReachable(bool reachable) { *m_reachable = reachable; }

private:
    SyncService &m_service;
    QByteArray m_deskCertSha256;
    std::shared_ptr<std::atomic<bool>> m_reachable;
};

} // namespace dms
