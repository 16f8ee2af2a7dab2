// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>

namespace dms {

/** The time source of the services. Registration time has legal weight, so every
 *  service takes its clock from here; tests inject a TestClock.
 *  Implementations must be thread-safe. */
class Clock
{
public:
    virtual ~Clock() = default;
    /** The current time in UTC. */
    virtual QDateTime now() const = 0;
};

/** The system clock (UTC, millisecond precision). */
class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

} // namespace dms
