// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11TokenProvider.h"

#include "signing/pkcs11/Pkcs11Token.h"
#include "signing/pkcs11/Pkcs11Worker.h"

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
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_jobPosted.wait(lock, [this] { return m_jobCall != nullptr || m_stopping; });
        if (!m_jobCall)
            return; // stopping, and every job handed over has run
        void (*call)(void *, Pkcs11Worker &) = std::exchange(m_jobCall, nullptr);
        void *context = std::exchange(m_jobContext, nullptr);
        lock.unlock();
        call(context, *m_worker);
        lock.lock();
        m_jobFinished = true;
        m_jobDone.notify_one();
    }
}

void Pkcs11TokenProvider::runOnWorker(void *context, void (*call)(void *, Pkcs11Worker &))
{
    if (QThread::currentThread() == m_thread.get()) {
        call(context, *m_worker);
        return;
    }
    std::lock_guard caller(m_callerMutex);
    std::unique_lock lock(m_mutex);
    m_jobContext = context;
    m_jobCall = call;
    m_jobFinished = false;
    lock.unlock();
    m_jobPosted.notify_one();
    lock.lock();
    m_jobDone.wait(lock, [this] { return m_jobFinished; });
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
