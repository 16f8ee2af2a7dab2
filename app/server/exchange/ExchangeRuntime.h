// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Router.h"
#include "ServerConfig.h"
#include "core/Result.h"

#include <memory>

namespace dms {
class Database;
class SyncService;
} // namespace dms

namespace dms::exchange {
class ExchangeService;
}

namespace dms::server {

/** The СЕОС participant inside delovod-server ([exchange] enabled): the transport
 *  key and certificate, the ExchangeService on the server's database, its endpoint
 *  on the router, and a background thread that delivers the due outbox every
 *  delivery_interval_s. With registry_url, a second thread keeps the offline
 *  participant copy current from the registry service (RegistryRefresher: due every
 *  registry_refresh_interval_s on the clock, looked at every 30 s). stop() (also in
 *  the destructor) ends both threads at once, after the work in progress.
 *  With the desks' SyncService it also applies their "exchange.send" command
 *  (ExchangeSendCommand, removed again by the destructor) and publishes the
 *  participants to them (ParticipantFeed) at start and after each refresh. */
class ExchangeRuntime
{
public:
    ~ExchangeRuntime();
    ExchangeRuntime(const ExchangeRuntime &) = delete;
    ExchangeRuntime &operator=(const ExchangeRuntime &) = delete;

    /** Checks the [exchange] files: the certificate with its key and the peers' CA;
     *  InvalidInput naming the file that is wrong. */
    static Status check(const ServerConfig &config);
    /** Loads the key, makes the service, installs the endpoint and starts delivering.
     *  @p sync (may be null) must outlive the runtime. */
    static Result<std::unique_ptr<ExchangeRuntime>> start(Router &router, std::shared_ptr<Database> database,
                                                          const ServerConfig &config,
                                                          SyncService *sync = nullptr);

    exchange::ExchangeService &service();
    void stop();

private:
    struct State;
    explicit ExchangeRuntime(std::unique_ptr<State> state);
    void deliverLoop();
    void registryLoop();

    std::unique_ptr<State> m_state;
};

} // namespace dms::server
