// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/ScanPageModel.h"

#include <QAbstractItemModelTester>
#include <QImage>
#include <QMimeData>
#include <QPixmap>
#include <QTest>

using namespace dms;

namespace {

QImage thumbnail(int width, int height)
{
    QImage image(width, height, QImage::Format_Grayscale8);
    image.fill(200);
    return image;
}

QList<int> order(const ScanPageModel &model)
{
    QList<int> indexes;
    for (const ScanPageModel::Page &page : model.pages())
        indexes.append(page.sessionIndex);
    return indexes;
}

} // namespace

class tst_ScanPageModel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScanPageModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<ScanPageModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 4; ++i)
            m_model->addPage(i);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void pagesArriveAsPlaceholdersThenThumbnails()
    {
        QCOMPARE(m_model->rowCount(), 4);
        QVERIFY(!m_model->isComplete());
        QVERIFY(m_model->data(m_model->index(0), Qt::DecorationRole).isNull());
        for (int i = 0; i < 3; ++i)
            m_model->setPageProcessed(i, thumbnail(30, 40));
        m_model->setPageFailed(3);
        m_model->setPageProcessed(17, thumbnail(1, 1)); // unknown: ignored
        QVERIFY(m_model->isComplete());
        QCOMPARE(m_model->data(m_model->index(0), Qt::DecorationRole).value<QPixmap>().size(), QSize(30, 40));
        QCOMPARE(m_model->data(m_model->index(0), Qt::DisplayRole).toString(), QStringLiteral("Sheet 1"));
        QVERIFY(m_model->data(m_model->index(3), ScanPageModel::FailedRole).toBool());
        QVERIFY(m_model->data(m_model->index(2), ScanPageModel::ReadyRole).toBool());
    }

    void rotatesInQuarterTurns()
    {
        m_model->setPageProcessed(1, thumbnail(30, 40));
        m_model->rotate(1);
        QCOMPARE(m_model->pages().at(1).rotation, PageRotation::Clockwise90);
        QCOMPARE(m_model->data(m_model->index(1), Qt::DecorationRole).value<QPixmap>().size(), QSize(40, 30));
        m_model->rotate(1, false);
        m_model->rotate(1, false);
        QCOMPARE(m_model->pages().at(1).rotation, PageRotation::Clockwise270);
        m_model->rotate(9); // out of range: nothing
        QCOMPARE(m_model->data(m_model->index(1), ScanPageModel::RotationRole).toInt(), 270);
    }

    void reordersByShiftAndMoveRows()
    {
        QVERIFY(m_model->shift(0, 1));
        QCOMPARE(order(*m_model), (QList<int> {1, 0, 2, 3}));
        QVERIFY(m_model->shift(3, -1));
        QCOMPARE(order(*m_model), (QList<int> {1, 0, 3, 2}));
        QVERIFY(!m_model->shift(0, -1));
        QVERIFY(!m_model->shift(3, 1));
        QVERIFY(m_model->moveRows({}, 0, 1, {}, 4));
        QCOMPARE(order(*m_model), (QList<int> {0, 3, 2, 1}));
        QVERIFY(!m_model->moveRows({}, 0, 1, {}, 1)); // onto itself
        QVERIFY(!m_model->moveRows({}, 2, 3, {}, 0)); // beyond the end
        QCOMPARE(m_model->data(m_model->index(3), Qt::DisplayRole).toString(),
                 QStringLiteral("Sheet 2")); // stays with the sheet
    }

    void reordersByDragAndDrop()
    {
        std::unique_ptr<QMimeData> data(m_model->mimeData({m_model->index(3)}));
        QVERIFY(data);
        // The model moves the row itself and tells the view not to remove it.
        QVERIFY(!m_model->dropMimeData(data.get(), Qt::MoveAction, 0, 0, {}));
        QCOMPARE(order(*m_model), (QList<int> {3, 0, 1, 2}));
        // Dropped on the empty area: to the end.
        data.reset(m_model->mimeData({m_model->index(0)}));
        QVERIFY(!m_model->dropMimeData(data.get(), Qt::MoveAction, -1, -1, {}));
        QCOMPARE(order(*m_model), (QList<int> {0, 1, 2, 3}));
        // Foreign data and copies are refused.
        QMimeData foreign;
        foreign.setText(QStringLiteral("2"));
        QVERIFY(!m_model->dropMimeData(&foreign, Qt::MoveAction, 0, 0, {}));
        QMimeData bogus;
        bogus.setData(m_model->mimeTypes().constFirst(), "99");
        QVERIFY(!m_model->dropMimeData(&bogus, Qt::MoveAction, 0, 0, {}));
        QCOMPARE(order(*m_model), (QList<int> {0, 1, 2, 3}));
    }

    void deletesAndClears()
    {
        QVERIFY(m_model->removeRows(1, 2));
        QCOMPARE(order(*m_model), (QList<int> {0, 3}));
        QCOMPARE(m_model->rowOfSessionIndex(3), 1);
        QCOMPARE(m_model->rowOfSessionIndex(1), -1);
        QVERIFY(!m_model->removeRows(1, 5));
        m_model->clear();
        QCOMPARE(m_model->rowCount(), 0);
    }
};

QTEST_MAIN(tst_ScanPageModel)
#include "tst_ScanPageModel.moc"
