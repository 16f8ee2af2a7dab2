// SPDX-License-Identifier: GPL-3.0-or-later
#include "searches/SavedSearchModel.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace dms;

class tst_SavedSearchModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DelovodTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_SavedSearchModel"));
    }
    void init() { QSettings().clear(); }

    void savesRenamesRemovesAndPersists()
    {
        SavedSearchModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.save({QStringLiteral("Без потребител"), {}, {}, {}}), -1); // no login yet

        model.setLogin(QStringLiteral("clerk"));
        const SavedSearch complaints {QStringLiteral("Жалби"), QStringLiteral("жалба*"),
                                      QStringLiteral("reg-1"), std::nullopt};
        const SavedSearch incoming {QStringLiteral("Всички входящи"), {}, {}, RegisterKind::Incoming};
        QCOMPARE(model.save(complaints), 0);
        QCOMPARE(model.save(incoming), 1);
        QCOMPARE(model.save({QStringLiteral("  "), QStringLiteral("x"), {}, {}}), -1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("Жалби"));
        QCOMPARE(model.index(0).data(SavedSearchModel::TextRole).toString(), QStringLiteral("жалба*"));
        QCOMPARE(model.index(0).data(SavedSearchModel::RegisterIdRole).toString(), QStringLiteral("reg-1"));
        QVERIFY(model.flags(model.index(0)).testFlag(Qt::ItemIsEditable));

        // The same name (any case) replaces the search instead of adding one.
        SavedSearch changed = complaints;
        changed.name = QStringLiteral("жалби");
        changed.text = QStringLiteral("жалба шум");
        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
        QCOMPARE(model.save(changed), 0);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(dataChanged.count(), 1);
        QCOMPARE(model.search(0).text, QStringLiteral("жалба шум"));

        // Renaming: not to nothing, not to another search's name.
        QVERIFY(!model.setData(model.index(1), QStringLiteral("")));
        QVERIFY(!model.setData(model.index(1), QStringLiteral("ЖАЛБИ")));
        QVERIFY(model.setData(model.index(1), QStringLiteral("Входящи")));
        QCOMPARE(model.index(1).data(Qt::EditRole).toString(), QStringLiteral("Входящи"));

        // Another model (as after a restart) reads the same; another user has none.
        SavedSearchModel again;
        again.setLogin(QStringLiteral("clerk"));
        QCOMPARE(again.rowCount(), 2);
        QCOMPARE(again.search(0),
                 (SavedSearch {QStringLiteral("жалби"), QStringLiteral("жалба шум"), QStringLiteral("reg-1"),
                               std::nullopt}));
        QCOMPARE(again.search(1), (SavedSearch {QStringLiteral("Входящи"), {}, {}, RegisterKind::Incoming}));
        again.setLogin(QStringLiteral("official"));
        QCOMPARE(again.rowCount(), 0);

        model.remove(0);
        model.remove(5); // nothing there
        QCOMPARE(model.rowCount(), 1);
        again.setLogin(QStringLiteral("clerk"));
        QCOMPARE(again.rowCount(), 1);
        QCOMPARE(again.search(0).name, QStringLiteral("Входящи"));
    }

    void loginsAreKeptApart()
    {
        // A login with characters that mean something to QSettings keys.
        SavedSearchModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLogin(QStringLiteral("a/b"));
        QCOMPARE(model.save({QStringLiteral("one"), QStringLiteral("x"), {}, {}}), 0);
        model.setLogin(QStringLiteral("a"));
        QCOMPARE(model.rowCount(), 0);
        model.setLogin(QStringLiteral("a/b"));
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_SavedSearchModel)
#include "tst_SavedSearchModel.moc"
