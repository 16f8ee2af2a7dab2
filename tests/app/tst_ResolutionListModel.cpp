// SPDX-License-Identifier: GPL-3.0-or-later
#include "cases/ResolutionListModel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QTest>

using namespace dms;

class tst_ResolutionListModel : public QObject
{
    Q_OBJECT

private:
    static Resolution resolution(const QString &id, const QDate &deadline, ResolutionStatus status)
    {
        Resolution r;
        r.id = id;
        r.documentIndex = QStringLiteral("СОА20-ВК66-%1/08.09.2020").arg(id);
        r.executorId = QStringLiteral("u1");
        r.instruction = QStringLiteral("Да се изпълни");
        r.deadline = deadline;
        r.status = status;
        return r;
    }

private Q_SLOTS:
    void marksWhatIsOverdue()
    {
        ResolutionListModel model(
            [](const QString &id) -> QString { return QStringLiteral("Name of ") + id; });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDate today(2020, 9, 15);
        Resolution withCo = resolution("1", QDate(2020, 9, 10), ResolutionStatus::Open);
        withCo.coExecutorIds = {QStringLiteral("u2"), QStringLiteral("u3")};
        model.setResolutions({withCo, resolution("2", today, ResolutionStatus::Open),
                              resolution("3", {}, ResolutionStatus::Open),
                              resolution("4", QDate(2020, 9, 1), ResolutionStatus::Done)},
                             today);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(ResolutionListModel::ColumnCount));
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
        QCOMPARE(model.index(0, 0).data(ResolutionListModel::ResolutionIdRole).toString(), "1");
        QVERIFY(
            model.index(0, ResolutionListModel::StateColumn).data().toString().contains(QLatin1Char('5')));
        QVERIFY(
            model.index(0, ResolutionListModel::ExecutorColumn).data().toString().startsWith("Name of u1"));
        QVERIFY(
            model.index(0, ResolutionListModel::ExecutorColumn).data().toString().contains(QLatin1Char('2')));
        QVERIFY(model.index(0, 0).data(Qt::ForegroundRole).canConvert<QBrush>());
        // Due today is not overdue yet; done is never overdue; no deadline says so.
        QVERIFY(!model.index(1, 0).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.index(1, ResolutionListModel::StateColumn).data().toString(), QStringLiteral("Open"));
        QCOMPARE(model.index(2, ResolutionListModel::DeadlineColumn).data().toString(),
                 QStringLiteral("none"));
        QCOMPARE(model.index(3, ResolutionListModel::StateColumn).data().toString(), QStringLiteral("Done"));
        QVERIFY(!model.index(3, 0).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.resolutionAt(model.index(2, 0))->id, "3");
        QVERIFY(!model.resolutionAt({}));
        model.setResolutions({}, today);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_ResolutionListModel)
#include "tst_ResolutionListModel.moc"
