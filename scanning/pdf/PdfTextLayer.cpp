// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/pdf/PdfTextLayer.h"

#include "scanning/pdf/GlyphlessFont.h"

#include <algorithm>

namespace dms {

namespace {

const QByteArray FontName = "/DmsGlyphless";

QByteArray number(double value)
{
    QByteArray text = QByteArray::number(value, 'f', 3);
    while (text.endsWith('0'))
        text.chop(1);
    if (text.endsWith('.'))
        text.chop(1);
    return text == "-0" ? QByteArray("0") : text;
}

QByteArray ref(int object)
{
    return QByteArray::number(object) + " 0 R";
}

QByteArray deflate(const QByteArray &data)
{
    return qCompress(data, 9).mid(4); // qCompress prefixes the length; the rest is zlib
}

/** The word's UTF-16 code units as CIDs, two bytes each. */
QByteArray cids(const QString &text)
{
    QByteArray bytes;
    bytes.reserve(text.size() * 2);
    for (qsizetype i = 0; i < text.size(); ++i) {
        char16_t unit = text.at(i).unicode();
        if (QChar::isSurrogate(unit)) {
            unit = 0xFFFD;
            if (QChar::isHighSurrogate(text.at(i).unicode()) && i + 1 < text.size()
                && text.at(i + 1).isLowSurrogate())
                ++i;
        }
        bytes.append(char(unit >> 8));
        bytes.append(char(unit & 0xFF));
    }
    return bytes;
}

QByteArray toUnicodeCMap()
{
    // Identity: CID n is the UTF-16 code unit n. A bfrange may not cross a change
    // of the first byte, hence one range per 256 codes (surrogates excluded), in
    // blocks of at most 100 entries as the CMap syntax requires.
    QList<QByteArray> ranges;
    for (int high = 0; high < 256; ++high) {
        if (high >= 0xD8 && high <= 0xDF)
            continue;
        const QByteArray first = QByteArray::number(high << 8, 16).rightJustified(4, '0').toUpper();
        const QByteArray last = QByteArray::number((high << 8) | 0xFF, 16).rightJustified(4, '0').toUpper();
        ranges.append('<' + first + "> <" + last + "> <" + first + '>');
    }
    QByteArray body;
    for (qsizetype i = 0; i < ranges.size(); i += 100) {
        const qsizetype n = std::min<qsizetype>(100, ranges.size() - i);
        body += QByteArray::number(n) + " beginbfrange\n";
        for (qsizetype j = i; j < i + n; ++j)
            body += ranges.at(j) + '\n';
        body += "endbfrange\n";
    }
    return "/CIDInit /ProcSet findresource begin\n"
           "12 dict begin\n"
           "begincmap\n"
           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
           "/CMapName /Adobe-Identity-UCS def\n"
           "/CMapType 2 def\n"
           "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + body
        + "endcmap\n"
          "CMapName currentdict /CMap defineresource pop\n"
          "end\nend\n";
}

QByteArray cidToGidMap()
{
    QByteArray map;
    map.reserve(0x10000 * 2);
    for (int cid = 0; cid < 0x10000; ++cid) {
        map.append(char(GlyphlessFont::Glyph >> 8));
        map.append(char(GlyphlessFont::Glyph & 0xFF));
    }
    return map;
}

} // namespace

QList<PdfTextLayer::Object> PdfTextLayer::fontObjects(const std::array<int, FontObjectCount> &numbers)
{
    const auto &[font, cidFont, descriptor, fontFile, toUnicode, gidMap] = numbers;
    Q_UNUSED(font); // the others refer to each other; pages refer to numbers[0]
    const QByteArray program = GlyphlessFont::trueType();
    const QByteArray advance = QByteArray::number(GlyphlessFont::Advance);
    QList<Object> objects;
    objects.append({"<< /Type /Font /Subtype /Type0 /BaseFont " + FontName
                        + " /Encoding /Identity-H /DescendantFonts [" + ref(cidFont) + "] /ToUnicode "
                        + ref(toUnicode) + " >>",
                    {},
                    false});
    objects.append({"<< /Type /Font /Subtype /CIDFontType2 /BaseFont " + FontName
                        + " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                          " /FontDescriptor "
                        + ref(descriptor) + " /DW " + advance + " /CIDToGIDMap " + ref(gidMap) + " >>",
                    {},
                    false});
    // Flags 4: symbolic (the glyphs are not from the standard Latin set).
    objects.append({"<< /Type /FontDescriptor /FontName " + FontName + " /Flags 4 /FontBBox [0 0 " + advance
                        + " 1000] /ItalicAngle 0 /Ascent 1000"
                          " /Descent 0 /CapHeight 1000 /StemV 80 /FontFile2 "
                        + ref(fontFile) + " >>",
                    {},
                    false});
    objects.append({"<< /Length1 " + QByteArray::number(program.size()) + " /Filter /FlateDecode",
                    deflate(program), true});
    objects.append({"<< /Filter /FlateDecode", deflate(toUnicodeCMap()), true});
    objects.append({"<< /Filter /FlateDecode", deflate(cidToGidMap()), true});
    return objects;
}

QByteArray PdfTextLayer::contentStream(const OcrPageText &text, double width, double height,
                                       const QByteArray &fontName)
{
    if (text.words.isEmpty() || text.width <= 0 || text.height <= 0 || width <= 0 || height <= 0)
        return {};
    const double scaleX = width / text.width;
    const double scaleY = height / text.height;
    const double em = double(GlyphlessFont::Advance) / GlyphlessFont::UnitsPerEm;
    QByteArray content = "BT\n3 Tr\n";
    for (const OcrWord &word : text.words) {
        const QByteArray codes = cids(word.text.trimmed());
        if (codes.isEmpty() || word.box.width() <= 0 || word.box.height() <= 0)
            continue;
        const double size = std::max(1.0, word.box.height() * scaleY);
        const double boxWidth = word.box.width() * scaleX;
        const double naturalWidth = double(codes.size() / 2) * em * size;
        const int baselinePixel = word.baseline >= 0 ? word.baseline : word.box.bottom() + 1;
        const double x = word.box.left() * scaleX;
        const double y = height - baselinePixel * scaleY;
        content += fontName + ' ' + number(size) + " Tf " + number(100.0 * boxWidth / naturalWidth)
            + " Tz 1 0 0 1 " + number(x) + ' ' + number(y) + " Tm <" + codes.toHex().toUpper() + "> Tj\n";
    }
    content += "ET\n";
    return content;
}

} // namespace dms
