// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Clock.h"

#include <QMutex>

namespace dms {

/** A clock the test sets and moves; thread-safe. */
class TestClock final : public Clock
{
public:
    explicit TestClock(const QDateTime &start = QDateTime(QDate(2020, 9, 8), QTime(9, 30), Qt::UTC));
    QDateTime now() const override;
    void set(const QDateTime &time);
    void advance(qint64 ms);

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};

} // namespace dms
