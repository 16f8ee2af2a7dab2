// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRectF>
#include <QString>
#include <QVariant>

#include <utility>

namespace dms {

/** Where the paper comes from; devices are matched by capability, not by the
 *  driver's wording ("ADF", "Automatic Document Feeder", "ADF Duplex" vary). */
enum class ScanSource { Flatbed, Feeder, Duplex };

/** Lineart is 1 bit per pixel (QImage::Format_Mono), Gray 8 bits, Color RGB. */
enum class ColorMode { Lineart, Gray, Color };

/** What a batch asks of the device. */
struct ScanSettings
{
    ScanSource source = ScanSource::Flatbed;
    ColorMode mode = ColorMode::Gray;
    /** Dots per inch; the device picks the nearest value it supports. */
    int resolution = 300;
    /** Scan area in millimetres from the top-left corner; a null rect keeps the
     *  device's default area. */
    QRectF areaMm;
    /** Feeder/duplex: stop after this many pages; 0 reads until the feeder is empty.
     *  A flatbed batch is always one page. */
    int pageLimit = 0;
    /** Driver options set by name after the settings above, in order
     *  (e.g. {"test-picture", "Grid"}). */
    QList<std::pair<QString, QVariant>> deviceOptions;

    bool isFeederBatch() const { return source != ScanSource::Flatbed; }
};

} // namespace dms
