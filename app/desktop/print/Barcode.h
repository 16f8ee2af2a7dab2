// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QRectF>
#include <QSizeF>
#include <QString>

class QPainter;

namespace dms {

/** A barcode drawn by libzint as vector rectangles, so that it prints sharply at
 *  any printer resolution. Plain value type. */
class Barcode
{
public:
    enum class Symbology {
        /** Linear Code 128; ASCII only (see transliterated()). */
        Code128,
        /** QR Code, UTF-8 with ECI 26, error correction level M. */
        Qr,
    };

    /** Encodes @p text. InvalidInput for empty text, for non-ASCII text in Code 128
     *  and for text zint refuses (too long). */
    [[nodiscard]] static Result<Barcode> encode(Symbology symbology, const QString &text);

    /** @p text in Latin letters by the Bulgarian transliteration law (Закон за
     *  транслитерацията, 2009: "СОА20-ВК66" → "SOA20-VK66"), for symbologies
     *  that carry ASCII only. Characters outside Cyrillic and ASCII become '?'. */
    static QString transliterated(const QString &text);

    Symbology symbology() const { return m_symbology; }
    const QString &text() const { return m_text; }
    /** The symbol's size in modules, quiet zones included. */
    QSizeF size() const { return m_size; }
    /** The dark bars/modules, in module units from the top-left corner. */
    const QList<QRectF> &bars() const { return m_bars; }

    /** Paints the symbol black on white, scaled to fit @p target with its aspect
     *  ratio kept (QR) or stretched in height (Code 128), centred. */
    void paint(QPainter &painter, const QRectF &target) const;

private:
    Symbology m_symbology = Symbology::Qr;
    QString m_text;
    QSizeF m_size;
    QList<QRectF> m_bars;
};

} // namespace dms
