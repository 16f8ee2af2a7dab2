// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "print/RegistrationSlip.h"

#include <QCoreApplication>
#include <QRectF>

class QPainter;
class QPrinter;

namespace dms {

/** The receipt a citizen takes home: office, registration index (also as a QR
 *  code), date and time, subject and number of pages, on one page of whatever
 *  paper the printer has. GUI thread (QPainter on a QPrinter). */
class ReceiptPrinter
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptPrinter)

public:
    /** Draws the receipt into @p page (device coordinates of @p painter). */
    static void paint(QPainter &painter, const QRectF &page, const RegistrationSlip &slip);

    /** Prints one page on @p printer as it is set up (a PDF file in tests).
     *  InvalidInput without an index; DeviceIo when the printer cannot be started. */
    [[nodiscard]] static Status print(QPrinter &printer, const RegistrationSlip &slip);
};

} // namespace dms
