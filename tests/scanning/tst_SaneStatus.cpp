// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/sane/SaneStatus.h"

#include <QTest>

using namespace dms;

class tst_SaneStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapsEveryStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("no docs") << int(SANE_STATUS_NO_DOCS) << ErrorCode::FeederEmpty;
        QTest::newRow("jammed") << int(SANE_STATUS_JAMMED) << ErrorCode::PaperJam;
        QTest::newRow("cover open") << int(SANE_STATUS_COVER_OPEN) << ErrorCode::CoverOpen;
        QTest::newRow("device busy") << int(SANE_STATUS_DEVICE_BUSY) << ErrorCode::DeviceBusy;
        QTest::newRow("io error") << int(SANE_STATUS_IO_ERROR) << ErrorCode::DeviceIo;
        QTest::newRow("cancelled") << int(SANE_STATUS_CANCELLED) << ErrorCode::Cancelled;
        QTest::newRow("inval") << int(SANE_STATUS_INVAL) << ErrorCode::InvalidInput;
        QTest::newRow("unsupported") << int(SANE_STATUS_UNSUPPORTED) << ErrorCode::InvalidInput;
        QTest::newRow("access denied") << int(SANE_STATUS_ACCESS_DENIED) << ErrorCode::PermissionDenied;
        QTest::newRow("no mem") << int(SANE_STATUS_NO_MEM) << ErrorCode::Internal;
        QTest::newRow("eof") << int(SANE_STATUS_EOF) << ErrorCode::Internal;
        QTest::newRow("good") << int(SANE_STATUS_GOOD) << ErrorCode::Internal;
        QTest::newRow("unknown") << 13 << ErrorCode::Internal;
    }

    void mapsEveryStatus()
    {
        QFETCH(int, status);
        QFETCH(ErrorCode, code);
        const Error error = saneError(static_cast<SANE_Status>(status), QStringLiteral("sane_read"));
        QCOMPARE(error.code, code);
        QVERIFY(!error.message.isEmpty());
        QVERIFY(error.detail.startsWith(QStringLiteral("sane_read: ")));
        QVERIFY(error.detail.contains(QString::number(status)));
        QCOMPARE(error.isCancelled(), code == ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(tst_SaneStatus)
#include "tst_SaneStatus.moc"
