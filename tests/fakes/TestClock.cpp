// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestClock.h"

namespace dms {

TestClock::TestClock(const QDateTime &start)
    : m_now(start.toUTC())
{ }

QDateTime TestClock::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_now;
}

void TestClock::set(const QDateTime &time)
{
    QMutexLocker lock(&m_mutex);
    m_now = time.toUTC();
}

void TestClock::advance(qint64 ms)
{
    QMutexLocker lock(&m_mutex);
    m_now = m_now.addMSecs(ms);
}

} // namespace dms
