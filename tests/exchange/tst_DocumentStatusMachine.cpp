// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/DocumentStatusMachine.h"
#include "exchange/RetrySchedule.h"

#include <QTest>

using namespace dms::exchange;
using S = DocumentStatus;

class tst_DocumentStatusMachine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data()
    {
        QTest::addColumn<int>("from"); // -1 = new
        QTest::addColumn<int>("to");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("new → wait") << -1 << int(S::WaitRegistration) << true;
        QTest::newRow("new → registered (automatic)") << -1 << int(S::Registered) << true;
        QTest::newRow("new → closed") << -1 << int(S::Closed) << false;
        QTest::newRow("wait → registered") << int(S::WaitRegistration) << int(S::Registered) << true;
        QTest::newRow("wait → rejected") << int(S::WaitRegistration) << int(S::Rejected) << true;
        QTest::newRow("wait → closed") << int(S::WaitRegistration) << int(S::Closed) << false;
        QTest::newRow("registered → closed") << int(S::Registered) << int(S::Closed) << true;
        QTest::newRow("registered → stopped") << int(S::Registered) << int(S::Stopped) << true;
        QTest::newRow("registered → rejected") << int(S::Registered) << int(S::Rejected) << false;
        QTest::newRow("rejected → registered") << int(S::Rejected) << int(S::Registered) << false;
        QTest::newRow("closed → registered") << int(S::Closed) << int(S::Registered) << false;
    }
    void transitions()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(bool, allowed);
        const std::optional<S> origin = from < 0 ? std::nullopt : std::optional<S>(S(from));
        QCOMPARE(DocumentStatusMachine::canMove(origin, S(to)), allowed);
    }

    void names()
    {
        for (int i = 0; i <= int(S::AlreadyReceived); ++i)
            QCOMPARE(int(*documentStatusFromName(documentStatusName(S(i)))), i);
        QVERIFY(!documentStatusFromName("DS_SENT").has_value()); // internal ДАЕУ states never on the wire
    }

    void retrySchedule()
    {
        const QDateTime t0(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        QCOMPARE(*RetrySchedule::nextAttempt(t0, 1), t0.addSecs(15 * 60));
        QCOMPARE(*RetrySchedule::nextAttempt(t0, 2), t0.addSecs(30 * 60));
        QCOMPARE(*RetrySchedule::nextAttempt(t0, 10), t0.addSecs(128 * 3600));
        QVERIFY(!RetrySchedule::nextAttempt(t0, 11).has_value());
        QVERIFY(!RetrySchedule::nextAttempt(t0, 0).has_value());
    }
};

QTEST_GUILESS_MAIN(tst_DocumentStatusMachine)
#include "tst_DocumentStatusMachine.moc"
