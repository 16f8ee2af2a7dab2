// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExchangeRuntime.h"

#include "ExchangeEndpoint.h"
#include "ExchangeIdentity.h"
#include "core/Clock.h"
#include "core/Tr.h"
#include "exchange/ExchangeResendCommand.h"
#include "exchange/ExchangeSendCommand.h"
#include "exchange/ExchangeService.h"
#include "exchange/ParticipantFeed.h"
#include "exchange/registry/RegistryClient.h"
#include "exchange/registry/RegistryRefresher.h"
#include "exchange/store/ParticipantDirectory.h"
#include "exchange/transport/HttpsTransport.h"
#include "services/ServiceContext.h"
#include "storage/BlobStore.h"
#include "storage/Database.h"
#include "sync/SyncService.h"

#include <QLoggingCategory>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace dms::server {

namespace {

Q_LOGGING_CATEGORY(dmsExchange, "dms.server.exchange", QtInfoMsg)

/** How often the refresh thread looks whether the registry copy is due (the Clock decides). */
constexpr std::chrono::seconds kRegistryPoll {30};

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
    std::unique_ptr<BlobStore> blobs;
    std::unique_ptr<ExchangeIdentity> identity;
    std::unique_ptr<exchange::ExchangeService> service;
    std::unique_ptr<exchange::HttpsTransport> transport;
    std::chrono::seconds interval {60};
    std::unique_ptr<exchange::ParticipantDirectory> directory;
    std::unique_ptr<exchange::RegistryClient> registry;
    std::unique_ptr<exchange::RegistryRefresher> refresher;
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::thread deliverer;
    std::thread registryRefresher;
    SyncService *sync = nullptr;
};

ExchangeRuntime::ExchangeRuntime(std::unique_ptr<State> state)
    : m_state(std::move(state))
{ }

ExchangeRuntime::~ExchangeRuntime()
{
    stop();
    if (m_state->sync) {
        m_state->sync->extensions().remove(exchange::ExchangeSendCommand::kind);
        m_state->sync->extensions().remove(exchange::ExchangeResendCommand::kind);
    }
}

Status ExchangeRuntime::check(const ServerConfig &config)
{
    SystemClock clock;
    auto identity = ExchangeIdentity::load(config, clock);
    if (!identity)
        return identity.error();
    return {};
}

Result<std::unique_ptr<ExchangeRuntime>> ExchangeRuntime::start(Router &router,
                                                                std::shared_ptr<Database> database,
                                                                const ServerConfig &config, SyncService *sync)
{
    auto state = std::make_unique<State>(std::move(database));
    auto identity = ExchangeIdentity::load(config, state->clock);
    if (!identity)
        return identity.error();
    state->identity = std::move(identity).value();
    exchange::MessageLimits limits;
    limits.maxMessageBytes = config.exchangeMaxMessageBytes;
    state->service = std::make_unique<exchange::ExchangeService>(state->context, state->identity->self(),
                                                                 state->identity->signer(),
                                                                 state->identity->verifier(), limits);
    state->blobs = std::make_unique<BlobStore>(
        config.blobDir(state->database->isSqlite() ? state->database->config().path : QString()));
    state->service->setBlobStore(state->blobs.get());
    exchange::HttpsTransportSettings transport;
    transport.certificateFile = config.exchangeCertificateFile;
    transport.keyFile = config.exchangeKeyFile;
    transport.caFile = config.exchangePeersCaFile;
    state->transport = std::make_unique<exchange::HttpsTransport>(transport);
    state->interval = std::chrono::seconds(config.exchangeDeliveryIntervalS);
    if (!config.exchangeRegistryUrl.isEmpty()) {
        state->directory = std::make_unique<exchange::ParticipantDirectory>(*state->database, state->clock);
        state->registry
            = std::make_unique<exchange::RegistryClient>(*state->transport, config.exchangeRegistryUrl);
        state->refresher = std::make_unique<exchange::RegistryRefresher>(
            *state->directory, *state->registry, state->clock,
            std::chrono::seconds(config.exchangeRegistryRefreshIntervalS));
    }
    ExchangeEndpoint::install(router, *state->service);
    if (sync) {
        auto published = exchange::ParticipantFeed::publish(*state->database, state->clock);
        if (!published)
            return published.error();
        state->sync = sync;
        sync->extensions().add(
            exchange::ExchangeSendCommand::kind,
            std::make_shared<exchange::ExchangeSendCommand>(state->context, *state->service));
        sync->extensions().add(exchange::ExchangeResendCommand::kind,
                               std::make_shared<exchange::ExchangeResendCommand>(*state->service));
    }

    std::unique_ptr<ExchangeRuntime> runtime(new ExchangeRuntime(std::move(state)));
    runtime->m_state->deliverer = std::thread([raw = runtime.get()] { raw->deliverLoop(); });
    if (runtime->m_state->refresher)
        runtime->m_state->registryRefresher = std::thread([raw = runtime.get()] { raw->registryLoop(); });
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
    if (m_state->registryRefresher.joinable())
        m_state->registryRefresher.join();
}

void ExchangeRuntime::registryLoop()
{
    std::unique_lock lock(m_state->mutex);
    while (!m_state->stopping) {
        lock.unlock();
        auto refreshed = m_state->refresher->refreshIfDue();
        if (!refreshed)
            qCWarning(dmsExchange).noquote()
                << Tr::tr("Refreshing the participant registry failed: %1").arg(refreshed.error().toString());
        else if (refreshed->has_value()) {
            qCInfo(dmsExchange).noquote()
                << Tr::tr("Participant registry refreshed: %1 record(s), %2 skipped.")
                       .arg((*refreshed)->records)
                       .arg((*refreshed)->skipped.size());
            if (m_state->sync) {
                // Desks offer the recipients they know: tell them about the new copy.
                auto published = exchange::ParticipantFeed::publish(*m_state->database, m_state->clock);
                if (!published)
                    qCWarning(dmsExchange).noquote()
                        << Tr::tr("Publishing the participants to the desks failed: %1")
                               .arg(published.error().toString());
            }
        }
        lock.lock();
        m_state->wake.wait_for(lock, kRegistryPoll, [this] { return m_state->stopping; });
    }
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
