// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "sync/SyncMessages.h"

#include <functional>

namespace dms {

class BlobStore;

/** A desk's side of the blob endpoints (docs/sync.md, "Blobs"): sends a blob of
 *  the desk's own store to the server in parts, resuming after the parts the
 *  server already has, and fetches one by hash into the desk's store.
 *
 *  `call` sends one request with the desk's session (SyncEngine::call); it runs
 *  on the engine's worker thread, and so does every function here. Network errors
 *  are returned as they come (the engine goes offline and retries); a refusal of
 *  the server (hash mismatch: Corrupt, too large: InvalidInput, not readable:
 *  PermissionDenied / NotFound) is returned with the server's code. */
class BlobTransfer
{
public:
    using Call = std::function<Result<SyncReply>(SyncRequest)>;

    BlobTransfer(BlobStore &local, Call call);

    /** Makes sure the server holds the blob `sha256` of the desk's store; NotFound
     *  when the desk's store does not have it (nothing can be sent). */
    Status upload(const QString &sha256);
    /** Fetches the blob into the desk's store (nothing to do when it is there);
     *  Corrupt when the bytes received do not have that hash. */
    Status download(const QString &sha256);

    /** The error a refused reply carries, with the server's code. */
    static Error replyError(const SyncReply &reply);

private:
    Result<SyncReply> checked(SyncRequest request);

    BlobStore &m_local;
    Call m_call;
};

} // namespace dms
