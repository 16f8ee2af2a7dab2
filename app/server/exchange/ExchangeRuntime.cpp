// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExchangeRuntime.h"

#include "ExchangeEndpoint.h"
#include "ExchangeIdentity.h"
#include "core/Clock.h"
#include "core/Tr.h"
#include "exchange/ExchangeService.h"
#include "exchange/transport/HttpsTransport.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"

#include <QLoggingCategory>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace dms::server {

namespace {

Q_LOGGING_CATEGORY(dmsExchange, "dms.server.exchange", QtInfoMsg)

} // namespace

struct ExchangeRuntime::State
{
    explicit State(std::shared_ptr<Database> db)
        : database(std::move(db))
        , context {*database, clock}
    { }
    std::shared_ptr<Database> database;
    SystemClock clock;
    ServiceContext context;
    std::unique_ptr<ExchangeIdentity> identity;
    std::unique_ptr<exchange::ExchangeService> service;
    std::unique_ptr<exchange::HttpsTransport> transport;
    std::chrono::seconds interval {60};
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::thread deliverer;
};

ExchangeRuntime::ExchangeRuntime(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }

ExchangeRuntime::~ExchangeRuntime()
{
    stop();
}

Status ExchangeRuntime::check(const ServerConfig &config)
{
    SystemClock clock;
    auto identity = ExchangeIdentity::load(config, clock);
    if (!identity)
        return identity.error();
    return {};
}

Result<std::unique_ptr<ExchangeRuntime>>
ExchangeRuntime::start(Router &router, std::shared_ptr<Database> database, const ServerConfig &config)
{
    auto state = std::make_unique<State>(std::move(database));
    auto identity = ExchangeIdentity::load(config, state->clock);
    if (!identity)
        return identity.error();
    state->identity = std::move(identity).value();
    state->service = std::make_unique<exchange::ExchangeService>(
        state->context, state->identity->self(), state->identity->signer(), state->identity->verifier());
    exchange::HttpsTransportSettings transport;
    transport.certificateFile = config.exchangeCertificateFile;
    transport.keyFile = config.exchangeKeyFile;
    transport.caFile = config.exchangePeersCaFile;
    state->transport = std::make_unique<exchange::HttpsTransport>(transport);
    state->interval = std::chrono::seconds(config.exchangeDeliveryIntervalS);
    ExchangeEndpoint::install(router, *state->service);

    std::unique_ptr<ExchangeRuntime> runtime(new ExchangeRuntime(std::move(state)));
    runtime->m_state->deliverer = std::thread([raw = runtime.get()] { raw->deliverLoop(); });
    return runtime;
}

exchange::ExchangeService &ExchangeRuntime::service()
{
    return *m_state->service;
}

void ExchangeRuntime::stop()
{
    {
        const std::lock_guard lock(m_state->mutex);
        m_state->stopping = true;
    }
    m_state->wake.notify_all();
    if (m_state->deliverer.joinable())
        m_state->deliverer.join();
}

void ExchangeRuntime::deliverLoop()
{
    std::unique_lock lock(m_state->mutex);
    while (!m_state->stopping) {
        lock.unlock();
        auto delivered = m_state->service->deliverDue(*m_state->transport);
        if (!delivered)
            qCWarning(dmsExchange).noquote()
                << Tr::tr("Delivering the outbox failed: %1").arg(delivered.error().toString());
        else if (*delivered > 0)
            qCInfo(dmsExchange).noquote() << Tr::tr("Delivered %n exchange message(s).", nullptr, *delivered);
        lock.lock();
        m_state->wake.wait_for(lock, m_state->interval, [this] { return m_state->stopping; });
    }
}

} // namespace dms::server
