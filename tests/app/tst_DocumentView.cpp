// SPDX-License-Identifier: GPL-3.0-or-later
// The poppler preview: pages, thumbnails, zoom and text search with highlights.
#include "document/DocumentView.h"

#include <QListWidget>
#include <QPainter>
#include <QPdfWriter>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

class tst_DocumentView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_pdf;

    static int yellowPixels(const QImage &image)
    {
        int count = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                count += c.red() > 200 && c.green() > 180 && c.blue() < 160 ? 1 : 0;
            }
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_pdf = m_dir.filePath(QStringLiteral("letter.pdf"));
        QPdfWriter writer(m_pdf);
        writer.setPageSize(QPageSize(QPageSize::A5));
        writer.setResolution(72);
        QPainter painter(&writer);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(14);
        painter.setFont(font);
        painter.drawText(40, 60, QStringLiteral("Заявление за достъп до обществена информация"));
        writer.newPage();
        painter.drawText(40, 60, QStringLiteral("Приложение: скица на имота"));
        painter.drawText(40, 120, QStringLiteral("Втора скица"));
    }

    void rendersPagesAndThumbnails()
    {
        DocumentView view;
        view.show();
        QVERIFY(view.open(m_pdf).ok());
        QCOMPARE(view.pageCount(), 2);
        QCOMPARE(view.findChild<QListWidget *>(QStringLiteral("documentThumbnails"))->count(), 2);
        const QImage page = view.renderedPage();
        QVERIFY(!page.isNull());
        QVERIFY(page.height() > page.width()); // A5 portrait
        const QSize at100 = page.size();
        view.zoomIn();
        QVERIFY(view.renderedPage().width() > at100.width());
        view.setZoom(100);
        QCOMPARE(view.zoom(), 4.0);
        view.setCurrentPage(1);
        QCOMPARE(view.currentPage(), 1);
        view.setCurrentPage(5);
        QCOMPARE(view.currentPage(), 1);
    }

    void searchFindsAndHighlightsWords()
    {
        DocumentView view;
        QVERIFY(view.open(m_pdf).ok());
        QCOMPARE(yellowPixels(view.renderedPage()), 0);
        QCOMPARE(view.search(QStringLiteral("СКИЦА")), 2); // case-insensitive, both on page 2
        QCOMPARE(view.currentPage(), 1);
        QCOMPARE(view.hits(1).size(), 2);
        QVERIFY(view.hits(0).isEmpty());
        QVERIFY(yellowPixels(view.renderedPage()) > 50);
        QCOMPARE(view.search(QStringLiteral("обществена")), 1);
        QCOMPARE(view.currentPage(), 0);
        QCOMPARE(view.search(QStringLiteral("липсваща")), 0);
        QCOMPARE(yellowPixels(view.renderedPage()), 0);
    }

    void refusesWhatIsNotAPdf()
    {
        DocumentView view;
        QCOMPARE(view.open(m_dir.filePath(QStringLiteral("missing.pdf"))).error().code, ErrorCode::NotFound);
        const QString text = m_dir.filePath(QStringLiteral("text.pdf"));
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("%PDF-1.4 but nothing else\n");
        file.close();
        QCOMPARE(view.open(text).error().code, ErrorCode::InvalidInput);
        QCOMPARE(view.pageCount(), 0);
        QCOMPARE(view.search(QStringLiteral("x")), 0);
    }
};

QTEST_MAIN(tst_DocumentView)
#include "tst_DocumentView.moc"
