// SPDX-License-Identifier: GPL-3.0-or-later
#include "print/Barcode.h"

#include "core/Tr.h"

#include <QHash>
#include <QPainter>

#include <memory>
#include <zint.h>

namespace dms {

namespace {

struct SymbolDeleter
{
    void operator()(zint_symbol *symbol) const { ZBarcode_Delete(symbol); }
};

} // namespace

Result<Barcode> Barcode::encode(Symbology symbology, const QString &text)
{
    if (text.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("There is no text to put in the barcode."));
    if (symbology == Symbology::Code128) {
        for (const QChar c : text) {
            if (c.unicode() < 0x20 || c.unicode() > 0x7e)
                return makeError(ErrorCode::InvalidInput,
                                 Tr::tr("Code 128 carries Latin letters and digits only."), text);
        }
    }
    const std::unique_ptr<zint_symbol, SymbolDeleter> symbol(ZBarcode_Create());
    if (!symbol)
        return makeError(ErrorCode::Internal, Tr::tr("The barcode could not be made."),
                         QStringLiteral("ZBarcode_Create"));
    symbol->symbology = symbology == Symbology::Code128 ? BARCODE_CODE128 : BARCODE_QRCODE;
    symbol->input_mode = UNICODE_MODE;
    symbol->show_hrt = 0;
    symbol->output_options = BARCODE_QUIET_ZONES;
    if (symbology == Symbology::Qr) {
        symbol->option_1 = 2; // level M
        symbol->eci = 26; // UTF-8, so readers do not guess a code page for Cyrillic
    } else {
        symbol->height = 40;
    }
    const QByteArray utf8 = text.toUtf8();
    const int status = ZBarcode_Encode_and_Buffer_Vector(
        symbol.get(), reinterpret_cast<const unsigned char *>(utf8.constData()), int(utf8.size()), 0);
    if (status >= ZINT_ERROR)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The text does not fit in a barcode."),
                         QString::fromLatin1(symbol->errtxt));
    Barcode barcode;
    barcode.m_symbology = symbology;
    barcode.m_text = text;
    barcode.m_size = QSizeF(symbol->vector->width, symbol->vector->height);
    for (const zint_vector_rect *rect = symbol->vector->rectangles; rect; rect = rect->next) {
        if (rect->colour <= 0 || rect->colour == 7) // foreground or black
            barcode.m_bars.append(QRectF(rect->x, rect->y, rect->width, rect->height));
    }
    return barcode;
}

QString Barcode::transliterated(const QString &text)
{
    // Закон за транслитерацията, чл. 4 (lower case; upper case capitalises the first letter).
    static const QHash<QChar, QString> table = [] {
        const char16_t cyrillic[] = u"абвгдежзийклмнопрстуфхцчшщъьюя";
        const char *const latin[]
            = {"a", "b", "v", "g", "d", "e", "zh", "z",  "i",  "y",  "k",   "l", "m", "n",  "o",
               "p", "r", "s", "t", "u", "f", "h",  "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"};
        QHash<QChar, QString> map;
        for (int i = 0; i < 30; ++i)
            map.insert(QChar(cyrillic[i]), QString::fromLatin1(latin[i]));
        return map;
    }();
    QString result;
    result.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.unicode() >= 0x20 && c.unicode() <= 0x7e) {
            result.append(c);
            continue;
        }
        const auto found = table.constFind(c.toLower());
        if (found == table.constEnd()) {
            result.append(QLatin1Char('?'));
            continue;
        }
        QString latin = *found;
        if (c.isUpper()) {
            // Inside an upper-case word every letter is upper case ("ЖК" → "ZHK").
            const bool nextUpper = i + 1 < text.size() && text.at(i + 1).isUpper();
            const bool previousUpper = i > 0 && text.at(i - 1).isUpper();
            latin = nextUpper || previousUpper ? latin.toUpper() : latin.left(1).toUpper() + latin.mid(1);
        }
        result.append(latin);
    }
    return result;
}

void Barcode::paint(QPainter &painter, const QRectF &target) const
{
    if (m_size.isEmpty() || target.isEmpty())
        return;
    double sx = target.width() / m_size.width();
    double sy = target.height() / m_size.height();
    if (m_symbology == Symbology::Qr)
        sx = sy = std::min(sx, sy);
    else
        sx = std::min(sx, target.width() / m_size.width());
    const QPointF origin(target.center().x() - m_size.width() * sx / 2,
                         target.center().y() - m_size.height() * sy / 2);
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.fillRect(QRectF(origin, QSizeF(m_size.width() * sx, m_size.height() * sy)), Qt::white);
    painter.setBrush(Qt::black);
    for (const QRectF &bar : m_bars)
        painter.drawRect(QRectF(origin.x() + bar.x() * sx, origin.y() + bar.y() * sy, bar.width() * sx,
                                bar.height() * sy));
    painter.restore();
}

} // namespace dms
