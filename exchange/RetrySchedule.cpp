// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/RetrySchedule.h"

namespace dms::exchange {

std::optional<QDateTime> RetrySchedule::nextAttempt(const QDateTime &failedAt, int attempts)
{
    if (attempts < 1 || attempts > kMaxRetries)
        return std::nullopt;
    return failedAt.addSecs(kFirstDelaySeconds << (attempts - 1));
}

} // namespace dms::exchange
