// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVariant>
#include <QVariantList>

namespace dms {

/** A device option exposed generically, as the driver describes it (SANE option
 *  descriptors map one to one). Values: Bool → bool, Int → int, Fixed → double,
 *  String → QString; array options hold a QVariantList; Button has no value. */
struct ScanOption
{
    enum class Type { Bool, Int, Fixed, String, Button };
    enum class Unit { None, Pixel, Bit, Millimetre, Dpi, Percent, Microsecond };
    enum class Constraint { None, Range, List };

    QString name;
    QString title;
    QString description;
    /** The title of the group the option is listed under, if any. */
    QString group;
    Type type = Type::Int;
    Unit unit = Unit::None;
    Constraint constraint = Constraint::None;
    /** Range constraint; step 0 means any value in [minimum, maximum]. */
    double minimum = 0;
    double maximum = 0;
    double step = 0;
    /** List constraint: the allowed values, typed as `value` is. */
    QVariantList allowedValues;
    /** Current value; invalid when the option is inactive or cannot be read. */
    QVariant value;
    /** Number of elements: 1 for scalars, more for array options. */
    int count = 1;
    bool active = true;
    bool settable = true;
    bool advanced = false;
};

} // namespace dms
