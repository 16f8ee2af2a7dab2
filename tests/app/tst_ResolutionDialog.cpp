// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/ResolutionDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTest>

using namespace dms;

namespace {

const QList<DeskUser> kUsers {{"u-admin", "admin", "Анна Администраторова"},
                              {"u-official", "official", "Олег Служителев"},
                              {"u-clerk", "clerk", "Калина Деловодова"}};

template<class T>
T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

} // namespace

class tst_ResolutionDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsARequestFromTheKeyboard()
    {
        // Tuesday 8 September 2020; 22 September is Independence Day.
        ResolutionDialog dialog(kUsers, QDate(2020, 9, 8), "СОА20-ВК66-1/08.09.2020");
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        QCOMPARE(dialog.problem(), QStringLiteral("Choose the executor."));

        auto *executor = child<QComboBox>(&dialog, "executorCombo");
        QCOMPARE(executor->count(), 4);
        QTest::keyClick(executor, Qt::Key_Down);
        QCOMPARE(executor->currentData().toString(), QStringLiteral("u-admin"));
        QCOMPARE(dialog.problem(), QStringLiteral("Write the instruction."));
        auto *instruction = child<QPlainTextEdit>(&dialog, "instructionEdit");
        instruction->setFocus();
        QTest::keyClicks(instruction, "Check and answer");
        QVERIFY(ok->isEnabled());

        // Ten working days: the 22nd is skipped, so the 23rd.
        auto *days = child<QSpinBox>(&dialog, "workingDaysSpin");
        days->setValue(10);
        const QString hint = child<QLabel>(&dialog, "deadlineHint")->text();
        QVERIFY2(hint.contains(QLocale().toString(QDate(2020, 9, 23), QLocale::ShortFormat)),
                 qPrintable(hint));
        NewResolution request = dialog.request("doc-1");
        QCOMPARE(request.documentId, QStringLiteral("doc-1"));
        QCOMPARE(request.executorId, QStringLiteral("u-admin"));
        QCOMPARE(request.instruction, QStringLiteral("Check and answer"));
        QCOMPARE(request.workingDays, std::optional<int>(10));
        QVERIFY(!request.deadline.isValid());

        // By date: the hint counts the working days; the 22nd is not one.
        child<QRadioButton>(&dialog, "dateRadio")->setChecked(true);
        auto *date = child<QDateEdit>(&dialog, "deadlineEdit");
        date->setDate(QDate(2020, 9, 22));
        QVERIFY(child<QLabel>(&dialog, "deadlineHint")->text().contains(QStringLiteral("not a working day")));
        QVERIFY(child<QLabel>(&dialog, "deadlineHint")->text().startsWith(QStringLiteral("9 ")));
        date->setDate(QDate(2020, 9, 1)); // before today: the editor keeps today
        QCOMPARE(date->date(), QDate(2020, 9, 8));
        request = dialog.request("doc-1");
        QCOMPARE(request.deadline, QDate(2020, 9, 8));
        QVERIFY(!request.workingDays);

        // The executor cannot be a co-executor too.
        auto *co = child<QListWidget>(&dialog, "coExecutorList");
        co->item(0)->setCheckState(Qt::Checked);
        QVERIFY(!ok->isEnabled());
        QCOMPARE(dialog.problem(), QStringLiteral("The executor cannot also be a co-executor."));
        co->item(0)->setCheckState(Qt::Unchecked);
        co->item(1)->setCheckState(Qt::Checked);
        QVERIFY(ok->isEnabled());
        child<QRadioButton>(&dialog, "noDeadlineRadio")->setChecked(true);
        request = dialog.request("doc-1");
        QCOMPARE(request.coExecutorIds, QStringList {QStringLiteral("u-official")});
        QVERIFY(!request.deadline.isValid() && !request.workingDays);

        // An over-long instruction is refused before it reaches the server.
        instruction->setPlainText(QString(4001, QLatin1Char('x')));
        QVERIFY(!ok->isEnabled());
        instruction->setPlainText(QStringLiteral("   "));
        QVERIFY(!ok->isEnabled());
    }
};

QTEST_MAIN(tst_ResolutionDialog)
#include "tst_ResolutionDialog.moc"
