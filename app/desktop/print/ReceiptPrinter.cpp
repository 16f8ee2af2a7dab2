// SPDX-License-Identifier: GPL-3.0-or-later
#include "print/ReceiptPrinter.h"

#include "print/Barcode.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPrinter>

namespace dms {

namespace {

/** Draws @p text wrapped in the width of @p area from its top; returns the height used. */
double drawBlock(QPainter &painter, const QRectF &area, const QString &text, const QFont &font,
                 int flags = Qt::AlignLeft)
{
    painter.setFont(font);
    const QRectF bounds = painter.boundingRect(area, flags | Qt::TextWordWrap, text);
    painter.drawText(QRectF(area.topLeft(), QSizeF(area.width(), bounds.height())), flags | Qt::TextWordWrap,
                     text);
    return bounds.height();
}

QFont fontOfHeight(QPainter &painter, double pixels, bool bold = false)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(std::max(1, int(pixels)));
    font.setBold(bold);
    Q_UNUSED(painter);
    return font;
}

} // namespace

void ReceiptPrinter::paint(QPainter &painter, const QRectF &page, const RegistrationSlip &slip)
{
    // Sizes relative to the page width, so A4, A5 and receipt rolls all work.
    const double unit = page.width() / 60.0;
    const QFont title = fontOfHeight(painter, unit * 2.4, true);
    const QFont label = fontOfHeight(painter, unit * 1.4);
    const QFont value = fontOfHeight(painter, unit * 1.8, true);
    QRectF area = page.adjusted(unit * 3, unit * 3, -unit * 3, -unit * 3);
    painter.save();
    painter.setPen(Qt::black);

    auto advance = [&area](double height) {
        area.setTop(area.top() + height);
    };
    if (!slip.office.isEmpty())
        advance(drawBlock(painter, area, slip.office, label, Qt::AlignHCenter) + unit);
    advance(drawBlock(painter, area, tr("Receipt of registration"), title, Qt::AlignHCenter) + unit * 2);

    const QList<std::pair<QString, QString>> rows = {
        {tr("Registration index"), slip.registrationIndex},
        {tr("Date and time"), slip.localDateTime()},
        {tr("Subject"), slip.subject},
        {tr("Number of pages"), QString::number(slip.pageCount)},
    };
    for (const auto &[name, text] : rows) {
        advance(drawBlock(painter, area, name, label));
        advance(drawBlock(painter, area, text.isEmpty() ? QStringLiteral("—") : text, value) + unit);
    }

    const auto qr = Barcode::encode(Barcode::Symbology::Qr, slip.registrationIndex);
    if (qr.ok()) {
        const double side = unit * 14;
        qr->paint(painter, QRectF(area.left(), area.top() + unit, side, side));
        advance(side + unit * 2);
    }
    drawBlock(painter, area, tr("Keep this receipt: the registration index lets you follow your document."),
              label);
    painter.restore();
}

Status ReceiptPrinter::print(QPrinter &printer, const RegistrationSlip &slip)
{
    if (slip.registrationIndex.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("There is no registration to print a receipt for."));
    printer.setDocName(tr("Receipt %1").arg(slip.registrationIndex));
    QPainter painter;
    if (!painter.begin(&printer))
        return makeError(ErrorCode::DeviceIo, tr("The printer could not be started."), printer.printerName());
    // The painter's origin is the printable area's corner.
    const QRect printable = printer.pageLayout().paintRectPixels(printer.resolution());
    paint(painter, QRectF(QPointF(0, 0), QSizeF(printable.size())), slip);
    if (!painter.end())
        return makeError(ErrorCode::DeviceIo, tr("The receipt could not be printed."), printer.printerName());
    return {};
}

} // namespace dms
