// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/PinProvider.h"
#include "signing/TokenProvider.h"

#include <QString>

#include <functional>
#include <memory>

class QThread;

namespace dms {

class Pkcs11Worker;

/** Tokens of one PKCS#11 module: p11-kit-proxy.so (every module registered with
 *  p11-kit) by default, or a vendor module by path. Every PKCS#11 call runs on one
 *  worker thread owned by this object; the public API is thread-safe and blocks
 *  until the worker has answered (PIN entry included), so a GUI calls it off its
 *  own thread. Destroying the provider closes the sessions and calls C_Finalize on
 *  the worker: destroy it before the program exits. Tokens keep it alive. */
class Pkcs11TokenProvider final : public TokenProvider,
                                  public std::enable_shared_from_this<Pkcs11TokenProvider>
{
public:
    /** p11-kit-proxy.so as installed (pkg-config p11-kit-1 proxy_module). */
    static QString defaultModulePath();

    /** Loads and initialises @p modulePath (default: defaultModulePath()). NotFound
     *  when the module file cannot be loaded, InvalidInput when it is no PKCS#11 module. */
    [[nodiscard]] static Result<std::shared_ptr<Pkcs11TokenProvider>>
    load(std::shared_ptr<PinProvider> pinProvider, const QString &modulePath = {});

    ~Pkcs11TokenProvider() override;
    Q_DISABLE_COPY_MOVE(Pkcs11TokenProvider)

    QString modulePath() const { return m_modulePath; }

    [[nodiscard]] Result<QList<std::shared_ptr<Token>>> tokens() override;

private:
    friend class Pkcs11Token;

    /** Runs @p job on the worker thread and waits for it. */
    void runOnWorker(const std::function<void(Pkcs11Worker &)> &job);

    Pkcs11TokenProvider(std::shared_ptr<PinProvider> pinProvider, const QString &modulePath);

    QString m_modulePath;
    std::unique_ptr<QThread> m_thread;
    Pkcs11Worker *m_worker = nullptr;
};

} // namespace dms
