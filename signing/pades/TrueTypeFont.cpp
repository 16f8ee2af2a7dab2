// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/TrueTypeFont.h"

#include "core/Tr.h"

#include <QFile>
#include <QFileInfo>

namespace dms {

namespace {

quint16 u16(const QByteArray &data, qint64 at)
{
    if (at < 0 || at + 2 > data.size())
        return 0;
    return static_cast<quint16>((static_cast<quint8>(data.at(at)) << 8)
                                | static_cast<quint8>(data.at(at + 1)));
}

qint16 s16(const QByteArray &data, qint64 at)
{
    return static_cast<qint16>(u16(data, at));
}

quint32 u32(const QByteArray &data, qint64 at)
{
    return (quint32(u16(data, at)) << 16) | u16(data, at + 2);
}

Error badFont(const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The font for the visible signature cannot be used."),
                     detail);
}

} // namespace

Result<TrueTypeFont> TrueTypeFont::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return badFont(path + QStringLiteral(": ") + file.errorString());
    TrueTypeFont font;
    font.m_data = file.readAll();
    const QByteArray &d = font.m_data;
    if (u32(d, 0) != 0x00010000u && u32(d, 0) != 0x74727565u) // TrueType outlines only
        return badFont(path + QStringLiteral(": not a TrueType font"));

    QHash<QByteArray, QPair<qint64, qint64>> tables;
    const int count = u16(d, 4);
    for (int i = 0; i < count; ++i) {
        const qint64 entry = 12 + 16 * i;
        const qint64 offset = u32(d, entry + 8);
        const qint64 length = u32(d, entry + 12);
        if (offset + length > d.size())
            return badFont(path + QStringLiteral(": table beyond the end"));
        tables.insert(d.mid(entry, 4), {offset, length});
    }
    for (const char *required : {"head", "hhea", "hmtx", "cmap"}) {
        if (!tables.contains(QByteArray(required)))
            return badFont(path + QStringLiteral(": no %1 table").arg(QLatin1String(required)));
    }
    const qint64 head = tables.value("head").first;
    font.m_unitsPerEm = u16(d, head + 18);
    for (int i = 0; i < 4; ++i)
        font.m_box[i] = s16(d, head + 36 + 2 * i);
    const qint64 hhea = tables.value("hhea").first;
    font.m_ascent = s16(d, hhea + 4);
    font.m_descent = s16(d, hhea + 6);
    const int metrics = u16(d, hhea + 34);
    const qint64 hmtx = tables.value("hmtx").first;
    for (int i = 0; i < metrics; ++i)
        font.m_advances.append(u16(d, hmtx + 4 * i));
    if (font.m_unitsPerEm == 0 || font.m_advances.isEmpty())
        return badFont(path + QStringLiteral(": bad metrics"));

    // cmap: the Windows Unicode BMP subtable in format 4.
    const qint64 cmap = tables.value("cmap").first;
    qint64 subtable = -1;
    for (int i = 0; i < u16(d, cmap + 2); ++i) {
        const qint64 record = cmap + 4 + 8 * i;
        if (u16(d, record) == 3 && u16(d, record + 2) == 1 && u16(d, cmap + u32(d, record + 4)) == 4)
            subtable = cmap + u32(d, record + 4);
    }
    if (subtable < 0)
        return badFont(path + QStringLiteral(": no Unicode cmap"));
    const int segments = u16(d, subtable + 6) / 2;
    const qint64 ends = subtable + 14;
    const qint64 starts = ends + 2 * segments + 2;
    const qint64 deltas = starts + 2 * segments;
    const qint64 rangeOffsets = deltas + 2 * segments;
    for (int s = 0; s < segments; ++s) {
        const int end = u16(d, ends + 2 * s);
        const int start = u16(d, starts + 2 * s);
        const int delta = s16(d, deltas + 2 * s);
        const int rangeOffset = u16(d, rangeOffsets + 2 * s);
        for (int c = start; c <= end && c != 0xffff; ++c) {
            int glyph = 0;
            if (rangeOffset == 0) {
                glyph = (c + delta) & 0xffff;
            } else {
                const qint64 at = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
                glyph = u16(d, at);
                if (glyph != 0)
                    glyph = (glyph + delta) & 0xffff;
            }
            if (glyph != 0)
                font.m_glyphs.insert(static_cast<char16_t>(c), glyph);
        }
    }
    font.m_name = QFileInfo(path).completeBaseName().toLatin1();
    font.m_name.replace(' ', '-');
    return font;
}

int TrueTypeFont::advance(int glyph) const
{
    if (m_advances.isEmpty())
        return 0;
    return scaled(m_advances.value(qMin<qsizetype>(glyph, m_advances.size() - 1)));
}

QList<int> TrueTypeFont::boundingBox() const
{
    return {scaled(m_box[0]), scaled(m_box[1]), scaled(m_box[2]), scaled(m_box[3])};
}

} // namespace dms
