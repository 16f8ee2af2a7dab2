// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>

#include <chrono>
#include <functional>
#include <mutex>

namespace dms::server {

/** A token bucket per client address: `burst` requests at once, refilled at
 *  `perMinute` a minute. Thread-safe. The table is bounded: when it is full,
 *  buckets that have refilled completely (clients that went quiet) are dropped. */
class RateLimiter
{
public:
    using Now = std::function<std::chrono::steady_clock::time_point()>;

    RateLimiter(int perMinute, int burst, Now now = &std::chrono::steady_clock::now);

    /** Takes one token for `client`: 0 when allowed, else the whole seconds to
     *  wait until the next token (for Retry-After, at least 1). */
    int acquire(const QByteArray &client);

    static constexpr int kMaxClients = 100'000;

private:
    struct Bucket
    {
        double tokens = 0;
        std::chrono::steady_clock::time_point updated;
    };
    void refill(Bucket &bucket, std::chrono::steady_clock::time_point now) const;
    void prune(std::chrono::steady_clock::time_point now);

    const double m_perSecond;
    const double m_burst;
    const Now m_now;
    std::mutex m_mutex;
    QHash<QByteArray, Bucket> m_buckets;
};

} // namespace dms::server
