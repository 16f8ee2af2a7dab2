// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/pdf/GlyphlessFont.h"

#include <QList>

#include <algorithm>

namespace dms {

namespace {

/** Big-endian table writer. */
struct Bytes
{
    QByteArray data;

    Bytes &u16(int value)
    {
        data.append(char((value >> 8) & 0xFF));
        data.append(char(value & 0xFF));
        return *this;
    }
    Bytes &u32(quint32 value)
    {
        u16(int(value >> 16));
        return u16(int(value & 0xFFFF));
    }
    Bytes &zeros(int count)
    {
        data.append(count, '\0');
        return *this;
    }
};

quint32 checksum(const QByteArray &table)
{
    QByteArray padded = table;
    padded.append((4 - padded.size() % 4) % 4, '\0');
    quint32 sum = 0;
    for (qsizetype i = 0; i < padded.size(); i += 4)
        sum += (quint32(quint8(padded[i])) << 24) | (quint32(quint8(padded[i + 1])) << 16)
            | (quint32(quint8(padded[i + 2])) << 8) | quint32(quint8(padded[i + 3]));
    return sum;
}

constexpr int GlyphCount = 2;

QByteArray cmapTable()
{
    // One (3,1) format 4 subtable holding only the required final segment: no
    // character maps to a glyph; PDF reaches glyph 1 through CIDToGIDMap.
    Bytes b;
    b.u16(0).u16(1).u16(3).u16(1).u32(12);
    b.u16(4).u16(24).u16(0).u16(2).u16(2).u16(0).u16(0); // format, length, language, segCountX2, search
    b.u16(0xFFFF).u16(0).u16(0xFFFF).u16(1).u16(0); // endCode, pad, startCode, idDelta, idRangeOffset
    return b.data;
}

QByteArray headTable()
{
    Bytes b;
    b.u32(0x00010000).u32(0x00010000).u32(0); // version, fontRevision, checkSumAdjustment (patched)
    b.u32(0x5F0F3CF5).u16(0x000B).u16(GlyphlessFont::UnitsPerEm);
    b.zeros(16); // created, modified
    b.u16(0).u16(0).u16(GlyphlessFont::Advance).u16(GlyphlessFont::UnitsPerEm); // bounding box
    b.u16(0).u16(3).u16(2).u16(0).u16(0); // macStyle, lowestRecPPEM, direction, short loca, glyf 0
    return b.data;
}

QByteArray hheaTable()
{
    Bytes b;
    b.u32(0x00010000).u16(GlyphlessFont::UnitsPerEm).u16(0).u16(0); // ascender, descender, lineGap
    b.u16(GlyphlessFont::Advance).u16(0).u16(0).u16(0); // advanceWidthMax, lsb, rsb, extent
    b.u16(1).u16(0).u16(0).zeros(8).u16(0).u16(GlyphCount); // caret, reserved, format, metrics
    return b.data;
}

QByteArray hmtxTable()
{
    Bytes b;
    for (int glyph = 0; glyph < GlyphCount; ++glyph)
        b.u16(GlyphlessFont::Advance).u16(0);
    return b.data;
}

QByteArray locaTable()
{
    Bytes b; // every glyph empty: all offsets 0
    return b.zeros(2 * (GlyphCount + 1)).data;
}

QByteArray maxpTable()
{
    Bytes b;
    b.u32(0x00010000).u16(GlyphCount).zeros(8).u16(2).zeros(16); // no outlines, 2 zones, no hinting
    return b.data;
}

QByteArray nameTable()
{
    const QList<std::pair<int, QString>> names {{1, QStringLiteral("DmsGlyphless")},
                                                {2, QStringLiteral("Regular")},
                                                {4, QStringLiteral("DmsGlyphless")},
                                                {6, QStringLiteral("DmsGlyphless")}};
    Bytes header;
    Bytes strings;
    header.u16(0).u16(int(names.size())).u16(6 + 12 * int(names.size()));
    for (const auto &[id, text] : names) {
        const int offset = int(strings.data.size());
        for (const QChar c : text)
            strings.u16(c.unicode());
        header.u16(3).u16(1).u16(0x409).u16(id).u16(int(strings.data.size()) - offset).u16(offset);
    }
    return header.data + strings.data;
}

QByteArray postTable()
{
    Bytes b; // version 3: no glyph names
    b.u32(0x00030000).u32(0).u16(0xFF9C).u16(50).u32(1).zeros(16);
    return b.data;
}

} // namespace

QByteArray GlyphlessFont::trueType()
{
    // Tags in ascending order, as the table directory requires.
    const QList<std::pair<QByteArray, QByteArray>> tables {
        {"cmap", cmapTable()}, {"glyf", QByteArray(4, '\0')}, {"head", headTable()},
        {"hhea", hheaTable()}, {"hmtx", hmtxTable()},         {"loca", locaTable()},
        {"maxp", maxpTable()}, {"name", nameTable()},         {"post", postTable()},
    };
    const int count = int(tables.size());
    int power = 1;
    int log2 = 0;
    while (power * 2 <= count) {
        power *= 2;
        ++log2;
    }
    Bytes font;
    font.u32(0x00010000).u16(count).u16(power * 16).u16(log2).u16(count * 16 - power * 16);
    quint32 offset = quint32(12 + 16 * count);
    QByteArray body;
    qsizetype headOffset = 0;
    for (const auto &[tag, table] : tables) {
        if (tag == "head")
            headOffset = offset;
        font.data.append(tag);
        font.u32(checksum(table)).u32(offset).u32(quint32(table.size()));
        QByteArray padded = table;
        padded.append((4 - padded.size() % 4) % 4, '\0');
        body += padded;
        offset += quint32(padded.size());
    }
    QByteArray result = font.data + body;
    const quint32 adjustment = 0xB1B0AFBAU - checksum(result);
    for (int i = 0; i < 4; ++i)
        result[headOffset + 8 + i] = char((adjustment >> (24 - 8 * i)) & 0xFF);
    return result;
}

} // namespace dms
