// SPDX-License-Identifier: GPL-3.0-or-later
// Case work in the desktop client, end to end through the desk's sync: an
// official opens a case file from an entry of the register, attaches another
// entry and assigns a resolution; the executor sees it in My tasks on a second
// desk and completes it; the overdue dashboard follows the (test) clock.
#include "EmbeddedDesk.h"
#include "MainWindow.h"
#include "RegisterModel.h"
#include "TempDatabase.h"
#include "cases/CaseTreeModel.h"
#include "cases/CasesDock.h"
#include "cases/CasesPanel.h"
#include "cases/MyTasksPanel.h"
#include "cases/OverduePanel.h"
#include "cases/ResolutionDialog.h"
#include "cases/ResolutionListModel.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>

using namespace dms;

namespace {

template<class T>
T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

int rowOf(RegisterModel *model, const QString &registrationId)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->entry(row).registrationId == registrationId)
            return row;
    }
    return -1;
}

QString userId(TempDatabase &db, const QString &login)
{
    auto conn = db.database().connection();
    auto value = Sql::scalar(*conn, "SELECT id FROM app_user WHERE login = ?", {login});
    return value ? value->toString() : QString();
}

} // namespace

class tst_CasesDock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DelovodTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_CasesDock"));
        QSettings().clear();
    }

    void caseFileResolutionTaskAndOverdue()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Искане за достъп");
        auto first = registrations.registerDocument(db.clerk, request);
        request.document.subject = QStringLiteral("Допълнение към искането");
        auto second = registrations.registerDocument(db.clerk, request);
        QVERIFY(first.ok() && second.ok());

        auto officialDesk = EmbeddedDesk::open(db);
        QVERIFY(officialDesk);
        MainWindow window(*officialDesk->connection);
        QVERIFY(window.signIn(QStringLiteral("official")).ok());
        QVERIFY(officialDesk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        CasesDock *dock = window.casesDock();
        QVERIFY(dock && dock->isVisible());
        CasesPanel *cases = dock->cases();
        auto *tree = child<QTreeView>(cases, "caseTree");

        // Ctrl+Shift+O on the first entry opens a case file on it.
        auto *view = child<QTableView>(&window, "registerView");
        view->setFocus();
        QTRY_VERIFY(rowOf(window.registerModel(), first->id) >= 0);
        view->selectRow(rowOf(window.registerModel(), first->id));
        QTest::keyClick(&window, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(cases->model()->rowCount(), 1, 10'000);
        const QModelIndex caseRow = cases->model()->index(0, 0);
        QCOMPARE(caseRow.data().toString(), first->index);
        QCOMPARE(cases->model()->index(0, CaseTreeModel::SubjectColumn).data().toString(),
                 QStringLiteral("Искане за достъп"));
        // The entry is in a case file now: it cannot open another one.
        QTRY_VERIFY(!window.selectedEntry() || !window.selectedEntry()->caseId.isEmpty());
        view->selectRow(rowOf(window.registerModel(), first->id));
        QTRY_VERIFY(!child<QAction>(cases, "openCaseAction")->isEnabled());

        // Ctrl+Shift+J attaches the second entry to the case file chosen in the tree.
        tree->setCurrentIndex(cases->model()->index(0, 0));
        view->selectRow(rowOf(window.registerModel(), second->id));
        QVERIFY(child<QAction>(cases, "attachEntryAction")->isEnabled());
        QTest::keyClick(&window, Qt::Key_J, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(cases->model()->rowCount(cases->model()->index(0, 0)), 2, 10'000);

        // Ctrl+Shift+E on the attached document: a resolution for the administrator in 3 working days.
        const QModelIndex attached = cases->model()->index(1, 0, cases->model()->index(0, 0));
        QCOMPARE(attached.data(CaseTreeModel::RegistrationIdRole).toString(), second->id);
        tree->setCurrentIndex(attached);
        QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        auto *dialog = window.findChild<ResolutionDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->windowTitle().contains(second->index));
        auto *executor = child<QComboBox>(dialog, "executorCombo");
        executor->setCurrentIndex(executor->findData(userId(db, "admin")));
        child<QPlainTextEdit>(dialog, "instructionEdit")->setPlainText(QStringLiteral("Да се отговори"));
        child<QSpinBox>(dialog, "workingDaysSpin")->setValue(3);
        QVERIFY(dialog->problem().isEmpty());
        dialog->accept();
        auto *status = child<QLabel>(cases, "caseStatusLabel");
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Done."), 10'000);

        // The executor on a second desk: the resolution is in My tasks.
        auto adminDesk = EmbeddedDesk::open(db, QStringLiteral("Т2"));
        QVERIFY(adminDesk);
        QVERIFY(adminDesk->connection->signIn(QStringLiteral("admin")).ok());
        CasesDock adminDock(*adminDesk->connection);
        QVERIFY(adminDesk->sync());
        adminDock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&adminDock));
        MyTasksPanel *tasks = adminDock.tasks();
        QTRY_COMPARE_WITH_TIMEOUT(tasks->model()->rowCount(), 1, 10'000);
        const Resolution task = tasks->model()->resolutions().first();
        QCOMPARE(task.documentIndex, second->index);
        QCOMPARE(task.deadline, QDate(2020, 9, 11)); // Tuesday + 3 working days
        QCOMPARE(task.instruction, QStringLiteral("Да се отговори"));
        // Not the official's task.
        QCOMPARE(dock->tasks()->model()->rowCount(), 0);

        // Not overdue on its last day; overdue the day after, counted for its executor.
        OverduePanel *overdue = dock->overdue();
        db.clock.set(QDateTime(QDate(2020, 9, 11), QTime(12, 0), Qt::UTC));
        overdue->reload();
        QCOMPARE(overdue->model()->rowCount(), 0);
        db.clock.set(QDateTime(QDate(2020, 9, 14), QTime(9, 0), Qt::UTC));
        dock->tabs()->setCurrentWidget(overdue); // showing the tab reads it again
        QCOMPARE(overdue->model()->rowCount(), 1);
        QTableWidget *summary = overdue->summary();
        QCOMPARE(summary->rowCount(), 2); // the administrator, then all
        QVERIFY(summary->item(0, 0)->text().contains(QStringLiteral("admin")));
        QCOMPARE(summary->item(0, 1)->text(), QStringLiteral("1"));
        QVERIFY(overdue->model()
                    ->index(0, ResolutionListModel::StateColumn)
                    .data()
                    .toString()
                    .contains("Overdue"));

        // The executor completes it with a report, from the keyboard.
        auto *tasksView = child<QTableView>(tasks, "myTasksView");
        tasksView->setFocus();
        tasksView->selectRow(0);
        auto *note = child<QLineEdit>(tasks, "completionNoteEdit");
        note->setFocus();
        QTest::keyClicks(note, "Answered");
        QTest::keyClick(note, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(tasks->model()->rowCount(), 0, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(overdue->model()->rowCount(), 0, 10'000);
        auto conn = db.database().connection();
        QCOMPARE(Sql::scalar(*conn, "SELECT completion_note FROM resolution")->toString(),
                 QStringLiteral("Answered"));

        // Completing again is refused by the server and said so.
        tasks->reload();
        QCOMPARE(tasks->model()->rowCount(), 0);
        QVERIFY(!child<QPushButton>(tasks, "completeButton")->isEnabled());
        adminDesk->connection->stop();
        officialDesk->connection->stop();
    }

    void refusalsAreShown()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Жалба");
        auto entry = registrations.registerDocument(db.clerk, request);
        QVERIFY(entry.ok());
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        CasesPanel *cases = window.casesDock()->cases();
        // A clerk manages case files but does not assign resolutions.
        QVERIFY(!child<QAction>(cases, "assignResolutionAction")->isVisible());
        auto *view = child<QTableView>(&window, "registerView");
        QTRY_VERIFY(window.registerModel()->rowCount() == 1);
        view->selectRow(0);
        // The entry is annulled in the office before the desk hears of it: the case is refused.
        QVERIFY(registrations.annul(db.admin, entry->id, QStringLiteral("Грешка")).ok());
        QVERIFY(child<QAction>(cases, "openCaseAction")->isEnabled());
        QTest::keyClick(&window, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        auto *status = child<QLabel>(cases, "caseStatusLabel");
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Refused by the server")), 10'000);
        QVERIFY(status->text().contains(QStringLiteral("annulled")));
        QCOMPARE(cases->model()->rowCount(), 0);
        desk->connection->stop();
    }
};

QTEST_MAIN(tst_CasesDock)
#include "tst_CasesDock.moc"
