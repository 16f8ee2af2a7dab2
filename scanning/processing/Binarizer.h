// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>

namespace dms {

/** Turns a page into black and white for CCITT G4: one global threshold chosen
 *  by Otsu's method on the gray histogram (separates paper from ink on office
 *  scans), with 1 bits black as SANE lineart. Thread-safe (pure). */
class Binarizer
{
public:
    /** The threshold 1..255: gray values below it become black. */
    static int otsuThreshold(const QImage &gray8);
    /** `image` as Format_Mono (colour table white, black); a Mono image is
     *  returned as is, a null image stays null. */
    static QImage binarize(const QImage &image);
};

} // namespace dms
