// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/SpinWait.h"

#include <cstdio>

namespace dms {

namespace {

constexpr long long s_samplePeriodNanos = 100'000'000;

std::atomic<long long> s_sampledAt {-s_samplePeriodNanos};
std::atomic<bool> s_spare {false};

/** Whether the machine is otherwise idle, from /proc/loadavg: the one-minute load under
 *  half the CPUs, and the threads runnable right now (ours included) no more than the
 *  CPUs. Measured on 2 shared CPUs at load 7–14, spinning whenever a moment looked idle
 *  cost 10 % of the P-256 throughput; so spinning is for a quiet workstation only. */
bool machineIdle()
{
    std::FILE *file = std::fopen("/proc/loadavg", "r");
    if (!file)
        return false;
    double load[3] = {};
    int running = -1;
    const bool read = std::fscanf(file, "%lf %lf %lf %d/", &load[0], &load[1], &load[2], &running) == 4;
    std::fclose(file);
    const auto cpus = static_cast<int>(std::thread::hardware_concurrency());
    return read && running > 0 && running <= cpus && load[0] < 0.5 * cpus;
}

} // namespace

bool SpinWait::cpuToSpare()
{
    const long long now = std::chrono::nanoseconds(Clock::now().time_since_epoch()).count();
    const long long sampledAt = s_sampledAt.load(std::memory_order_relaxed);
    if (now - sampledAt < s_samplePeriodNanos)
        return s_spare.load(std::memory_order_relaxed);
    // One thread samples; the others keep the last answer meanwhile.
    long long expected = sampledAt;
    if (s_sampledAt.compare_exchange_strong(expected, now, std::memory_order_relaxed)) {
        s_spare.store(machineIdle(), std::memory_order_relaxed);
    }
    return s_spare.load(std::memory_order_relaxed);
}

} // namespace dms
