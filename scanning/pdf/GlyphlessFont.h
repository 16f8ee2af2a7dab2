// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace dms {

/** A TrueType font program of two empty glyphs (.notdef and glyph 1), both
 *  500/1000 em wide: what the invisible OCR text layer shows, so that the font
 *  can be embedded as PDF/A requires while drawing nothing. Built here from the
 *  OpenType specification (tables cmap, glyf, head, hhea, hmtx, loca, maxp,
 *  name, post), the same idea as tesseract's GlyphLessFont. */
class GlyphlessFont
{
public:
    /** The glyph every character is drawn with. */
    static constexpr int Glyph = 1;
    /** Advance width of every glyph, in 1/1000 em. */
    static constexpr int Advance = 500;
    static constexpr int UnitsPerEm = 1000;

    /** The font program; the same bytes on every call. */
    static QByteArray trueType();
};

} // namespace dms
