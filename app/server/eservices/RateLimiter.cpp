// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/RateLimiter.h"

#include <QtGlobal>

#include <cmath>
#include <utility>

namespace dms::server {

RateLimiter::RateLimiter(int perMinute, int burst, Now now)
    : m_perSecond(qMax(1, perMinute) / 60.0)
    , m_burst(qMax(1, burst))
    , m_now(std::move(now))
{ }

void RateLimiter::refill(Bucket &bucket, std::chrono::steady_clock::time_point now) const
{
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = qMin(m_burst, bucket.tokens + qMax(0.0, elapsed) * m_perSecond);
    bucket.updated = now;
}

void RateLimiter::prune(std::chrono::steady_clock::time_point now)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(*it, now);
        it = it->tokens >= m_burst ? m_buckets.erase(it) : std::next(it);
    }
}

int RateLimiter::acquire(const QByteArray &client)
{
    const auto now = m_now();
    std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(client);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= kMaxClients)
            prune(now);
        it = m_buckets.insert(client, Bucket {m_burst, now});
    }
    refill(*it, now);
    if (it->tokens >= 1.0) {
        it->tokens -= 1.0;
        return 0;
    }
    return qMax(1, int(std::ceil((1.0 - it->tokens) / m_perSecond)));
}

} // namespace dms::server
