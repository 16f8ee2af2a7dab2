// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Router.h"
#include "ServerConfig.h"
#include "core/Result.h"

#include <memory>

namespace dms {
class Database;
}

namespace dms::exchange {
class ExchangeService;
}

namespace dms::server {

/** The СЕОС participant inside delovod-server ([exchange] enabled): the transport
 *  key and certificate, the ExchangeService on the server's database, its endpoint
 *  on the router, and a background thread that delivers the due outbox every
 *  delivery_interval_s. stop() (also in the destructor) ends that thread at once,
 *  after a delivery in progress has finished. */
class ExchangeRuntime
{
public:
    ~ExchangeRuntime();
    ExchangeRuntime(const ExchangeRuntime &) = delete;
    ExchangeRuntime &operator=(const ExchangeRuntime &) = delete;

    /** Checks the [exchange] files: the certificate with its key and the peers' CA;
     *  InvalidInput naming the file that is wrong. */
    static Status check(const ServerConfig &config);
    /** Loads the key, makes the service, installs the endpoint and starts delivering. */
    static Result<std::unique_ptr<ExchangeRuntime>> start(Router &router, std::shared_ptr<Database> database,
                                                          const ServerConfig &config);

    exchange::ExchangeService &service();
    void stop();

private:
    struct State;
    explicit ExchangeRuntime(std::unique_ptr<State> state);
    void deliverLoop();

    std::unique_ptr<State> m_state;
};

} // namespace dms::server
