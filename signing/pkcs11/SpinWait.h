// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace dms {

/** Bounded, adaptive busy waiting at one hand-off between the PKCS#11 worker thread and
 *  its callers. A fast token signs in 0.1–0.6 ms, and waking a blocked thread costs
 *  tens of microseconds on a VM whose idle vCPU halted: two wake-ups per signature took
 *  20 % of the throughput. Spinning a little (with the CPU's pause hint) before
 *  blocking takes the hand-off without the kernel when the other side is quick. But on
 *  a busy machine the spinning thread takes CPU time from the very thread it waits for
 *  (same process, same scheduler group): nobody spins unless the machine is otherwise
 *  idle (/proc/stat less our own CPU time, sampled every 100 ms). And each site learns how long its waits
 *  last (moving average, blocking included) and spins only while they fit the budget,
 *  so an RSA signature longer than the budget is spun for only by a probe every 32nd
 *  wait. No spinning on one CPU or
 *  with DMS_PKCS11_SPIN=0. Thread-safe (relaxed races only blur the average). */
class SpinWait
{
public:
    using Clock = std::chrono::steady_clock;

    explicit SpinWait(std::chrono::nanoseconds budget)
        : m_budget(budget.count())
        , m_average(budget.count())
    { }

    /** Spins until @p ready() for at most the budget, when the recent waits fit it;
     *  whether @p ready(). @p start is when the wait began. */
    template<typename Predicate>
    bool spin(Predicate ready, Clock::time_point start)
    {
        if (ready())
            return true;
        if (!s_enabled || !cpuToSpare())
            return false;
        // A blocked wait also counts the wake-up itself: every 32nd wait probes by spinning anyway.
        if (m_average.load(std::memory_order_relaxed) > m_budget
            && (m_probe.fetch_add(1, std::memory_order_relaxed) & 31) != 0)
            return false;
        const auto end = start + std::chrono::nanoseconds(m_budget);
        do {
            for (int i = 0; i < 8; ++i)
                pause();
            if (ready())
                return true;
        } while (Clock::now() < end);
        return false;
    }

    /** Records a wait that began at @p start and ended now. */
    void learn(Clock::time_point start)
    {
        // Clamped, so that one long pause (an idle token, a PIN dialog) is forgotten after a few waits.
        const long long sample
            = std::min<long long>(std::chrono::nanoseconds(Clock::now() - start).count(), 4 * m_budget);
        const long long average = m_average.load(std::memory_order_relaxed);
        m_average.store(average + (sample - average) / 4, std::memory_order_relaxed);
    }

private:
    /** Whether the machine is otherwise idle (SpinWait.cpp says how that is judged). */
    static bool cpuToSpare();

    static void pause()
    {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        asm volatile("yield");
#endif
    }

    /** Off on one CPU, or with DMS_PKCS11_SPIN=0 (to compare, or on a host that is always busy). */
    static bool enabled()
    {
        const char *setting = std::getenv("DMS_PKCS11_SPIN");
        return std::thread::hardware_concurrency() > 1 && !(setting && std::strcmp(setting, "0") == 0);
    }

    static inline const bool s_enabled = enabled();

    const long long m_budget;
    std::atomic<long long> m_average;
    std::atomic<unsigned> m_probe {0};
};

} // namespace dms
