// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11SignBatch.h"

#include "core/Tr.h"
#include "signing/pkcs11/Pkcs11Worker.h"
#include "signing/pkcs11/SpinWait.h"

#include <algorithm>
#include <utility>

namespace dms {

namespace {

/** A caller that has to block for a result is woken when this many are ready (or all
 *  it waits for): one wake-up per four signatures instead of one per signature... */
constexpr qsizetype s_resultsPerWakeUp = 4;
/** ...when the token signs faster than this, so that progress stays smooth on a card. */
constexpr long long s_fastSignatureNanos = 250'000;

} // namespace

Pkcs11SignBatch::Pkcs11SignBatch(std::shared_ptr<Pkcs11TokenProvider> provider, TokenInfo token,
                                 QByteArray keyId, SignMechanism mechanism)
    : m_provider(std::move(provider))
    , m_token(std::move(token))
    , m_keyId(std::move(keyId))
    , m_mechanism(mechanism)
{
    m_job.context = this;
    m_job.call = [](void *self, Pkcs11Worker &worker) {
        static_cast<Pkcs11SignBatch *>(self)->drain(worker);
    };
    m_job.asynchronous = true;
}

Pkcs11SignBatch::~Pkcs11SignBatch()
{
    cancel();
    // The drain job refers to this object until it has said it is done.
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_draining; });
}

std::optional<Error> Pkcs11SignBatch::stopReason() const
{
    if (m_failure)
        return m_failure;
    if (m_cancelled.load(std::memory_order_relaxed))
        return makeError(ErrorCode::Cancelled, Tr::tr("Cancelled."), QStringLiteral("signature batch"));
    return std::nullopt;
}

void Pkcs11SignBatch::add(const QByteArray &input)
{
    ++m_outstanding;
    bool post = false;
    {
        std::lock_guard lock(m_mutex);
        if (const auto stop = stopReason()) {
            m_results.push_back(*stop);
            return;
        }
        m_inputs.push_back(input);
        m_inputCount.fetch_add(1, std::memory_order_release);
        post = !std::exchange(m_draining, true);
    }
    if (post)
        m_provider->post(m_job);
}

Result<QByteArray> Pkcs11SignBatch::take()
{
    if (m_outstanding == 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The signature could not be made."),
                         QStringLiteral("SignatureBatch::take without an input"));
    const bool fast = m_signatureNanos.load(std::memory_order_relaxed) < s_fastSignatureNanos;
    const qsizetype wanted = fast ? std::min<qsizetype>(m_outstanding, s_resultsPerWakeUp) : 1;
    --m_outstanding;
    std::unique_lock lock(m_mutex);
    if (m_results.empty()) {
        // No spinning here: the worker has inputs queued and does not wait for this thread.
        // Woken once for several results, all of which will come (every input gets one).
        m_wakeAt = wanted;
        m_changed.wait(lock, [this, wanted] { return std::ssize(m_results) >= wanted; });
        m_wakeAt = 1;
    }
    if (!m_results.front()) {
        Error error = m_results.front().error();
        m_results.pop_front();
        return error;
    }
    QByteArray signature = std::move(m_results.front().value());
    m_results.pop_front();
    return signature;
}

void Pkcs11SignBatch::cancel()
{
    m_cancelled.store(true, std::memory_order_relaxed);
}

void Pkcs11SignBatch::drain(Pkcs11Worker &worker)
{
    // Nothing else runs on the worker meanwhile: after one signature the session is known good.
    bool sessionChecked = false;
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_inputs.empty()) {
            lock.unlock();
            // The caller is probably preparing the next input: keep the worker for it.
            const auto start = SpinWait::Clock::now();
            m_inputSpin.spin([this] { return m_inputCount.load(std::memory_order_acquire) > 0; }, start);
            m_inputSpin.learn(start);
            lock.lock();
            if (m_inputs.empty()) {
                m_draining = false;
                m_changed.notify_all();
                return; // the last touch: the destructor may run as soon as the lock is released
            }
        }
        QByteArray input = std::move(m_inputs.front());
        m_inputs.pop_front();
        m_inputCount.fetch_sub(1, std::memory_order_relaxed);
        Result<QByteArray> result = QByteArray();
        if (const auto stop = stopReason()) {
            result = *stop;
        } else {
            lock.unlock();
            const auto start = SpinWait::Clock::now();
            result = worker.sign(m_token, m_keyId, m_mechanism, input, sessionChecked);
            sessionChecked = result.ok();
            const long long nanos = std::chrono::nanoseconds(SpinWait::Clock::now() - start).count();
            const long long average = m_signatureNanos.load(std::memory_order_relaxed);
            m_signatureNanos.store(average + (nanos - average) / 4, std::memory_order_relaxed);
            lock.lock();
            if (!result)
                m_failure = result.error();
        }
        m_results.push_back(std::move(result));
        if (std::ssize(m_results) >= m_wakeAt)
            m_changed.notify_all();
    }
}

} // namespace dms
