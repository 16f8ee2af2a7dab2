// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "print/RegistrationSlip.h"

#include <QCoreApplication>
#include <QRectF>
#include <QSizeF>

class QPainter;
class QPrinter;

namespace dms {

/** The self-adhesive registration stamp put on the paper document: the index and
 *  date as text, a QR code of the exact index (UTF-8) and a Code 128 of the index
 *  transliterated to Latin letters (Barcode::transliterated()) for linear
 *  scanners. GUI thread. */
class StampLabelPrinter
{
    Q_DECLARE_TR_FUNCTIONS(StampLabelPrinter)

public:
    /** The label the layout is made for, in millimetres (common 70 × 36 mm labels). */
    static QSizeF labelSizeMm() { return {70.0, 36.0}; }

    /** Draws the label into @p label (device coordinates of @p painter). InvalidInput
     *  when the index cannot be encoded (nothing is drawn then). */
    [[nodiscard]] static Status paint(QPainter &painter, const QRectF &label, const RegistrationSlip &slip);

    /** Sets @p printer to the label size without margins and prints one label.
     *  InvalidInput without an index; DeviceIo when the printer cannot be started. */
    [[nodiscard]] static Status print(QPrinter &printer, const RegistrationSlip &slip);
};

} // namespace dms
