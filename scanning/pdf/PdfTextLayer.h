// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/OcrPageText.h"

#include <QByteArray>
#include <QList>

#include <array>

namespace dms {

/** The invisible text layer that makes a scanned page searchable: each OCR
 *  word drawn in text render mode 3 (neither filled nor stroked) at its box,
 *  horizontally scaled to the box's width, so that viewers select and find it
 *  over the image and pdftotext extracts it.
 *
 *  The font is a Type 0 font with the Identity-H encoding over a CIDFontType2
 *  whose embedded TrueType program (GlyphlessFont) has one empty glyph: each
 *  character is written as its UTF-16 code (CID), CIDToGIDMap sends every CID
 *  to glyph 1 and a ToUnicode CMap maps each CID back to itself, so Cyrillic
 *  extracts correctly. PDF/A-2b (ISO 19005-2, 6.2.11.4.1) wants the program of
 *  every font used for rendering embedded; validators differ on whether text in
 *  render mode 3 counts, so the tiny font program is embedded either way.
 *  The program's widths (500/1000) match the dictionary's /DW
 *  (6.2.11.5) and no text uses the .notdef glyph (6.2.11.8): every CID maps to
 *  glyph 1. Characters outside the Basic Multilingual Plane become U+FFFD. */
class PdfTextLayer
{
public:
    /** One indirect object: a dictionary, or a stream when `stream` is set
     *  (the dictionary is then open: the writer appends /Length and ">>"). */
    struct Object
    {
        QByteArray body;
        QByteArray stream;
        bool isStream = false;
    };

    /** Objects the font needs, written once per document. */
    static constexpr int FontObjectCount = 6;

    /** The font's objects for the numbers `numbers`; numbers[0] is the font
     *  dictionary to name in a page's /Font resources. */
    static QList<Object> fontObjects(const std::array<int, FontObjectCount> &numbers);

    /** Content-stream operators drawing `text` invisibly with the font resource
     *  `fontName` (e.g. "/FOcr") over a page `width` × `height` points whose
     *  image the word boxes refer to (text.width × text.height pixels). Empty
     *  when there are no words or the text has no page size. */
    static QByteArray contentStream(const OcrPageText &text, double width, double height,
                                    const QByteArray &fontName);
};

} // namespace dms
