// SPDX-License-Identifier: GPL-3.0-or-later
#include "document/SignatureModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace dms;

class tst_SignatureModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsEachReport()
    {
        SignatureModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SignatureReport passed;
        passed.indication = SignatureReport::Indication::TotalPassed;
        passed.subIndication = SignatureReport::SubIndication::None;
        passed.level = SignatureReport::SignatureLevel::Qes;
        passed.format = QStringLiteral("PAdES-BASELINE-T");
        passed.signingTime = QDateTime(QDate(2020, 9, 8), QTime(7, 5), Qt::UTC);
        passed.signingTimeFromTimestamp = true;
        SignatureReport failed;
        failed.indication = SignatureReport::Indication::TotalFailed;
        failed.subIndication = SignatureReport::SubIndication::HashFailure;
        failed.errors = {QStringLiteral("The document was changed after signing.")};
        failed.signingTime = QDateTime(QDate(2020, 1, 8), QTime(7, 5), Qt::UTC);
        model.setReports({passed, failed});

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(SignatureModel::ColumnCount));
        const auto text = [&model](int row, int column) {
            return model.index(row, column).data().toString();
        };
        QCOMPARE(text(0, SignatureModel::ResultColumn), QStringLiteral("TOTAL_PASSED"));
        QCOMPARE(text(0, SignatureModel::LevelColumn), QStringLiteral("QES"));
        QCOMPARE(text(0, SignatureModel::TimeColumn), QStringLiteral("08.09.2020 10:05:00")); // Sofia, summer
        QCOMPARE(text(0, SignatureModel::FormatColumn), QStringLiteral("PAdES-BASELINE-T"));
        QCOMPARE(text(1, SignatureModel::ResultColumn), QStringLiteral("TOTAL_FAILED (HASH_FAILURE)"));
        QCOMPARE(text(1, SignatureModel::TimeColumn), QStringLiteral("08.01.2020 09:05:00 (claimed)"));
        QCOMPARE(model.index(1, 0).data(Qt::ToolTipRole).toString(), failed.errors.constFirst());
        QCOMPARE(model.index(1, 0).data(SignatureModel::IndicationRole).toInt(),
                 int(SignatureReport::Indication::TotalFailed));
        QCOMPARE(model.headerData(SignatureModel::SignerColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Signer"));
        model.setReports({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_SignatureModel)
#include "tst_SignatureModel.moc"
