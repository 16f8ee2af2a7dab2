// SPDX-License-Identifier: GPL-3.0-or-later
#include "AnnulDialog.h"
#include "EmbeddedDesk.h"
#include "MainWindow.h"
#include "RegisterIncomingDialog.h"
#include "RegisterModel.h"
#include "StartupOptions.h"
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "services/CorrespondentService.h"
#include "services/DemoData.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>

using namespace dms;

namespace {

const QDateTime kNow(QDate(2020, 11, 10), QTime(14, 0), Qt::UTC);

qint64 registrationCount(TempDatabase &db)
{
    auto conn = db.database().connection();
    if (!conn)
        return -1;
    auto value = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM registration"));
    return value ? value->toLongLong() : -1;
}

template<class T>
T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

void pressTab()
{
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
}

/** Makes a shown window the active one, as a window manager does with a new dialog
 *  (the offscreen platform leaves that to the application). */
bool activate(QWidget *window)
{
    window->activateWindow();
    return QTest::qWaitFor([window] { return QApplication::activeWindow() == window; });
}

/** Types text key by key, as on a Bulgarian keyboard layout: QTest::keyClicks()
 *  only knows ASCII, so other characters go as key events carrying their text. */
void typeText(QWidget *widget, const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x20 && c.unicode() < 0x7f)
            QTest::keyClick(widget, char(c.unicode()));
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

} // namespace

/** An embedded desk over `db` (not signed in yet: the window does that). */
#define DMS_OPEN_DESK(desk, db)                                                                              \
    auto desk = EmbeddedDesk::open(db);                                                                      \
    QVERIFY(desk)

class tst_MainWindow : public QObject
{
    Q_OBJECT

private:
    static bool populate(TempDatabase &db, int documents = 120)
    {
        db.clock.set(kNow);
        DemoOptions options;
        options.documents = documents;
        auto made = DemoData::populate(db.context(), options);
        if (!made)
            qWarning("demo: %s", qPrintable(made.error().toString()));
        // Whatever is registered from here on happens after the demo mail.
        db.clock.set(kNow.addSecs(3600));
        return made.ok();
    }

    static RegisterIncomingDialog *openRegisterDialog(MainWindow &window)
    {
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        auto *dialog = window.findChild<RegisterIncomingDialog *>();
        if (!dialog || !activate(dialog))
            return nullptr;
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DelovodTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_MainWindow"));
        QSettings().clear();
    }

    void commandLine()
    {
        auto plain = StartupOptions::parse({QStringLiteral("delovod")});
        QVERIFY(plain.ok());
        QCOMPARE(plain->databaseSource, StartupOptions::DatabaseSource::Default);
        QCOMPARE(plain->databaseUrl, QStringLiteral("sqlite:") + StartupOptions::defaultDatabasePath());
        QVERIFY(StartupOptions::defaultDatabasePath().endsWith(QStringLiteral("/delovod.db")));
        QVERIFY(!plain->demo);
        QCOMPARE(plain->quitAfterMs, 0);
        QVERIFY(plain->login.isEmpty());
        QVERIFY(plain->message.isEmpty());

        auto full = StartupOptions::parse(
            {QStringLiteral("delovod"), QStringLiteral("--database"),
             QStringLiteral("postgresql://dms@db.local/office"), QStringLiteral("--demo"),
             QStringLiteral("--user"), QStringLiteral("clerk"), QStringLiteral("--quit-after-ms"),
             QStringLiteral("2000"), QStringLiteral("--language"), QStringLiteral("en")});
        QVERIFY(full.ok());
        QCOMPARE(full->databaseSource, StartupOptions::DatabaseSource::CommandLine);
        QCOMPARE(full->databaseUrl, QStringLiteral("postgresql://dms@db.local/office"));
        QVERIFY(full->demo);
        QCOMPARE(full->login, QStringLiteral("clerk"));
        QCOMPARE(full->quitAfterMs, 2000);
        QCOMPARE(full->language, QStringLiteral("en"));

        // The settings name the database when the command line does not.
        QSettings().setValue(StartupOptions::databaseSettingKey(),
                             QStringLiteral("sqlite:/srv/delovod/office.db"));
        auto configured = StartupOptions::parse({QStringLiteral("delovod")});
        QSettings().remove(StartupOptions::databaseSettingKey());
        QVERIFY(configured.ok());
        QCOMPARE(configured->databaseSource, StartupOptions::DatabaseSource::Settings);
        QCOMPARE(configured->databaseUrl, QStringLiteral("sqlite:/srv/delovod/office.db"));

        // The embedded office keeps the desk's replica next to its file.
        QVERIFY(plain->serverUrl.isEmpty());
        QVERIFY2(plain->replicaPath.endsWith(QStringLiteral("/delovod-desk.db")),
                 qPrintable(plain->replicaPath));

        // A desk of delovod-server: its address, certificate and key.
        auto server = StartupOptions::parse(
            {QStringLiteral("delovod"), QStringLiteral("--server"), QStringLiteral("https://dms.local:8443"),
             QStringLiteral("--cert"), QStringLiteral("/etc/delovod/desk.crt"), QStringLiteral("--key"),
             QStringLiteral("/etc/delovod/desk.key"), QStringLiteral("--desk-code"), QStringLiteral("Г2")});
        QVERIFY(server.ok());
        QCOMPARE(server->serverUrl, QStringLiteral("https://dms.local:8443"));
        QCOMPARE(server->certificateFile, QStringLiteral("/etc/delovod/desk.crt"));
        QCOMPARE(server->keyFile, QStringLiteral("/etc/delovod/desk.key"));
        QCOMPARE(server->deskCode, QStringLiteral("Г2"));
        QVERIFY(server->databaseUrl.isEmpty());
        QCOMPARE(server->replicaPath, StartupOptions::defaultReplicaPath());

        auto help = StartupOptions::parse({QStringLiteral("delovod"), QStringLiteral("--help")});
        QVERIFY(help.ok());
        QVERIFY(help->message.contains(QStringLiteral("--quit-after-ms")));
    }

    void commandLineRefusesNonsense_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList {QStringLiteral("--bogus")};
        QTest::newRow("positional") << QStringList {QStringLiteral("file.db")};
        QTest::newRow("quit not a number")
            << QStringList {QStringLiteral("--quit-after-ms"), QStringLiteral("soon")};
        QTest::newRow("quit zero") << QStringList {QStringLiteral("--quit-after-ms"), QStringLiteral("0")};
        QTest::newRow("quit negative") << QStringList {QStringLiteral("--quit-after-ms=-5")};
        QTest::newRow("database empty") << QStringList {QStringLiteral("--database"), QStringLiteral(" ")};
        QTest::newRow("database missing value") << QStringList {QStringLiteral("--database")};
        const QString url = QStringLiteral("https://dms.local:8443");
        QTest::newRow("server without certificate") << QStringList {QStringLiteral("--server"), url};
        QTest::newRow("server over plain http")
            << QStringList {QStringLiteral("--server"), QStringLiteral("http://dms.local"),
                            QStringLiteral("--cert"),   QStringLiteral("a.crt"),
                            QStringLiteral("--key"),    QStringLiteral("a.key")};
        QTest::newRow("server and database") << QStringList {
            QStringLiteral("--server"), url, QStringLiteral("--database"), QStringLiteral("x.db")};
        QTest::newRow("demo on a server") << QStringList {QStringLiteral("--server"), url,
                                                          QStringLiteral("--cert"),   QStringLiteral("a.crt"),
                                                          QStringLiteral("--key"),    QStringLiteral("a.key"),
                                                          QStringLiteral("--demo")};
    }

    void commandLineRefusesNonsense()
    {
        QFETCH(QStringList, arguments);
        arguments.prepend(QStringLiteral("delovod"));
        auto parsed = StartupOptions::parse(arguments);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, ErrorCode::InvalidInput);
        QVERIFY(!parsed.error().message.isEmpty());
    }

    void showsRegistersEntriesAndStatus()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(populate(db));
        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        window.setDatabaseDescription(db.config().toDisplayUrl());
        QVERIFY(window.signIn(QStringLiteral("admin")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *tree = child<QTreeWidget>(&window, "registerTree");
        QVERIFY(tree);
        // "All registers", then the kinds present: incoming, outgoing, internal.
        QCOMPARE(tree->topLevelItemCount(), 4);
        QCOMPARE(tree->topLevelItem(1)->childCount(), 2);
        QCOMPARE(tree->currentItem(), tree->topLevelItem(0));
        QCOMPARE(window.registerModel()->rowCount(), 120);

        QVERIFY(child<QLabel>(&window, "userLabel")->text().contains(QStringLiteral("admin")));
        QVERIFY(child<QLabel>(&window, "userLabel")->text().contains(QStringLiteral("Administrator")));
        QVERIFY(child<QLabel>(&window, "databaseLabel")->text().contains(db.config().toDisplayUrl()));
        QVERIFY(child<QLabel>(&window, "countLabel")->text().contains(QStringLiteral("120")));

        // Choosing a register shows only its entries.
        QTreeWidgetItem *second = tree->topLevelItem(1)->child(1);
        QVERIFY(second->text(0).startsWith(QStringLiteral("ДИ05")));
        tree->setCurrentItem(second);
        RegisterModel *model = window.registerModel();
        QVERIFY(model->rowCount() > 0);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->entry(row).registerId, db.secondRegisterId);

        // The detail pane shows the selected entry with its journal history.
        auto *view = child<QTableView>(&window, "registerView");
        view->setFocus();
        view->selectRow(0);
        const auto selected = window.selectedEntry();
        QVERIFY(selected);
        const QString details = child<QTextBrowser>(&window, "detailView")->toPlainText();
        QVERIFY2(details.contains(selected->index), qPrintable(details));
        QVERIFY(details.contains(selected->subject));
        QVERIFY(details.contains(QStringLiteral("History")));
        QVERIFY(details.contains(QStringLiteral("Registered as ") + selected->index));

        // The sync state is shown; what the office registers later arrives by itself.
        QTRY_VERIFY(child<QLabel>(&window, "syncLabel")->text().startsWith(QStringLiteral("Online")));
        tree->setCurrentItem(tree->topLevelItem(0));
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Писмо, дошло по-късно");
        auto later = RegistrationService(db.context()).registerDocument(db.clerk, request);
        QVERIFY(later.ok());
        QVERIFY(desk->sync());
        QTRY_COMPARE(model->rowOfRegistration(later->id), 0);
        QTRY_VERIFY(child<QLabel>(&window, "countLabel")->text().contains(QStringLiteral("121")));
    }

    void searchIsDebounced()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(populate(db));
        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(QStringLiteral("admin")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *search = child<QLineEdit>(&window, "searchEdit");
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), search);
        typeText(search, QStringLiteral("ЗДОИ"));
        // Nothing is asked while the user types…
        QCOMPARE(window.registerModel()->query().text, QString());
        // …but shortly after.
        QTRY_COMPARE(window.registerModel()->query().text, QStringLiteral("ЗДОИ"));
        RegisterModel *model = window.registerModel();
        QVERIFY(model->rowCount() > 0 && model->rowCount() < 120);
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY(model->entry(row).subject.contains(QStringLiteral("ЗДОИ")));
        // Enter searches at once.
        search->clear();
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(model->query().text, QString());
        QCOMPARE(model->rowCount(), 120);
    }

    void registersKeyboardOnly()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(populate(db));
        Correspondent sender;
        sender.kind = CorrespondentKind::Citizen;
        sender.name = QStringLiteral("Радослав Тестов Проверков");
        auto created = CorrespondentService(db.context()).create(db.clerk, sender);
        QVERIFY(created.ok());

        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QSignalSpy registered(&window, &MainWindow::registered);
        const qint64 before = registrationCount(db);

        QPointer<RegisterIncomingDialog> dialog = openRegisterDialog(window);
        QVERIFY(dialog);
        auto *registerCombo = child<QComboBox>(dialog, "registerCombo");
        QCOMPARE(QApplication::focusWidget(), registerCombo);
        QVERIFY(registerCombo->currentText().startsWith(QStringLiteral("ВК66")));
        QTest::keyClick(registerCombo, Qt::Key_Down); // the next incoming register: ДИ05
        QVERIFY(registerCombo->currentText().startsWith(QStringLiteral("ДИ05")));
        pressTab();
        QCOMPARE(QApplication::focusWidget(), child<QComboBox>(dialog, "kindCombo"));
        typeText(QApplication::focusWidget(), QStringLiteral("Жалба"));
        pressTab();
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "subjectEdit"));
        const QString subject = QStringLiteral("Жалба относно дупка на ул. „Тестова“ № 7");
        typeText(QApplication::focusWidget(), subject);
        pressTab();
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "correspondentEdit"));
        typeText(QApplication::focusWidget(), sender.name);
        pressTab();
        QCOMPARE(QApplication::focusWidget(), child<QComboBox>(dialog, "channelCombo"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down); // counter → post
        pressTab();
        QCOMPARE(QApplication::focusWidget(), child<QSpinBox>(dialog, "pagesSpin"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_A, Qt::ControlModifier);
        typeText(QApplication::focusWidget(), QStringLiteral("3"));
        pressTab();
        QCOMPARE(QApplication::focusWidget(), child<QComboBox>(dialog, "accessCombo"));
        pressTab();
        QCOMPARE(QApplication::focusWidget(), child<QCheckBox>(dialog, "openCaseCheck"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        QVERIFY(child<QCheckBox>(dialog, "openCaseCheck")->isChecked());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);

        QTRY_VERIFY(!dialog);
        // At once: the provisional number of the desk, then the server's.
        QVERIFY(child<QLabel>(&window, "registeredIndexLabel")->text().contains(QStringLiteral("ВР-Т1-")));
        QTRY_COMPARE(registered.count(), 1);
        const auto entry = registered.first().first().value<Registration>();
        QCOMPARE(registrationCount(db), before + 1);
        QVERIFY2(entry.index.startsWith(QStringLiteral("СОА20-ДИ05-")), qPrintable(entry.index));
        QVERIFY(!entry.caseId.isEmpty());

        // The index is shown prominently, and the new entry is the selected top row.
        auto *banner = child<QLabel>(&window, "registeredIndexLabel");
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains(entry.index));
        RegisterModel *model = window.registerModel();
        QCOMPARE(model->rowOfRegistration(entry.id), 0);
        QCOMPARE(window.selectedEntry()->registrationId, entry.id);
        QCOMPARE(model->entry(0).subject, subject);
        QCOMPARE(model->entry(0).kind, QStringLiteral("Жалба"));
        QCOMPARE(model->entry(0).correspondentName, sender.name);
        QCOMPARE(model->entry(0).channel, Channel::Post);
        QCOMPARE(model->entry(0).pageCount, 3);
        QCOMPARE(model->entry(0).accessLevel, AccessLevel::Internal);
        QCOMPARE(model->entry(0).registerId, db.secondRegisterId);
    }

    void validationErrorsAreShownInTheForm()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(populate(db, 20));
        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        const qint64 before = registrationCount(db);

        QPointer<RegisterIncomingDialog> dialog = openRegisterDialog(window);
        QVERIFY(dialog);
        pressTab();
        typeText(QApplication::focusWidget(), QStringLiteral("Писмо"));
        // Enter in the editable kind field submits the form too.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY(dialog);
        QCOMPARE(dialog->errorText(), QStringLiteral("The subject is required."));
        QVERIFY(child<QLabel>(dialog, "errorLabel")->isVisible());
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "subjectEdit"));
        QCOMPARE(registrationCount(db), before);

        // An unknown correspondent is refused with a hint, on that field.
        typeText(QApplication::focusWidget(), QStringLiteral("Писмо без подател"));
        pressTab();
        typeText(QApplication::focusWidget(), QStringLiteral("Никой Несъществуващ"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY(dialog);
        QVERIFY2(dialog->errorText().contains(QStringLiteral("Никой Несъществуващ")),
                 qPrintable(dialog->errorText()));
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "correspondentEdit"));
        QCOMPARE(registrationCount(db), before);

        // Cleared, the form registers; the error goes away with the dialog.
        child<QLineEdit>(dialog, "correspondentEdit")->clear();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_VERIFY(!dialog);
        QTRY_COMPARE(registrationCount(db), before + 1);
    }

    void escapeCancels()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(populate(db, 20));
        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(QStringLiteral("clerk")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        const qint64 before = registrationCount(db);
        QPointer<RegisterIncomingDialog> dialog = openRegisterDialog(window);
        QVERIFY(dialog);
        pressTab();
        typeText(QApplication::focusWidget(), QStringLiteral("Писмо"));
        pressTab();
        typeText(QApplication::focusWidget(), QStringLiteral("Няма да бъде регистрирано"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(!dialog);
        QCOMPARE(registrationCount(db), before);
        QVERIFY(!child<QLabel>(&window, "registeredIndexLabel")->isVisible());
    }

    void annulsFromTheWindow()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(populate(db));
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Писмо, регистрирано по грешка");
        auto entry = registrations.registerDocument(db.clerk, request);
        QVERIFY(entry.ok());

        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(QStringLiteral("admin")).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *annul = child<QAction>(&window, "annulAction");
        QVERIFY(annul->isVisible());
        QVERIFY(!annul->isEnabled()); // nothing selected yet

        auto *view = child<QTableView>(&window, "registerView");
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Space); // selects the current (first) row
        QCOMPARE(window.selectedEntry()->registrationId, entry->id);
        QVERIFY(annul->isEnabled());

        QSignalSpy annulled(&window, &MainWindow::annulled);
        QTest::keyClick(view, Qt::Key_Delete, Qt::ControlModifier | Qt::ShiftModifier);
        QPointer<AnnulDialog> dialog = window.findChild<AnnulDialog *>();
        QVERIFY(dialog);
        QVERIFY(activate(dialog));
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "annulReasonEdit"));
        // No reason, no annulment.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY(dialog);
        QCOMPARE(dialog->errorText(), QStringLiteral("Give the reason for the annulment."));
        QCOMPARE(registrations.find(entry->id)->status, RegistrationStatus::Active);

        typeText(QApplication::focusWidget(), QStringLiteral("Регистрирано два пъти"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_VERIFY(!dialog);
        QCOMPARE(annulled.count(), 1);
        // The annulment goes through the desk's outbox to the office and comes back by the feed.
        QTRY_COMPARE(registrations.find(entry->id)->status, RegistrationStatus::Annulled);
        QCOMPARE(registrations.find(entry->id)->annulReason, QStringLiteral("Регистрирано два пъти"));

        RegisterModel *model = window.registerModel();
        QTRY_VERIFY(model->rowOfRegistration(entry->id) >= 0
                    && model->index(model->rowOfRegistration(entry->id), RegisterModel::StatusColumn)
                            .data()
                            .toString()
                        == displayName(RegistrationStatus::Annulled));
        QTRY_COMPARE(window.selectedEntry()->registrationId, entry->id);
        QVERIFY(!annul->isEnabled()); // annulled once, for good
        const QString details = child<QTextBrowser>(&window, "detailView")->toPlainText();
        QVERIFY2(details.contains(QStringLiteral("Reason: Регистрирано два пъти")), qPrintable(details));
        QVERIFY(details.contains(QStringLiteral("Annulled: Регистрирано два пъти")));
    }

    void actionsFollowTheRoles_data()
    {
        QTest::addColumn<QString>("login");
        QTest::addColumn<bool>("canRegister");
        QTest::addColumn<bool>("canAnnul");
        QTest::newRow("administrator") << QStringLiteral("admin") << true << true;
        QTest::newRow("clerk") << QStringLiteral("clerk") << true << false;
        QTest::newRow("official") << QStringLiteral("official") << false << false;
        QTest::newRow("auditor") << QStringLiteral("auditor") << false << false;
    }

    void actionsFollowTheRoles()
    {
        QFETCH(QString, login);
        QFETCH(bool, canRegister);
        QFETCH(bool, canAnnul);
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(populate(db, 20));
        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        QVERIFY(window.signIn(login).ok());
        QVERIFY(desk->sync());
        window.refresh();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *annul = child<QAction>(&window, "annulAction");
        auto *registerAction = child<QAction>(&window, "registerAction");
        QCOMPARE(annul->isVisible(), canAnnul);
        QCOMPARE(registerAction->isVisible(), canRegister);
        auto *tools = child<QToolBar>(&window, "mainToolBar");
        QCOMPARE(tools->widgetForAction(annul)->isVisible(), canAnnul);
        QVERIFY(child<QLabel>(&window, "userLabel")->text().contains(login));

        // A hidden action does nothing through its shortcut either.
        auto *view = child<QTableView>(&window, "registerView");
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Space); // selects the current (first) row
        QVERIFY(window.selectedEntry());
        QTest::keyClick(view, Qt::Key_Delete, Qt::ControlModifier | Qt::ShiftModifier);
        QPointer<AnnulDialog> annulDialog = window.findChild<AnnulDialog *>();
        QCOMPARE(!annulDialog.isNull(), canAnnul);
        if (annulDialog) {
            QVERIFY(activate(annulDialog));
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
            QTRY_VERIFY(!annulDialog);
            QVERIFY(activate(&window));
        }
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(window.findChild<RegisterIncomingDialog *>() != nullptr, canRegister);
    }

    void signInRefusesUnknownUsers()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        auto signedIn = window.signIn(QStringLiteral("nobody"));
        QVERIFY(!signedIn.ok());
        QVERIFY(!window.session().isValid());
        QVERIFY(!child<QAction>(&window, "registerAction")->isVisible());
        QCOMPARE(window.registerModel()->rowCount(), 0);
    }

    void generatesDemoDataInTheBackground()
    {
        TempDatabase db; // empty: the demo creates the office and its people
        if (db.skip())
            QSKIP(qPrintable(db.problem()));
        QVERIFY2(db.problem().isEmpty(), qPrintable(db.problem()));
        db.clock.set(kNow);
        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::demoDataFinished);
        DemoOptions options;
        options.documents = 60;
        window.generateDemoData(options, QStringLiteral("clerk"));
        QVERIFY(window.isGeneratingDemoData());
        QVERIFY(window.findChild<QProgressDialog *>(QStringLiteral("demoProgress")));
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(!window.isGeneratingDemoData());
        QCOMPARE(window.session().login, QStringLiteral("clerk"));
        // The entries reach the window through the desk's sync.
        QTRY_VERIFY_WITH_TIMEOUT(window.registerModel()->rowCount() > 0, 20'000);
        QCOMPARE(registrationCount(db), 60);
        QTRY_VERIFY(!window.findChild<QProgressDialog *>(QStringLiteral("demoProgress")));
    }

    void demoDataCanBeCancelled()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        DMS_OPEN_DESK(desk, db);
        MainWindow window(*desk->connection);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::demoDataFinished);
        DemoOptions options;
        options.documents = 100000;
        window.generateDemoData(options, QStringLiteral("admin"));
        auto *progress = window.findChild<QProgressDialog *>(QStringLiteral("demoProgress"));
        QVERIFY(progress);
        auto *cancel = progress->findChild<QPushButton *>();
        QVERIFY(cancel);
        cancel->click();
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY(finished.first().at(1).toString().contains(QStringLiteral("cancelled")));
        QVERIFY(registrationCount(db) < 100000);
        // What was made stays usable.
        QCOMPARE(window.session().login, QStringLiteral("admin"));
        QTRY_COMPARE_WITH_TIMEOUT(qint64(window.registerModel()->rowCount()),
                                  std::min<qint64>(registrationCount(db), RegisterModel::kPageSize), 20'000);
    }

    void closingDuringDemoDataWaitsForTheWorker()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        {
            DMS_OPEN_DESK(desk, db);
            MainWindow window(*desk->connection);
            DemoOptions options;
            options.documents = 100000;
            window.generateDemoData(options, QStringLiteral("admin"));
            QTRY_VERIFY(registrationCount(db) > 0);
        }
        // The worker has stopped between two registrations: every entry is whole and journalled.
        const qint64 after = registrationCount(db);
        QVERIFY(after > 0 && after < 100000);
        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        auto journalled = Sql::scalar(
            *conn, QStringLiteral("SELECT COUNT(*) FROM audit_journal WHERE action = 'registration.create'"));
        QVERIFY(journalled.ok());
        QCOMPARE(journalled->toLongLong(), after);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
