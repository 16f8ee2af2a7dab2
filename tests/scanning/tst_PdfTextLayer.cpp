// SPDX-License-Identifier: GPL-3.0-or-later
// The invisible OCR text layer in scan PDFs, checked with independent tools:
// qpdf --check (structure), pdftotext (extraction, positions), pdffonts (the font
// is embedded, with a ToUnicode map), pdftoppm (the layer draws nothing) and
// fc-scan (the embedded TrueType program parses).
#include "scanning/pdf/GlyphlessFont.h"
#include "scanning/pdf/PdfTextLayer.h"
#include "scanning/pdf/ScanPdfWriter.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

constexpr int Dpi = 300;
constexpr int Width = 2480;
constexpr int Height = 3508;

struct ToolRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

ToolRun runTool(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

PageImage blankPage()
{
    QImage image(Width, Height, QImage::Format_Grayscale8);
    image.fill(255);
    return {image, Dpi, ColorMode::Gray, 0};
}

OcrWord word(const QString &text, int x, int y, int width, int height = 40)
{
    // y is the baseline; the box reaches from a cap height above it.
    return OcrWord {text, QRect(x, y - height, width, height), y, 90};
}

/** Two lines, Bulgarian and English, as an OCR engine would report them. */
OcrPageText sampleText()
{
    OcrPageText text;
    text.width = Width;
    text.height = Height;
    text.resolution = Dpi;
    text.words = {word(QStringLiteral("Заявление"), 300, 400, 330),
                  word(QStringLiteral("за"), 660, 400, 60),
                  word(QStringLiteral("удостоверение"), 750, 400, 480),
                  word(QStringLiteral("certificate"), 300, 600, 300),
                  word(QStringLiteral("(residence)"), 630, 600, 310),
                  word(QStringLiteral("№42"), 980, 600, 120)};
    text.text = QStringLiteral("Заявление за удостоверение\ncertificate (residence) №42");
    return text;
}

QString writePdf(const QTemporaryDir &dir, const QString &name, const QList<OcrPageText> &texts)
{
    const QString path = dir.filePath(name);
    ScanPdfWriter writer;
    if (!writer.open(path).ok())
        return {};
    for (const OcrPageText &text : texts) {
        if (!writer.addPage(blankPage(), text).ok())
            return {};
    }
    return writer.finish().ok() ? path : QString();
}

quint32 u32(const QByteArray &data, qsizetype at)
{
    return (quint32(quint8(data[at])) << 24) | (quint32(quint8(data[at + 1])) << 16)
        | (quint32(quint8(data[at + 2])) << 8) | quint32(quint8(data[at + 3]));
}

} // namespace

class tst_PdfTextLayer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void glyphlessFontIsAValidTrueTypeProgram()
    {
        const QByteArray font = GlyphlessFont::trueType();
        QCOMPARE(font, GlyphlessFont::trueType());
        QCOMPARE(u32(font, 0), 0x00010000U);
        QCOMPARE(font.size() % 4, 0);
        // The whole-font checksum is the magic number (head.checkSumAdjustment).
        quint32 sum = 0;
        for (qsizetype i = 0; i < font.size(); i += 4)
            sum += u32(font, i);
        QCOMPARE(sum, 0xB1B0AFBAU);

        QFile file(m_dir.filePath(QStringLiteral("glyphless.ttf")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(font);
        file.close();
        const ToolRun scan = runTool(
            QStringLiteral("fc-scan"),
            {QStringLiteral("--format"), QStringLiteral("%{family}|%{fontformat}"), file.fileName()});
        QCOMPARE(scan.exitCode, 0);
        QCOMPARE(scan.out, QStringLiteral("DmsGlyphless|TrueType"));
    }

    void contentStreamDrawsEachWordInvisiblyScaledToItsBox()
    {
        OcrPageText text = sampleText();
        const QByteArray content
            = PdfTextLayer::contentStream(text, Width * 72.0 / Dpi, Height * 72.0 / Dpi, "/F");
        QVERIFY(content.startsWith("BT\n3 Tr\n"));
        QVERIFY(content.endsWith("ET\n"));
        QCOMPARE(content.count(" Tj\n"), text.words.size());
        // "за": 2 characters of 0.5 em at 9.6 pt = 9.6 pt natural width; box 60 px = 14.4 pt → 150 %.
        QVERIFY2(content.contains("/F 9.6 Tf 150 Tz 1 0 0 1 158.4 745.92 Tm <04370430> Tj\n"),
                 content.constData());

        text.words = {word(QStringLiteral("😀a"), 10, 100, 40), word(QStringLiteral("  "), 10, 200, 40),
                      OcrWord {QStringLiteral("x"), QRect(), -1, 50}};
        const QByteArray odd = PdfTextLayer::contentStream(text, 595.2, 841.92, "/F");
        QCOMPARE(odd.count(" Tj\n"), 1);
        QVERIFY(odd.contains("<FFFD0061> Tj"));

        QVERIFY(PdfTextLayer::contentStream(OcrPageText(), 595, 842, "/F").isEmpty());
        text = sampleText();
        text.width = 0;
        QVERIFY(PdfTextLayer::contentStream(text, 595, 842, "/F").isEmpty());
    }

    void pdfWithTextLayerIsSearchableAndValid()
    {
        const QString path = writePdf(m_dir, QStringLiteral("text.pdf"), {sampleText(), sampleText()});
        QVERIFY(!path.isEmpty());

        const ToolRun check = runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), path});
        QVERIFY2(check.exitCode == 0 && check.err.isEmpty(), qPrintable(check.out + check.err));

        const ToolRun text = runTool(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
        QCOMPARE(text.exitCode, 0);
        const QString words = text.out.simplified();
        for (const QString &expected :
             {QStringLiteral("Заявление за удостоверение"), QStringLiteral("certificate (residence) №42")})
            QVERIFY2(words.count(expected) == 2, qPrintable(text.out));

        // One font for the whole document, embedded, with a ToUnicode map.
        const ToolRun fonts = runTool(QStringLiteral("pdffonts"), {path});
        QCOMPARE(fonts.exitCode, 0);
        const QStringList rows = fonts.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(2);
        QCOMPARE(rows.size(), 1);
        const QStringList columns = rows.first().simplified().split(QLatin1Char(' '));
        QCOMPARE(
            columns.mid(0, 6),
            QStringList({QStringLiteral("DmsGlyphless"), QStringLiteral("CID"), QStringLiteral("TrueType"),
                         QStringLiteral("Identity-H"), QStringLiteral("yes"), QStringLiteral("no")}));
        QCOMPARE(columns.at(6), QStringLiteral("yes")); // uni
    }

    void wordsLandOnTheirBoxes()
    {
        const QString path = writePdf(m_dir, QStringLiteral("boxes.pdf"), {sampleText()});
        const ToolRun boxes
            = runTool(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), path, QStringLiteral("-")});
        QCOMPARE(boxes.exitCode, 0);
        const QRegularExpression row(QStringLiteral("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                                    "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>"));
        int found = 0;
        for (const OcrWord &expected : sampleText().words) {
            auto match = row.globalMatch(boxes.out);
            while (match.hasNext()) {
                const auto m = match.next();
                if (m.captured(5).replace(QStringLiteral("&lt;"), QStringLiteral("<")) != expected.text)
                    continue;
                ++found;
                const double scale = 72.0 / Dpi;
                QVERIFY(qAbs(m.captured(1).toDouble() - expected.box.left() * scale) < 1.0);
                QVERIFY(qAbs(m.captured(3).toDouble() - (expected.box.right() + 1) * scale) < 1.0);
                // The font's ascent is a full em: the glyphs reach from the baseline
                // to the top of the word's box.
                QVERIFY(qAbs(m.captured(2).toDouble() - expected.box.top() * scale) < 1.0);
            }
        }
        QCOMPARE(found, sampleText().words.size());
    }

    void textLayerDrawsNothing()
    {
        const QString withText = writePdf(m_dir, QStringLiteral("drawn.pdf"), {sampleText()});
        const QString withoutText = writePdf(m_dir, QStringLiteral("plain.pdf"), {OcrPageText()});
        QVERIFY(!withText.isEmpty() && !withoutText.isEmpty());
        for (const QString &path : {withText, withoutText}) {
            const ToolRun render = runTool(
                QStringLiteral("pdftoppm"),
                {QStringLiteral("-r"), QStringLiteral("40"), QStringLiteral("-gray"), path, path.chopped(4)});
            QCOMPARE(render.exitCode, 0);
        }
        const QImage drawn(withText.chopped(4) + QStringLiteral("-1.pgm"));
        const QImage plain(withoutText.chopped(4) + QStringLiteral("-1.pgm"));
        QVERIFY(!drawn.isNull());
        QCOMPARE(drawn, plain);
    }

    void pageWithoutWordsHasNoFont()
    {
        OcrPageText empty = sampleText();
        empty.words.clear();
        const QString path = writePdf(m_dir, QStringLiteral("nofont.pdf"), {empty, OcrPageText()});
        QVERIFY(!path.isEmpty());
        const ToolRun fonts = runTool(QStringLiteral("pdffonts"), {path});
        QCOMPARE(fonts.exitCode, 0);
        QCOMPARE(fonts.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 2); // header only
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("/Font"));
    }

    void textOnSomePagesOnly()
    {
        const QString path
            = writePdf(m_dir, QStringLiteral("mixed.pdf"), {OcrPageText(), sampleText(), OcrPageText()});
        const ToolRun check = runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), path});
        QVERIFY2(check.exitCode == 0, qPrintable(check.out + check.err));
        for (int page = 1; page <= 3; ++page) {
            const ToolRun text = runTool(QStringLiteral("pdftotext"),
                                         {QStringLiteral("-f"), QString::number(page), QStringLiteral("-l"),
                                          QString::number(page), path, QStringLiteral("-")});
            QCOMPARE(text.out.contains(QStringLiteral("Заявление")), page == 2);
        }
    }
};

QTEST_GUILESS_MAIN(tst_PdfTextLayer)
#include "tst_PdfTextLayer.moc"
