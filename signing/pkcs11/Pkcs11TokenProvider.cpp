// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11TokenProvider.h"

#include "signing/pkcs11/Pkcs11Token.h"
#include "signing/pkcs11/Pkcs11Worker.h"
#include "signing/pkcs11/SpinWait.h"

#include <QFileInfo>
#include <QThread>

#include <optional>
#include <utility>

namespace dms {

QString Pkcs11TokenProvider::defaultModulePath()
{
    for (const QString &candidate : {QStringLiteral(DMS_P11KIT_PROXY_MODULE),
                                     QStringLiteral("/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so")}) {
        if (QFileInfo::exists(candidate))
            return candidate;
    }
    // Left to the dynamic loader's search path.
    return QStringLiteral("p11-kit-proxy.so");
}

Pkcs11TokenProvider::Pkcs11TokenProvider(std::shared_ptr<PinProvider> pinProvider, const QString &modulePath)
    : m_modulePath(modulePath)
    , m_worker(std::make_unique<Pkcs11Worker>(std::move(pinProvider)))
{
    // A QThread (not a bare std::thread) so that a PIN provider may still use Qt on it.
    m_thread.reset(QThread::create([this] { serve(); }));
    m_thread->setObjectName(QStringLiteral("pkcs11"));
    m_thread->start();
}

Pkcs11TokenProvider::~Pkcs11TokenProvider()
{
    runOnWorker([](Pkcs11Worker &worker) { worker.unload(); });
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_jobPosted.notify_one();
    m_thread->wait();
}

Result<std::shared_ptr<Pkcs11TokenProvider>>
Pkcs11TokenProvider::load(std::shared_ptr<PinProvider> pinProvider, const QString &modulePath)
{
    Q_ASSERT(pinProvider);
    const QString path = modulePath.isEmpty() ? defaultModulePath() : modulePath;
    std::shared_ptr<Pkcs11TokenProvider> provider(new Pkcs11TokenProvider(std::move(pinProvider), path));
    std::optional<Status> loaded;
    provider->runOnWorker([&](Pkcs11Worker &worker) { loaded = worker.load(path); });
    if (!*loaded)
        return loaded->error();
    return provider;
}

void Pkcs11TokenProvider::serve()
{
    for (;;) {
        // The next signature of a caller that is building its document usually comes
        // within the spin: no futex wake-up for it.
        const auto idleSince = SpinWait::Clock::now();
        m_workerSpin.spin([this] { return m_hasJobs.load(std::memory_order_acquire); }, idleSince);
        std::unique_lock lock(m_mutex);
        m_jobPosted.wait(lock, [this] { return m_head != nullptr || m_stopping; });
        m_workerSpin.learn(idleSince);
        if (!m_head)
            return; // stopping, and every job handed over has run
        WorkerJob *job = std::exchange(m_head, m_head->next);
        if (!m_head) {
            m_tail = nullptr;
            m_hasJobs.store(false, std::memory_order_relaxed);
        }
        lock.unlock();
        const bool asynchronous = job->asynchronous;
        job->call(job->context, *m_worker);
        if (asynchronous)
            continue; // it may be gone already
        lock.lock();
        job->finished.store(true, std::memory_order_release);
        lock.unlock();
        m_jobDone.notify_all();
    }
}

void Pkcs11TokenProvider::post(WorkerJob &job)
{
    job.next = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_tail)
            m_tail->next = &job;
        else
            m_head = &job;
        m_tail = &job;
        m_hasJobs.store(true, std::memory_order_release);
    }
    // Without a blocked waiter (the worker spinning or busy) this makes no system call.
    m_jobPosted.notify_one();
}

void Pkcs11TokenProvider::runOnWorker(void *context, void (*call)(void *, Pkcs11Worker &))
{
    if (QThread::currentThread() == m_thread.get()) {
        call(context, *m_worker);
        return;
    }
    WorkerJob job;
    job.context = context;
    job.call = call;
    const auto posted = SpinWait::Clock::now();
    post(job);
    if (!m_callerSpin.spin([&job] { return job.finished.load(std::memory_order_acquire); }, posted)) {
        std::unique_lock lock(m_mutex);
        m_jobDone.wait(lock, [&job] { return job.finished.load(std::memory_order_relaxed); });
    }
    m_callerSpin.learn(posted);
}

Result<QList<std::shared_ptr<Token>>> Pkcs11TokenProvider::tokens()
{
    std::optional<Result<QList<TokenInfo>>> infos;
    runOnWorker([&](Pkcs11Worker &worker) { infos = worker.tokens(); });
    if (!*infos)
        return infos->error();
    QList<std::shared_ptr<Token>> result;
    for (const TokenInfo &info : infos->value())
        result.append(std::make_shared<Pkcs11Token>(shared_from_this(), info));
    return result;
}

} // namespace dms
