// SPDX-License-Identifier: GPL-3.0-or-later
// Saved searches in the main window: save, run, rename, delete, and still there after a restart.
#include "EmbeddedDesk.h"
#include "MainWindow.h"
#include "RegisterModel.h"
#include "TempDatabase.h"
#include "searches/SavedSearchModel.h"
#include "searches/SavedSearchesPanel.h"
#include "services/DemoData.h"

#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace dms;

class tst_SavedSearchesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DelovodTest"));
        // One settings file per engine: the SQLite and PostgreSQL runs may run at once.
        QCoreApplication::setApplicationName(QStringLiteral("tst_SavedSearchesPanel-")
                                             + qEnvironmentVariable("DMS_TEST_DB"));
    }
    void init() { QSettings().clear(); }

    void savedSearchesSurviveARestart()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime(QDate(2020, 11, 10), QTime(14, 0), Qt::UTC));
        DemoOptions demo;
        demo.documents = 120;
        QVERIFY(DemoData::populate(db.context(), demo).ok());
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        QVERIFY(desk->connection->signIn(QStringLiteral("admin")).ok());
        QVERIFY(desk->sync());

        SearchQuery expected;
        {
            MainWindow window(*desk->connection);
            QVERIFY(window.signIn(QStringLiteral("admin")).ok());
            window.show();
            window.selectRegister(db.secondRegisterId);
            auto *search = window.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
            search->setText(QStringLiteral("ЗДОИ"));
            QTest::keyClick(search, Qt::Key_Return);
            expected = window.registerModel()->query();
            QCOMPARE(expected.registerId, db.secondRegisterId);
            QCOMPARE(expected.text, QStringLiteral("ЗДОИ"));
            QVERIFY(window.registerModel()->rowCount() > 0);
            QCOMPARE(window.saveCurrentSearchAs(QStringLiteral("Заявления по ЗДОИ")), 0);

            window.selectRegister({});
            search->clear();
            QTest::keyClick(search, Qt::Key_Return);
            QCOMPARE(window.saveCurrentSearchAs(QStringLiteral("Всичко")), 1);
            QCOMPARE(window.savedSearches()->model()->rowCount(), 2);
        }

        // A new window for the same user (as after a restart) lists them; running one shows it.
        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(QStringLiteral("admin")).ok());
        window.show();
        SavedSearchesPanel *panel = window.savedSearches();
        QCOMPARE(panel->model()->rowCount(), 2);
        QCOMPARE(window.registerModel()->query().text, QString());
        panel->view()->setCurrentIndex(panel->model()->index(0));
        QTest::mouseClick(panel->findChild<QToolButton *>(QStringLiteral("runSearchButton")), Qt::LeftButton);
        QCOMPARE(window.registerModel()->query().registerId, expected.registerId);
        QCOMPARE(window.registerModel()->query().text, expected.text);
        QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("searchEdit"))->text(), expected.text);
        for (int row = 0; row < window.registerModel()->rowCount(); ++row)
            QCOMPARE(window.registerModel()->entry(row).registerId, db.secondRegisterId);

        // Rename in place and delete with the keyboard.
        QListView *view = panel->view();
        view->setCurrentIndex(panel->model()->index(1));
        view->setFocus();
        QTest::mouseClick(panel->findChild<QToolButton *>(QStringLiteral("renameSearchButton")),
                          Qt::LeftButton);
        auto *editor = view->findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->setText(QStringLiteral("Всички регистри"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(panel->model()->index(1).data().toString(), QStringLiteral("Всички регистри"));
        view->setCurrentIndex(panel->model()->index(0));
        QTest::mouseClick(panel->findChild<QToolButton *>(QStringLiteral("removeSearchButton")),
                          Qt::LeftButton);
        QCOMPARE(panel->model()->rowCount(), 1);

        // Another user signing in on this desk sees none of them.
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QCOMPARE(panel->model()->rowCount(), 0);
        QVERIFY(window.signIn(QStringLiteral("admin")).ok());
        QCOMPARE(panel->model()->rowCount(), 1);
        QCOMPARE(panel->model()->search(0).name, QStringLiteral("Всички регистри"));
        QVERIFY(panel->model()->search(0).registerId.isEmpty());
        QVERIFY(!panel->model()->search(0).registerKind);
    }
};

QTEST_MAIN(tst_SavedSearchesPanel)
#include "tst_SavedSearchesPanel.moc"
