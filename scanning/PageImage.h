// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/ScanSettings.h"

#include <QImage>

namespace dms {

/** One scanned page as read from the device: the raw image (Format_Mono,
 *  Format_Grayscale8/16 or Format_RGB888), its resolution in dpi, the colour mode
 *  it was scanned in and its 0-based index in the batch. */
struct PageImage
{
    QImage image;
    int resolution = 0;
    ColorMode mode = ColorMode::Gray;
    int index = 0;
};

} // namespace dms
