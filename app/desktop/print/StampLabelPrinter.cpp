// SPDX-License-Identifier: GPL-3.0-or-later
#include "print/StampLabelPrinter.h"

#include "print/Barcode.h"

#include <QFont>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPrinter>

namespace dms {

Status StampLabelPrinter::paint(QPainter &painter, const QRectF &label, const RegistrationSlip &slip)
{
    const auto linear
        = Barcode::encode(Barcode::Symbology::Code128, Barcode::transliterated(slip.registrationIndex));
    if (!linear.ok())
        return linear.error();
    const auto qr = Barcode::encode(Barcode::Symbology::Qr, slip.registrationIndex);
    if (!qr.ok())
        return qr.error();

    // Top half: Code 128 over the whole width; bottom half: QR left, text right.
    const double margin = label.height() * 0.04;
    const QRectF inner = label.adjusted(margin, margin, -margin, -margin);
    const QRectF linearArea(inner.left(), inner.top(), inner.width(), inner.height() * 0.42);
    const double qrSide = inner.height() * 0.56;
    const QRectF qrArea(inner.left(), inner.bottom() - qrSide, qrSide, qrSide);
    const QRectF textArea(qrArea.right() + margin, qrArea.top(), inner.right() - qrArea.right() - margin,
                          qrSide);

    painter.save();
    painter.fillRect(label, Qt::white);
    linear->paint(painter, linearArea);
    qr->paint(painter, qrArea);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(std::max(1, int(textArea.height() / 5.5)));
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::black);
    const QString text = slip.registrationIndex + QLatin1Char('\n') + tr("Reg. %1").arg(slip.localDate());
    painter.drawText(textArea, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWrapAnywhere, text);
    painter.restore();
    return {};
}

Status StampLabelPrinter::print(QPrinter &printer, const RegistrationSlip &slip)
{
    if (slip.registrationIndex.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("There is no registration to print a label for."));
    printer.setPageLayout(
        QPageLayout(QPageSize(labelSizeMm(), QPageSize::Millimeter, tr("Registration label")),
                    QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    printer.setFullPage(true);
    printer.setDocName(tr("Label %1").arg(slip.registrationIndex));
    QPainter painter;
    if (!painter.begin(&printer))
        return makeError(ErrorCode::DeviceIo, tr("The printer could not be started."), printer.printerName());
    const QRectF page = printer.pageLayout().fullRectPixels(printer.resolution());
    const Status painted = paint(painter, QRectF(QPointF(0, 0), page.size()), slip);
    if (!painter.end() && painted.ok())
        return makeError(ErrorCode::DeviceIo, tr("The label could not be printed."), printer.printerName());
    return painted;
}

} // namespace dms
