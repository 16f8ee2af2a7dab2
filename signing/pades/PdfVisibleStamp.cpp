// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/PdfVisibleStamp.h"

#include "core/Tr.h"
#include "signing/pades/PdfSyntax.h"

#include <QMap>

#include <algorithm>

namespace dms {

namespace {

QByteArray ref(int number)
{
    return QByteArray::number(number) + " 0 R";
}

QByteArray stream(const QByteArray &dictionaryEntries, const QByteArray &data)
{
    return "<< " + dictionaryEntries + " /Length " + QByteArray::number(data.size()) + " >>\nstream\n" + data
        + "\nendstream";
}

QByteArray hex16(int value)
{
    return QByteArray::number(value, 16).rightJustified(4, '0').toUpper();
}

} // namespace

PdfVisibleStamp::PdfVisibleStamp(QSizeF size, QStringList lines, QString fontPath)
    : m_size(size)
    , m_lines(std::move(lines))
    , m_fontPath(std::move(fontPath))
{ }

Status PdfVisibleStamp::load()
{
    auto font = TrueTypeFont::load(m_fontPath);
    if (!font)
        return font.error();
    for (const QString &line : m_lines) {
        for (QChar c : line) {
            if (font->glyph(c.unicode()) == 0 && !c.isSpace())
                return makeError(ErrorCode::InvalidInput,
                                 Tr::tr("The font for the visible signature has no glyph for \"%1\".").arg(c),
                                 m_fontPath);
        }
    }
    m_font = *font;
    return {};
}

QList<QByteArray> PdfVisibleStamp::objects(const QList<int> &numbers) const
{
    Q_ASSERT(numbers.size() == objectCount);
    const double width = m_size.width();
    const double height = m_size.height();
    constexpr double padding = 4;

    // The largest font size (at most 11 pt) at which every line fits.
    int widest = 1;
    QMap<int, char16_t> used;
    for (const QString &line : m_lines) {
        int lineWidth = 0;
        for (QChar c : line) {
            const int glyph = m_font.glyph(c.unicode());
            lineWidth += m_font.advance(glyph);
            used.insert(glyph, c.unicode());
        }
        widest = qMax(widest, lineWidth);
    }
    const int lineCount = qMax<int>(1, int(m_lines.size()));
    const double fontSize = qMax(1.0,
                                 std::min({11.0, (height - 2 * padding) / (1.25 * lineCount),
                                           (width - 2 * padding) * 1000.0 / widest}));
    const double leading = fontSize * 1.25;

    QByteArray content = "q 0.93 0.95 1 rg 0 0 " + pdf::number(width) + ' ' + pdf::number(height)
        + " re f 0.1 0.2 0.6 RG 1 w 0.5 0.5 " + pdf::number(width - 1) + ' ' + pdf::number(height - 1)
        + " re S Q\nBT 0.1 0.1 0.3 rg /F1 " + pdf::number(fontSize) + " Tf " + pdf::number(leading) + " TL "
        + pdf::number(padding) + ' ' + pdf::number(height - padding - fontSize * m_font.ascent() / 1000.0)
        + " Td\n";
    for (const QString &line : m_lines) {
        QByteArray glyphs;
        for (QChar c : line)
            glyphs.append(hex16(m_font.glyph(c.unicode())));
        content.append('<' + glyphs + "> Tj T*\n");
    }
    content.append("ET");

    QByteArray widths;
    for (auto it = used.cbegin(); it != used.cend(); ++it)
        widths.append(QByteArray::number(it.key()) + " [" + QByteArray::number(m_font.advance(it.key()))
                      + "] ");

    QByteArray toUnicode
        = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << "
          "/Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS "
          "def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n";
    // At most 100 entries per bfchar block (PDF CMap limit).
    QList<QByteArray> pairs;
    for (auto it = used.cbegin(); it != used.cend(); ++it)
        pairs.append('<' + hex16(it.key()) + "> <" + hex16(it.value()) + '>');
    for (qsizetype i = 0; i < pairs.size(); i += 100) {
        const auto block = pairs.mid(i, 100);
        toUnicode.append(QByteArray::number(block.size()) + " beginbfchar\n" + block.join('\n')
                         + "\nendbfchar\n");
    }
    toUnicode.append("endcmap CMapName currentdict /CMap defineresource pop end end");

    const QList<int> box = m_font.boundingBox();
    QByteArray compressed = qCompress(m_font.data(), 9);
    compressed.remove(0, 4); // qCompress's length prefix; the rest is a zlib stream
    const QByteArray name = '/' + m_font.name();
    return {
        stream("/Type /XObject /Subtype /Form /BBox [0 0 " + pdf::number(width) + ' ' + pdf::number(height)
                   + "] /Resources << /Font << /F1 " + ref(numbers.at(1)) + " >> >>",
               content),
        "<< /Type /Font /Subtype /Type0 /BaseFont " + name + " /Encoding /Identity-H /DescendantFonts ["
            + ref(numbers.at(2)) + "] /ToUnicode " + ref(numbers.at(5)) + " >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont " + name
            + " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "
            + ref(numbers.at(3)) + " /CIDToGIDMap /Identity /DW 1000 /W [" + widths.trimmed() + "] >>",
        "<< /Type /FontDescriptor /FontName " + name + " /Flags 32 /FontBBox ["
            + QByteArray::number(box.at(0)) + ' ' + QByteArray::number(box.at(1)) + ' '
            + QByteArray::number(box.at(2)) + ' ' + QByteArray::number(box.at(3))
            + "] /ItalicAngle 0 /Ascent " + QByteArray::number(m_font.ascent()) + " /Descent "
            + QByteArray::number(m_font.descent()) + " /CapHeight " + QByteArray::number(m_font.ascent())
            + " /StemV 80 /FontFile2 " + ref(numbers.at(4)) + " >>",
        stream("/Filter /FlateDecode /Length1 " + QByteArray::number(m_font.data().size()), compressed),
        stream(QByteArray(), toUnicode),
    };
}

} // namespace dms
