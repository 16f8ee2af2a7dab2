// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11TokenProvider.h"

#include "signing/pkcs11/Pkcs11Token.h"
#include "signing/pkcs11/Pkcs11Worker.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QThread>

#include <optional>

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
    , m_thread(std::make_unique<QThread>())
    , m_worker(new Pkcs11Worker(std::move(pinProvider)))
{
    m_thread->setObjectName(QStringLiteral("pkcs11"));
    m_worker->moveToThread(m_thread.get());
    m_thread->start();
}

Pkcs11TokenProvider::~Pkcs11TokenProvider()
{
    runOnWorker([](Pkcs11Worker &worker) { worker.unload(); });
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
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

void Pkcs11TokenProvider::runOnWorker(const std::function<void(Pkcs11Worker &)> &job)
{
    if (QThread::currentThread() == m_thread.get()) {
        job(*m_worker);
        return;
    }
    QMetaObject::invokeMethod(
        m_worker, [&] { job(*m_worker); }, Qt::BlockingQueuedConnection);
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
