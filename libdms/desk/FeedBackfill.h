// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

namespace dms {

struct ServiceContext;

/** Publishes into the change feed what desks need and what was written outside
 *  the sync protocol: the registers (entity "register": code, kind, name,
 *  registry code, open or closed), the users (entity "user": login, full name,
 *  active; never roles or personal numbers), and correspondents and
 *  registrations made directly through the services (demo data, delovodctl) or
 *  annulled there. Registrations use SyncCommandApplier's published form, so
 *  a desk cannot tell both paths apart.
 *
 *  Runs on the office's database (the embedded office after its demo data, a
 *  server at start); idempotent: what the feed already holds in its current
 *  form is not published again. Works in transactions of at most
 *  `kBatch` changes, each appending to the feed as its last statement (see
 *  ChangeFeed). Thread-safe. */
class FeedBackfill
{
public:
    static constexpr int kBatch = 1000;

    explicit FeedBackfill(ServiceContext &context);

    /** The number of changes appended. */
    Result<int> publishUnpublished();

private:
    Result<int> publishReferenceData();
    Result<int> publishNew(const QString &entity, const QString &idsSql);
    Result<int> publishAnnulled();
    /** Case files and resolutions (entities "case_file", "resolution") not yet
     *  published, and those closed or completed outside the sync protocol. */
    Result<int> publishCases();

    ServiceContext &m_context;
};

} // namespace dms
