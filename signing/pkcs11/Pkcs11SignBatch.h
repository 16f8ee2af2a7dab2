// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/SignatureBatch.h"
#include "signing/Token.h"
#include "signing/TokenInfo.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#include "signing/pkcs11/SpinWait.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace dms {

class Pkcs11Worker;

/** Pkcs11Token's SignatureBatch. While inputs are waiting, one job of the provider's
 *  worker thread signs them back to back (the same Pkcs11Worker::sign() as
 *  Token::signRaw(): session check, login, PIN per signature, removal) and queues the
 *  results; it ends when none is left (after a short spin for the caller's next
 *  input), so other callers of the token get their turn between bursts, and add()
 *  posts a new one. A caller waiting for results is woken once per four on a fast token. */
class Pkcs11SignBatch final : public SignatureBatch
{
public:
    Pkcs11SignBatch(std::shared_ptr<Pkcs11TokenProvider> provider, TokenInfo token, QByteArray keyId,
                    SignMechanism mechanism);
    ~Pkcs11SignBatch() override;
    Q_DISABLE_COPY_MOVE(Pkcs11SignBatch)

    void add(const QByteArray &input) override;
    [[nodiscard]] Result<QByteArray> take() override;
    void cancel() override;

private:
    /** The worker job: signs the waiting inputs, then returns. */
    void drain(Pkcs11Worker &worker);
    /** The error that answers every input from now on, if any (m_mutex held). */
    std::optional<Error> stopReason() const;

    std::shared_ptr<Pkcs11TokenProvider> m_provider;
    const TokenInfo m_token;
    const QByteArray m_keyId;
    const SignMechanism m_mechanism;
    Pkcs11TokenProvider::WorkerJob m_job;

    std::mutex m_mutex;
    /** A result was queued, or the drain job ended. */
    std::condition_variable m_changed;
    std::deque<QByteArray> m_inputs;
    std::deque<Result<QByteArray>> m_results;
    std::optional<Error> m_failure;
    /** The token's time per signature (moving average; the first ones count as slow). */
    std::atomic<long long> m_signatureNanos {1'000'000};
    /** How many results wake the blocked caller. */
    qsizetype m_wakeAt = 1;
    /** m_job is queued or running. */
    bool m_draining = false;
    /** The size of m_inputs, for the drain job's spin without the mutex. */
    std::atomic<qsizetype> m_inputCount {0};
    std::atomic<bool> m_cancelled {false};
    /** The drain job waiting for the caller's next input before it gives the worker back. */
    SpinWait m_inputSpin {std::chrono::microseconds(80)};
    /** Added and not taken yet (the caller's thread only). */
    qsizetype m_outstanding = 0;
};

} // namespace dms
