// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "sync/SyncMessages.h"

namespace dms {

/** How a desk reaches the sync server: HTTPS with the desk's client certificate
 *  (dms_sync_net's NetworkSyncTransport) or the in-process core of a one-desk
 *  office (InProcessSyncTransport). A transport is created, used and destroyed
 *  on the sync engine's worker thread. */
class SyncTransport
{
public:
    virtual ~SyncTransport() = default;
    /** Sends one request and returns the server's reply, whatever its status.
     *  Network or Timeout when the server cannot be reached: the desk is offline. */
    virtual Result<SyncReply> send(const SyncRequest &request) = 0;
    /** Asks a send() in progress on the worker thread to return early (with
     *  Cancelled); callable from any thread. A transport that cannot do so ignores it. */
    virtual void interrupt() { }
};

} // namespace dms
