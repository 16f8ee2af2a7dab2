// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace dms {

/** The parts of a TrueType font file that embedding it in a PDF needs: the
 *  Unicode → glyph map (cmap format 4, Windows Unicode BMP), advance widths,
 *  units per em, ascent/descent and bounding box (OpenType spec, tables cmap,
 *  head, hhea, hmtx). Plain value type; the file's bytes are kept for embedding. */
class TrueTypeFont
{
public:
    /** InvalidInput when @p path cannot be read or is no TrueType font with a BMP cmap. */
    [[nodiscard]] static Result<TrueTypeFont> load(const QString &path);

    QByteArray data() const { return m_data; }
    /** The PostScript-safe name used as /BaseFont. */
    QByteArray name() const { return m_name; }
    /** 0 (.notdef) when the font has no glyph for @p c. */
    int glyph(char16_t c) const { return m_glyphs.value(c, 0); }
    /** Advance width in 1/1000 em. */
    int advance(int glyph) const;
    int ascent() const { return scaled(m_ascent); }
    int descent() const { return scaled(m_descent); }
    /** xMin yMin xMax yMax in 1/1000 em. */
    QList<int> boundingBox() const;

private:
    int scaled(int units) const { return m_unitsPerEm ? units * 1000 / m_unitsPerEm : 0; }

    QByteArray m_data;
    QByteArray m_name;
    QHash<char16_t, int> m_glyphs;
    QList<int> m_advances;
    int m_unitsPerEm = 0;
    int m_ascent = 0;
    int m_descent = 0;
    int m_box[4] = {0, 0, 0, 0};
};

} // namespace dms
