// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

namespace dms {

/** The sRGB IEC 61966-2.1 ICC profile, built by lcms2 (no data file needed); the
 *  only code in dms_scanning that includes lcms2.h. */
class SrgbProfile
{
public:
    /** The profile bytes, ICC version 4 as lcms2 writes it (about 600 bytes;
     *  accepted by PDF/A-2 and -3, not by PDF/A-1).
     *  Internal error when lcms2 fails. Thread-safe; built once and cached. */
    [[nodiscard]] static Result<QByteArray> iccData();
};

} // namespace dms
