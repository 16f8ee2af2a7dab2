// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncTransport.h"

#include <atomic>

namespace dms {

class SyncService;

/** The embedded default: the desk's requests go straight to a SyncService in the
 *  same process (one-desk office, demo), through the same protocol code as over
 *  HTTPS. The desk is identified by the certificate fingerprint given here.
 *  setReachable(false) makes it behave as an unreachable server (Network). */
class InProcessSyncTransport final : public SyncTransport
{
public:
    InProcessSyncTransport(SyncService &service, QByteArray deskCertSha256);

    Result<SyncReply> send(const SyncRequest &request) override;
    void setReachable(bool reachable) { m_reachable = reachable; }

private:
    SyncService &m_service;
    QByteArray m_deskCertSha256;
    std::atomic<bool> m_reachable {true};
};

} // namespace dms
