// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>

#include <optional>

namespace dms::exchange {

/** The normative retry schedule: after a fault, retry in 15 minutes, doubling
 *  each time, at most 10 retries (the last ≈ 10 d 15 h 45 m after the first try). */
class RetrySchedule
{
public:
    static constexpr int kMaxRetries = 10;
    static constexpr qint64 kFirstDelaySeconds = 15 * 60;

    /** When to retry after `attempts` failed attempts (1 = the first send failed);
     *  nullopt once the retries are used up. */
    static std::optional<QDateTime> nextAttempt(const QDateTime &failedAt, int attempts);
};

} // namespace dms::exchange
