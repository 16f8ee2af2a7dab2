// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/pdf/CcittG4Encoder.h"
#include "scanning/pdf/ScanPdfWriter.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFont>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace dms;

namespace {

// A4 at 300 dpi.
constexpr int A4Width = 2480;
constexpr int A4Height = 3508;
constexpr int Dpi = 300;

/** A typed one-page letter, black on white: letterhead, title, `paragraphs`
 *  paragraphs of 12 pt serif text (about 300 characters each) and a signature block. */
QImage textImage(int seed, int paragraphs = 6)
{
    QImage canvas(A4Width, A4Height, QImage::Format_RGB32);
    canvas.fill(Qt::white);
    QPainter painter(&canvas);
    painter.setRenderHint(QPainter::TextAntialiasing, false);
    painter.setPen(Qt::black);
    QFont font(QStringLiteral("DejaVu Serif"));
    font.setStyleStrategy(QFont::NoAntialias);
    const int left = 300;
    const int width = A4Width - 2 * left;
    int y = 250;
    const auto block = [&](const QString &text, int pixelSize, bool bold, int flags) {
        font.setPixelSize(pixelSize);
        font.setBold(bold);
        painter.setFont(font);
        QRect bounds;
        painter.drawText(QRect(left, y, width, A4Height), flags | Qt::TextWordWrap, text, &bounds);
        y = bounds.bottom() + pixelSize;
    };
    block(QStringLiteral("ОБЩИНА ПРИМЕРНО\nгр. Примерно 1000, ул. „Граф Игнатиев“ № %1").arg(seed + 1), 54,
          true, Qt::AlignHCenter);
    block(QStringLiteral("Изх. № %1-00-%2 / %3.11.2026 г.").arg(94).arg(seed + 100).arg(1 + seed % 28), 50,
          false, Qt::AlignLeft);
    block(QStringLiteral("УДОСТОВЕРЕНИЕ"), 62, true, Qt::AlignHCenter);
    const QString paragraph = QStringLiteral(
        "Настоящото се издава на основание чл. %1 от Закона за администрацията и във връзка с подадено "
        "заявление с вх. № %2 от гражданин, постъпило в деловодството на общината. Заявителят е представил "
        "всички изискуеми документи, а дължимата такса в размер на 12,50 лв. е платена по банков път. ");
    for (int i = 0; i < paragraphs; ++i)
        block(QStringLiteral("    ") + paragraph.arg(10 + i).arg(seed * 10 + i), 50, false, Qt::AlignJustify);
    block(QStringLiteral("Кмет: ...........................\n(инж. Иван Петров)"), 50, false, Qt::AlignRight);
    painter.end();
    return canvas.convertToFormat(QImage::Format_Mono, Qt::ThresholdDither | Qt::MonoOnly);
}

PageImage bitonalPage(int seed = 0)
{
    return PageImage {textImage(seed), Dpi, ColorMode::Lineart, seed};
}

PageImage grayPage(int seed = 0)
{
    QImage image = textImage(seed).convertToFormat(QImage::Format_Grayscale8);
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, A4Width, A4Height);
    gradient.setColorAt(0, QColor(250, 250, 250));
    gradient.setColorAt(1, QColor(200, 200, 200));
    painter.setCompositionMode(QPainter::CompositionMode_Darken);
    painter.fillRect(image.rect(), gradient);
    painter.end();
    return PageImage {image, Dpi, ColorMode::Gray, seed};
}

PageImage colourPage(int seed = 0)
{
    QImage image = textImage(seed).convertToFormat(QImage::Format_RGB888);
    QPainter painter(&image);
    painter.fillRect(QRect(250, 2600, 800, 600), QColor(200, 40, 40));
    painter.fillRect(QRect(1200, 2600, 800, 600), QColor(30, 60, 190));
    painter.end();
    return PageImage {image, Dpi, ColorMode::Color, seed};
}

struct ToolRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ToolRun runTool(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

/** One row of `pdfimages -list`. */
struct ListedImage
{
    int page = 0;
    int width = 0;
    int height = 0;
    QString color;
    int components = 0;
    int bitsPerComponent = 0;
    QString encoding;
    int xPpi = 0;
    int yPpi = 0;
};

QList<ListedImage> listImages(const QString &pdf)
{
    const ToolRun run = runTool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
    QList<ListedImage> images;
    if (run.exitCode != 0)
        return images;
    const QStringList lines = QString::fromUtf8(run.out).split(QLatin1Char('\n'));
    for (qsizetype i = 2; i < lines.size(); ++i) {
        const QStringList f = lines.at(i).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (f.size() < 14)
            continue;
        images.append(ListedImage {f.at(0).toInt(), f.at(3).toInt(), f.at(4).toInt(), f.at(5),
                                   f.at(6).toInt(), f.at(7).toInt(), f.at(8), f.at(12).toInt(),
                                   f.at(13).toInt()});
    }
    return images;
}

QString pdfinfoField(const QByteArray &pdfinfoOutput, const QString &field)
{
    const QRegularExpression line(QStringLiteral("^%1:\\s*(.*)$").arg(field),
                                  QRegularExpression::MultilineOption);
    return line.match(QString::fromUtf8(pdfinfoOutput)).captured(1).trimmed();
}

bool hasTools()
{
    for (const char *tool : {"qpdf", "pdfimages", "pdfinfo", "pdftoppm"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            return false;
    }
    return true;
}

qsizetype blackPixels(const QImage &image)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    qsizetype count = 0;
    for (int y = 0; y < gray.height(); ++y) {
        const uchar *line = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x)
            count += line[x] < 128 ? 1 : 0;
    }
    return count;
}

/** How many pixels of two same-sized images differ in gray value (0 = identical). */
qsizetype differingPixels(const QImage &a, const QImage &b)
{
    const QImage grayA = a.convertToFormat(QImage::Format_Grayscale8);
    const QImage grayB = b.convertToFormat(QImage::Format_Grayscale8);
    if (grayA.size() != grayB.size())
        return -1;
    qsizetype count = 0;
    QRect box;
    for (int y = 0; y < grayA.height(); ++y) {
        const uchar *lineA = grayA.constScanLine(y);
        const uchar *lineB = grayB.constScanLine(y);
        for (int x = 0; x < grayA.width(); ++x) {
            if (lineA[x] != lineB[x]) {
                ++count;
                box |= QRect(x, y, 1, 1);
            }
        }
    }
    if (count > 0)
        qInfo() << count << "pixels differ in" << box;
    return count;
}

/** Fails every write after `limit` bytes, as a full disk does. */
class FailingDevice : public QIODevice
{
public:
    explicit FailingDevice(qint64 limit)
        : m_limit(limit)
    { }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override
    {
        if (m_written + size > m_limit) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        m_written += size;
        return size;
    }

private:
    qint64 m_limit;
    qint64 m_written = 0;
};

} // namespace

/** Skips a test that checks its output with the independent tools when they are missing. */
#define REQUIRE_PDF_TOOLS()                                                                                  \
    do {                                                                                                     \
        if (!hasTools())                                                                                     \
            QSKIP("needs qpdf and poppler-utils (pdfimages, pdfinfo, pdftoppm)");                            \
    } while (false)

class tst_ScanPdfWriter : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString path(const QString &name) const { return m_dir->filePath(name); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void writesBitonalGrayAndColourPagesAsPdfA()
    {
        REQUIRE_PDF_TOOLS();
        ScanPdfOptions options;
        options.title = QStringLiteral("Заявление № 42 <&> \"входящо\"");
        options.created = QDateTime(QDate(2026, 11, 23), QTime(9, 30, 15), Qt::UTC);
        ScanPdfWriter writer(options);
        const QString pdf = path(QStringLiteral("three.pdf"));
        QVERIFY(writer.open(pdf).ok());
        QVERIFY(writer.addPage(bitonalPage()).ok());
        QVERIFY(writer.addPage(grayPage()).ok());
        QVERIFY(writer.addPage(colourPage()).ok());
        QCOMPARE(writer.pageCount(), 3);
        const Status finished = writer.finish();
        QVERIFY2(finished.ok(), qPrintable(finished.error().toString()));
        QVERIFY(!writer.isOpen());
        qInfo("3 pages (bitonal, gray, colour; A4 300 dpi, q75): %lld bytes", QFileInfo(pdf).size());

        const ToolRun check = runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), pdf});
        QVERIFY2(check.exitCode == 0, check.out.constData());
        QVERIFY(check.out.contains("No syntax or stream encoding errors found"));
        QVERIFY(check.out.contains("File is not encrypted"));

        qInfo("%s", runTool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf}).out.constData());
        const QList<ListedImage> images = listImages(pdf);
        QCOMPARE(images.size(), 3);
        const struct
        {
            const char *encoding;
            const char *color;
            int components;
            int bits;
        } expected[] = {{"ccitt", "gray", 1, 1}, {"jpeg", "gray", 1, 8}, {"jpeg", "icc", 3, 8}};
        for (int i = 0; i < 3; ++i) {
            const ListedImage &image = images.at(i);
            QCOMPARE(image.page, i + 1);
            QCOMPARE(image.encoding, QString::fromLatin1(expected[i].encoding));
            QCOMPARE(image.color, QString::fromLatin1(expected[i].color));
            QCOMPARE(image.components, expected[i].components);
            QCOMPARE(image.bitsPerComponent, expected[i].bits);
            QCOMPARE(image.width, A4Width);
            QCOMPARE(image.height, A4Height);
            QCOMPARE(image.xPpi, Dpi);
            QCOMPARE(image.yPpi, Dpi);
        }

        const ToolRun info
            = runTool(QStringLiteral("pdfinfo"), {QStringLiteral("-l"), QStringLiteral("3"), pdf});
        QCOMPARE(info.exitCode, 0);
        QCOMPARE(pdfinfoField(info.out, QStringLiteral("Pages")), QStringLiteral("3"));
        QCOMPARE(pdfinfoField(info.out, QStringLiteral("PDF version")), QStringLiteral("1.7"));
        QCOMPARE(pdfinfoField(info.out, QStringLiteral("Title")), options.title);
        QCOMPARE(pdfinfoField(info.out, QStringLiteral("Producer")), options.producer);
        QCOMPARE(pdfinfoField(info.out, QStringLiteral("Creator")), options.creator);
        QCOMPARE(pdfinfoField(info.out, QStringLiteral("Encrypted")), QStringLiteral("no"));
        for (int page = 1; page <= 3; ++page) {
            const QString size = pdfinfoField(info.out, QStringLiteral("Page\\s+%1 size").arg(page));
            const QRegularExpressionMatch points
                = QRegularExpression(QStringLiteral("^([0-9.]+) x ([0-9.]+) pts")).match(size);
            QVERIFY2(points.hasMatch(), qPrintable(size));
            QVERIFY(qAbs(points.captured(1).toDouble() - 595.2) < 0.01);
            QVERIFY(qAbs(points.captured(2).toDouble() - 841.92) < 0.01);
        }

        const ToolRun meta = runTool(QStringLiteral("pdfinfo"), {QStringLiteral("-meta"), pdf});
        QCOMPARE(meta.exitCode, 0);
        const QString xmp = QString::fromUtf8(meta.out);
        QVERIFY2(xmp.contains(QStringLiteral("<pdfaid:part>2</pdfaid:part>")), qPrintable(xmp));
        QVERIFY(xmp.contains(QStringLiteral("<pdfaid:conformance>B</pdfaid:conformance>")));
        QVERIFY(xmp.contains(QStringLiteral("Заявление № 42 &lt;&amp;&gt; &quot;входящо&quot;")));
        QVERIFY(xmp.contains(QStringLiteral("<xmp:CreateDate>2026-11-23T09:30:15+00:00</xmp:CreateDate>")));
        QVERIFY(xmp.contains(QStringLiteral("<pdf:Producer>Delovod ScanPdfWriter</pdf:Producer>")));

        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF-1.7\n%"));
        for (int i = 10; i < 14; ++i)
            QVERIFY(uchar(bytes.at(i)) >= 128);
        QVERIFY(bytes.contains("/OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1"));
        QVERIFY(bytes.contains("/CreationDate (D:20261123093015+00'00')"));
        QVERIFY(
            QRegularExpression(QStringLiteral("trailer\\n<<.* /ID \\[<[0-9A-F]{32}> <[0-9A-F]{32}>\\] >>"))
                .match(QString::fromLatin1(bytes.right(400)))
                .hasMatch());
        QVERIFY(!bytes.contains("/Encrypt"));
        QVERIFY(!bytes.contains("/SMask"));
        QVERIFY(bytes.endsWith("%%EOF\n"));
    }

    void bitonalPageIsLossless_data()
    {
        QTest::addColumn<bool>("blackFirst");
        QTest::newRow("colour table white, black") << false;
        QTest::newRow("colour table black, white") << true;
    }

    void bitonalPageIsLossless()
    {
        REQUIRE_PDF_TOOLS();
        QFETCH(bool, blackFirst);
        PageImage page = bitonalPage(7);
        // The same picture with the other bit polarity: bits and table both flipped.
        if (blackFirst != (qGray(page.image.color(0)) < 128)) {
            page.image.invertPixels();
            page.image.setColorTable({page.image.color(1), page.image.color(0)});
        }
        QCOMPARE(qGray(page.image.color(0)) < 128, blackFirst);
        const QImage original = page.image.convertToFormat(QImage::Format_Grayscale8);
        QCOMPARE(original.pixelColor(0, 0), QColor(Qt::white));
        const qsizetype black = blackPixels(original);
        QVERIFY(black > qsizetype(A4Width) * A4Height / 100);

        const QString pdf = path(QStringLiteral("bitonal.pdf"));
        ScanPdfWriter writer;
        QVERIFY(writer.open(pdf).ok());
        QVERIFY(writer.addPage(page).ok());
        QVERIFY(writer.finish().ok());

        // The decoded image data, then the page as a viewer renders it.
        QCOMPARE(
            runTool(QStringLiteral("pdfimages"), {QStringLiteral("-png"), pdf, path(QStringLiteral("img"))})
                .exitCode,
            0);
        const QImage extracted(path(QStringLiteral("img-000.png")));
        QVERIFY(!extracted.isNull());
        QCOMPARE(differingPixels(extracted, original), 0);

        // Poppler smooths images drawn at less than 4x, so render a text area at
        // 1200 dpi and sample the middle of each 4x4 block.
        const QRect area(300, 250, 1200, 900);
        const ToolRun render
            = runTool(QStringLiteral("pdftoppm"),
                      {QStringLiteral("-r"), QStringLiteral("1200"), QStringLiteral("-mono"),
                       QStringLiteral("-x"), QString::number(area.x() * 4), QStringLiteral("-y"),
                       QString::number(area.y() * 4), QStringLiteral("-W"), QString::number(area.width() * 4),
                       QStringLiteral("-H"), QString::number(area.height() * 4),
                       QStringLiteral("-singlefile"), pdf, path(QStringLiteral("render"))});
        QCOMPARE(render.exitCode, 0);
        const QImage rendered(path(QStringLiteral("render.pbm")));
        QCOMPARE(rendered.size(), area.size() * 4);
        QImage sampled(area.size(), QImage::Format_Grayscale8);
        for (int y = 0; y < area.height(); ++y) {
            for (int x = 0; x < area.width(); ++x)
                sampled.setPixel(x, y, qGray(rendered.pixel(4 * x + 2, 4 * y + 2)) * 0x010101);
        }
        QVERIFY(blackPixels(sampled) > area.width() * area.height() / 50);
        QCOMPARE(differingPixels(sampled, original.copy(area)), 0);
    }

    void bitonalTextPageSize_data()
    {
        QTest::addColumn<int>("paragraphs");
        QTest::addColumn<qint64>("limit");
        // G4 output is fixed by the picture (any encoder gives the same bits), so
        // the budget depends on how much text the page has; the writer's own share
        // (page objects, ICC profile, XMP, xref) is checked separately below.
        QTest::newRow("short letter, 4 paragraphs") << 4 << qint64(36 * 1024);
        QTest::newRow("full letter, 6 paragraphs") << 6 << qint64(50 * 1024);
    }

    void bitonalTextPageSize()
    {
        QFETCH(int, paragraphs);
        QFETCH(qint64, limit);
        const PageImage page {textImage(3, paragraphs), Dpi, ColorMode::Lineart, 0};
        const Result<QByteArray> g4 = CcittG4Encoder::encode(page.image);
        QVERIFY(g4.ok());
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        ScanPdfWriter writer;
        QVERIFY(writer.open(&buffer).ok());
        QVERIFY(writer.addPage(page).ok());
        QVERIFY(writer.finish().ok());
        qInfo("bitonal A4 300 dpi, %d paragraphs: G4 %lld bytes, PDF %lld bytes", paragraphs,
              qint64(g4->size()), buffer.size());
        QVERIFY(buffer.data().contains(*g4));
        QVERIFY2(buffer.size() - g4->size() <= 3 * 1024,
                 qPrintable(QString::number(buffer.size() - g4->size())));
        QVERIFY2(buffer.size() <= limit, qPrintable(QString::number(buffer.size())));
    }

    void twentyPagesAreWrittenAsTheyAreAdded()
    {
        REQUIRE_PDF_TOOLS();
        const QString pdf = path(QStringLiteral("twenty.pdf"));
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        ScanPdfOptions options;
        options.jpegQuality = 80;
        ScanPdfWriter writer(options);
        QVERIFY(writer.open(&file).ok());
        qint64 encodeNs = 0;
        for (int i = 0; i < 20; ++i) {
            PageImage page = i % 2 == 0 ? bitonalPage(i) : grayPage(i);
            const qint64 before = writer.bytesWritten();
            QElapsedTimer timer;
            timer.start();
            QVERIFY(writer.addPage(page).ok());
            encodeNs += timer.nsecsElapsed();
            // The page is on the device already, and the writer kept no copy of it.
            QVERIFY(writer.bytesWritten() > before + 8 * 1024);
            QCOMPARE(file.size(), writer.bytesWritten());
            QVERIFY(page.image.isDetached());
            QCOMPARE(writer.pageCount(), i + 1);
        }
        const qint64 pagesBytes = writer.bytesWritten();
        QVERIFY(writer.finish().ok());
        file.close();
        // finish() adds only the page tree, metadata and cross-reference table.
        QVERIFY(file.size() - pagesBytes < 4096);
        qInfo("20 pages (10 G4 + 10 gray q80): %lld bytes, encode+write %lld ms", file.size(),
              encodeNs / 1000000);

        QCOMPARE(runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), pdf}).exitCode, 0);
        const ToolRun info = runTool(QStringLiteral("pdfinfo"), {pdf});
        QCOMPARE(pdfinfoField(info.out, QStringLiteral("Pages")), QStringLiteral("20"));
        const QList<ListedImage> images = listImages(pdf);
        QCOMPARE(images.size(), 20);
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(images.at(i).page, i + 1);
            QCOMPARE(images.at(i).encoding, i % 2 == 0 ? QStringLiteral("ccitt") : QStringLiteral("jpeg"));
        }
    }

    void convertsOrRefusesImageFormats_data()
    {
        QTest::addColumn<QImage::Format>("format");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<QString>("color");
        QTest::newRow("MonoLSB") << QImage::Format_MonoLSB << true << QStringLiteral("ccitt")
                                 << QStringLiteral("gray");
        QTest::newRow("Grayscale16") << QImage::Format_Grayscale16 << true << QStringLiteral("jpeg")
                                     << QStringLiteral("gray");
        QTest::newRow("RGB32") << QImage::Format_RGB32 << true << QStringLiteral("jpeg")
                               << QStringLiteral("icc");
        QTest::newRow("BGR888") << QImage::Format_BGR888 << true << QStringLiteral("jpeg")
                                << QStringLiteral("icc");
        QTest::newRow("ARGB32") << QImage::Format_ARGB32 << false << QString() << QString();
        QTest::newRow("RGBA8888") << QImage::Format_RGBA8888 << false << QString() << QString();
    }

    void convertsOrRefusesImageFormats()
    {
        REQUIRE_PDF_TOOLS();
        QFETCH(QImage::Format, format);
        QFETCH(bool, accepted);
        QFETCH(QString, encoding);
        QFETCH(QString, color);
        QImage image(850, 1100, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.fillRect(QRect(100, 100, 300, 200), Qt::black);
        painter.end();
        image = image.convertToFormat(format);

        const QString pdf = path(QStringLiteral("format.pdf"));
        ScanPdfWriter writer;
        QVERIFY(writer.open(pdf).ok());
        const Status added = writer.addPage(PageImage {image, 100, ColorMode::Color, 0});
        if (!accepted) {
            QCOMPARE(added.error().code, ErrorCode::InvalidInput);
            QVERIFY(added.error().message.contains(QStringLiteral("transparency")));
            QVERIFY(writer.isOpen());
            QCOMPARE(writer.pageCount(), 0);
            QCOMPARE(writer.finish().error().code, ErrorCode::InvalidState);
            QVERIFY(!QFile::exists(pdf));
            return;
        }
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        QVERIFY(writer.finish().ok());
        const QList<ListedImage> images = listImages(pdf);
        QCOMPARE(images.size(), 1);
        QCOMPARE(images.at(0).encoding, encoding);
        QCOMPARE(images.at(0).color, color);
        QCOMPARE(images.at(0).xPpi, 100);
        QCOMPARE(runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), pdf}).exitCode, 0);
    }

    void emptyDocumentIsRefusedAndWritesNothing()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        ScanPdfWriter writer;
        QVERIFY(writer.open(&buffer).ok());
        const Status finished = writer.finish();
        QCOMPARE(finished.error().code, ErrorCode::InvalidState);
        QVERIFY(finished.error().message.contains(QStringLiteral("no pages")));
        QCOMPARE(buffer.size(), 0);
        QVERIFY(!writer.isOpen());

        const QString pdf = path(QStringLiteral("empty.pdf"));
        QVERIFY(writer.open(pdf).ok());
        QCOMPARE(writer.finish().error().code, ErrorCode::InvalidState);
        QVERIFY(!QFile::exists(pdf));
        QVERIFY(QDir(m_dir->path()).entryList(QDir::Files).isEmpty());
    }

    void badPagesAreRefusedAndTheDocumentGoesOn()
    {
        REQUIRE_PDF_TOOLS();
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        ScanPdfWriter writer;
        QCOMPARE(writer.addPage(bitonalPage()).error().code, ErrorCode::InvalidState);
        QVERIFY(writer.open(&buffer).ok());
        QCOMPARE(writer.open(&buffer).error().code, ErrorCode::InvalidState);

        const Status nullImage = writer.addPage(PageImage {});
        QCOMPARE(nullImage.error().code, ErrorCode::InvalidInput);
        QCOMPARE(writer.addPage(PageImage {QImage(), 300, ColorMode::Gray, 0}).error().code,
                 ErrorCode::InvalidInput);
        PageImage noDpi = grayPage();
        noDpi.resolution = 0;
        QCOMPARE(writer.addPage(noDpi).error().code, ErrorCode::InvalidInput);
        PageImage tooLarge = grayPage();
        tooLarge.resolution = 10; // 248 x 351 inches
        QCOMPARE(writer.addPage(tooLarge).error().code, ErrorCode::InvalidInput);
        QCOMPARE(buffer.size(), 0);

        QVERIFY(writer.isOpen());
        QVERIFY(writer.addPage(grayPage()).ok());
        QVERIFY(writer.finish().ok());
        QCOMPARE(writer.pageCount(), 1);
        const QString pdf = path(QStringLiteral("after-errors.pdf"));
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(buffer.data());
        file.close();
        QCOMPARE(runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), pdf}).exitCode, 0);
    }

    void unusableOutputsAreRefused()
    {
        ScanPdfWriter writer;
        QCOMPARE(writer.open(static_cast<QIODevice *>(nullptr)).error().code, ErrorCode::InvalidInput);
        QBuffer closed;
        const Status closedStatus = writer.open(&closed);
        QCOMPARE(closedStatus.error().code, ErrorCode::InvalidInput);
        QVERIFY(closedStatus.error().detail.contains(QStringLiteral("closed")));
        QBuffer readOnly;
        QVERIFY(readOnly.open(QIODevice::ReadOnly));
        const Status readOnlyStatus = writer.open(&readOnly);
        QCOMPARE(readOnlyStatus.error().code, ErrorCode::InvalidInput);
        QVERIFY(readOnlyStatus.error().detail.contains(QStringLiteral("read-only")));
        QVERIFY(!writer.isOpen());

        QCOMPARE(writer.open(path(QStringLiteral("missing/dir/x.pdf"))).error().code, ErrorCode::Storage);
        QCOMPARE(writer.open(m_dir->path()).error().code, ErrorCode::Storage);

        ScanPdfOptions badQuality;
        badQuality.jpegQuality = 0;
        ScanPdfWriter badWriter(badQuality);
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QCOMPARE(badWriter.open(&buffer).error().code, ErrorCode::InvalidInput);
    }

    void failingDeviceStopsTheDocument_data()
    {
        QTest::addColumn<qint64>("limit");
        QTest::newRow("header") << qint64(5);
        QTest::newRow("inside the image") << qint64(10 * 1024);
        QTest::newRow("at finish") << qint64(-1);
    }

    void failingDeviceStopsTheDocument()
    {
        QFETCH(qint64, limit);
        ScanPdfWriter writer;
        FailingDevice probe(1 << 30);
        QVERIFY(probe.open(QIODevice::WriteOnly));
        QVERIFY(writer.open(&probe).ok());
        const PageImage page = bitonalPage();
        QVERIFY(writer.addPage(page).ok());
        const qint64 pageBytes = writer.bytesWritten();
        QVERIFY(writer.finish().ok());

        FailingDevice device(limit < 0 ? pageBytes + 100 : limit);
        QVERIFY(device.open(QIODevice::WriteOnly));
        QVERIFY(writer.open(&device).ok());
        Status status = writer.addPage(page);
        if (limit < 0) {
            QVERIFY(status.ok());
            status = writer.finish();
        }
        QCOMPARE(status.error().code, ErrorCode::Storage);
        QVERIFY(status.error().detail.contains(QStringLiteral("No space left")));
        QVERIFY(!writer.isOpen());
        QCOMPARE(writer.addPage(page).error().code, ErrorCode::InvalidState);
    }
};

// QTEST_MAIN (a QGuiApplication): the test pages are drawn with fonts.
QTEST_MAIN(tst_ScanPdfWriter)
#include "tst_ScanPdfWriter.moc"
