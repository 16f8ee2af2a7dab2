// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace dms {

/** One scanner as a backend lists it. `name` is what ScannerBackend::open() takes
 *  (for SANE e.g. "test:0" or "airscan:e0:Office"); the rest is for people. */
struct ScannerInfo
{
    QString name;
    QString vendor;
    QString model;
    QString type;

    /** "Vendor Model" or the name when the backend gives neither. */
    QString displayName() const
    {
        const QString label = QString(vendor + QLatin1Char(' ') + model).trimmed();
        return label.isEmpty() ? name : label;
    }
};

} // namespace dms
