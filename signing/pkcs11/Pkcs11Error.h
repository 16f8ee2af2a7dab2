// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"

#include <QString>

namespace dms {

/** The one mapping of a PKCS#11 return value (CK_RV) to an Error. @p function names
 *  the call for the technical detail. @p tokenFlags are the token's CK_FLAGS read
 *  after the failure: for a wrong PIN they tell whether few tries or the final try
 *  remain, which the message then says. */
Error pkcs11Error(unsigned long rv, const QString &function, unsigned long tokenFlags = 0);

/** "CKR_PIN_INCORRECT" and the like; "CKR_0x…" for values we do not name. */
QString pkcs11ReturnValueName(unsigned long rv);

} // namespace dms
