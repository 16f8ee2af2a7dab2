// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/ErrorCode.h"

#include <QString>

namespace dms {

/** A failure: a code for programs, a translated message for people and a technical
 *  detail for logs. The detail never carries personal data (ЕГН, PINs, keys). */
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString detail;

    /** "message (detail)" or just the message: what a console shows. */
    QString toString() const;
    bool isCancelled() const { return code == ErrorCode::Cancelled; }
};

} // namespace dms
