// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Clock.h"

namespace dms {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace dms
