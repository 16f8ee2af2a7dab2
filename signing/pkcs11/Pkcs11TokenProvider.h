// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/PinProvider.h"
#include "signing/TokenProvider.h"
#include "signing/pkcs11/SpinWait.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <type_traits>

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
    friend class Pkcs11SignBatch;

    /** One call for the worker thread, in a FIFO: a caller's stack frame owns it
     *  until it has run; an asynchronous job (a batch's) owns itself, and the worker
     *  never touches it after its call returns. */
    struct WorkerJob
    {
        void *context = nullptr;
        void (*call)(void *, Pkcs11Worker &) = nullptr;
        bool asynchronous = false;
        WorkerJob *next = nullptr;
        std::atomic<bool> finished {false};
    };

    /** Runs @p job (callable with Pkcs11Worker &) on the worker thread and waits for it;
     *  directly when called on the worker thread (a PIN provider calling back). */
    template<typename Job>
    void runOnWorker(Job &&job)
    {
        using JobType = std::remove_reference_t<Job>;
        runOnWorker(const_cast<void *>(static_cast<const void *>(&job)),
                    [](void *context, Pkcs11Worker &worker) { (*static_cast<JobType *>(context))(worker); });
    }
    /** The type-erased hand-off: no allocation, no Qt event; see SpinWait for why both
     *  sides spin briefly before they block. */
    void runOnWorker(void *context, void (*call)(void *, Pkcs11Worker &));
    /** Queues @p job (asynchronous: the worker will not touch it after its call) without waiting. */
    void post(WorkerJob &job);
    /** The worker thread's loop: runs the queued jobs in order until m_stopping. */
    void serve();

    Pkcs11TokenProvider(std::shared_ptr<PinProvider> pinProvider, const QString &modulePath);

    QString m_modulePath;
    std::unique_ptr<Pkcs11Worker> m_worker;
    std::unique_ptr<QThread> m_thread;

    /** Guards the queue and m_stopping. */
    std::mutex m_mutex;
    std::condition_variable m_jobPosted;
    std::condition_variable m_jobDone;
    WorkerJob *m_head = nullptr;
    WorkerJob *m_tail = nullptr;
    /** Whether the queue is not empty, for the worker's spin without the mutex. */
    std::atomic<bool> m_hasJobs {false};
    bool m_stopping = false;
    /** The worker waiting for the next job: about what a caller takes to encode one
     *  small CAdES signature and hash the next document. */
    SpinWait m_workerSpin {std::chrono::microseconds(80)};
    /** A caller waiting for its answer: a fast token's ECDSA signature. */
    SpinWait m_callerSpin {std::chrono::microseconds(120)};
};

} // namespace dms
