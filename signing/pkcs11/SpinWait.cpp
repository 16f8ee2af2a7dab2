// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/SpinWait.h"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <unistd.h>

namespace dms {

namespace {

constexpr long long s_samplePeriodNanos = 100'000'000;

std::atomic<long long> s_sampledAt {-s_samplePeriodNanos};
std::atomic<bool> s_spare {false};

long long processCpuNanos()
{
    timespec now = {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return now.tv_sec * 1'000'000'000LL + now.tv_nsec;
}

/** The CPU time the whole machine spent busy (all CPUs, /proc/stat), in nanoseconds;
 *  -1 when unreadable. */
long long machineBusyNanos()
{
    std::FILE *file = std::fopen("/proc/stat", "r");
    if (!file)
        return -1;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    const bool read = std::fscanf(file, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system,
                                  &idle, &iowait, &irq, &softirq, &steal)
        == 8;
    std::fclose(file);
    static const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    if (!read || ticksPerSecond <= 0)
        return -1;
    // Steal counts as busy: on a VM it is CPU another guest took from us.
    const unsigned long long busy = user + nice + system + irq + softirq + steal;
    return static_cast<long long>(busy) * (1'000'000'000LL / ticksPerSecond);
}

/** Whether the rest of the machine leaves two CPUs to this process (the caller and the
 *  worker thread): the CPU time others used over the last sample period, that is the
 *  machine's busy time minus ours, under half a CPU beyond the two. Our own use must
 *  not count: the one-minute load average that judged this before rose with our own
 *  spinning until it turned spinning off (P-256 single signatures 79 % of raw C_Sign
 *  on an idle machine, 102 % while spinning). Measured on 2 shared CPUs at load 7–14,
 *  spinning whenever a moment looked idle cost 10 % of the P-256 throughput, so a
 *  busy machine still gets none. Called by one thread at a time (sampleMutex). */
bool otherwiseIdle(long long now)
{
    static long long lastAt = 0, lastMachine = -1, lastOwn = 0;
    const long long machine = machineBusyNanos();
    const long long own = processCpuNanos();
    const long long elapsed = now - lastAt;
    const bool first = lastMachine < 0;
    const long long others = (machine - lastMachine) - (own - lastOwn);
    lastAt = now;
    lastMachine = machine;
    lastOwn = own;
    if (machine < 0 || first || elapsed <= 0)
        return false;
    const auto cpus = static_cast<long long>(std::thread::hardware_concurrency());
    // others / elapsed is the number of CPUs the rest of the machine kept busy.
    return 2 * others < (2 * (cpus - 2) + 1) * elapsed;
}

std::mutex sampleMutex;

} // namespace

bool SpinWait::cpuToSpare()
{
    const long long now = std::chrono::nanoseconds(Clock::now().time_since_epoch()).count();
    const long long sampledAt = s_sampledAt.load(std::memory_order_relaxed);
    if (now - sampledAt < s_samplePeriodNanos)
        return s_spare.load(std::memory_order_relaxed);
    // One thread samples; the others keep the last answer meanwhile.
    std::unique_lock lock(sampleMutex, std::try_to_lock);
    if (lock.owns_lock() && s_sampledAt.load(std::memory_order_relaxed) == sampledAt) {
        s_spare.store(otherwiseIdle(now), std::memory_order_relaxed);
        s_sampledAt.store(now, std::memory_order_relaxed);
    }
    return s_spare.load(std::memory_order_relaxed);
}

} // namespace dms
