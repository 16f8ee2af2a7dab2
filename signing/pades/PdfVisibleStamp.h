// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/pades/TrueTypeFont.h"

#include <QByteArray>
#include <QList>
#include <QSizeF>
#include <QStringList>

namespace dms {

/** The appearance of a visible signature: a framed box with text lines in any
 *  script (Cyrillic included), as PDF objects for the incremental update. The
 *  text uses an embedded TrueType font (Type0/Identity-H with CIDToGIDMap
 *  /Identity, widths and a ToUnicode CMap so the text stays searchable and
 *  copyable). The whole font file is embedded, Flate-compressed (DejaVu Sans:
 *  about 350 KB); no subsetting. Plain value type. */
class PdfVisibleStamp
{
public:
    /** The objects: appearance XObject, Type0 font, CIDFont, descriptor, font file, ToUnicode. */
    static constexpr int objectCount = 6;

    /** @p size in points; @p fontPath a TrueType font with the glyphs of @p lines. */
    PdfVisibleStamp(QSizeF size, QStringList lines, QString fontPath);

    /** Reads the font; InvalidInput when it cannot be used or lacks a glyph of the text. */
    [[nodiscard]] Status load();

    /** The bodies of the objectCount objects; @p numbers are their object numbers
     *  (the first is the appearance stream, for the widget's /AP /N). */
    QList<QByteArray> objects(const QList<int> &numbers) const;

private:
    QSizeF m_size;
    QStringList m_lines;
    QString m_fontPath;
    TrueTypeFont m_font;
};

} // namespace dms
