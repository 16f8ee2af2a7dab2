// SPDX-License-Identifier: GPL-3.0-or-later
// The export dialog driven as a clerk would: a bad file is named, a good one is written.
#include "EmbeddedDesk.h"
#include "MainWindow.h"
#include "TempDatabase.h"
#include "export/RegisterExportDialog.h"
#include "services/RegistrationService.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

class tst_RegisterExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void namesAnUnwritableFileThenExports()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        QStringList indexes;
        for (int day = 1; day <= 5; ++day) {
            db.clock.set(QDateTime(QDate(2020, 10, day * 5), QTime(9, 0), Qt::UTC));
            NewRegistration request;
            request.registerId = db.incomingRegisterId;
            request.document.kind = QStringLiteral("Писмо");
            request.document.subject = QStringLiteral("Писмо %1").arg(day);
            auto entry = registrations.registerDocument(db.clerk, request);
            QVERIFY(entry.ok());
            indexes << entry->index;
        }
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        QVERIFY(desk->connection->signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());

        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        window.selectRegister(db.incomingRegisterId);
        window.show();
        auto *action = window.findChild<QAction *>(QStringLiteral("exportRegisterAction"));
        QVERIFY(action);
        action->trigger();
        auto *dialog = window.findChild<RegisterExportDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->request().registerId, db.incomingRegisterId);
        QVERIFY(dialog->request().path.endsWith(QStringLiteral(".csv")));

        dialog->findChild<QDateEdit *>(QStringLiteral("exportFrom"))->setDate(QDate(2020, 10, 10));
        dialog->findChild<QDateEdit *>(QStringLiteral("exportTo"))->setDate(QDate(2020, 10, 20));
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("missing/export.csv"));
        auto *path = dialog->findChild<QLineEdit *>(QStringLiteral("exportPath"));
        path->setText(bad);
        auto *exportButton = dialog->findChild<QPushButton *>(QStringLiteral("exportButton"));
        QTest::mouseClick(exportButton, Qt::LeftButton);
        QTRY_VERIFY(!dialog->errorText().isEmpty());
        QVERIFY2(dialog->errorText().contains(bad), qPrintable(dialog->errorText()));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("exportError"))->isVisible());
        QVERIFY(dialog->isVisible()); // the clerk can choose another file
        QVERIFY(!QFile::exists(bad));

        const QString good = dir.filePath(QStringLiteral("export.csv"));
        path->setText(good);
        QPointer<RegisterExportDialog> guard(dialog);
        QSignalSpy exported(dialog, &RegisterExportDialog::exported);
        QTest::mouseClick(exportButton, Qt::LeftButton);
        QTRY_COMPARE(exported.count(), 1);
        QCOMPARE(exported.first().at(0).toString(), good);
        QCOMPARE(exported.first().at(1).toLongLong(), qint64(3)); // 10, 15 and 20 October
        QTRY_VERIFY(!guard);
        QFile file(good);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QCOMPARE(csv.count("\r\n"), 4);
        for (int i = 0; i < indexes.size(); ++i)
            QCOMPARE(csv.contains(indexes.at(i).toUtf8()), i >= 1 && i <= 3);
    }
};

QTEST_MAIN(tst_RegisterExportDialog)
#include "tst_RegisterExportDialog.moc"
