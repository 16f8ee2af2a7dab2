// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/PinProvider.h"

namespace dms {

PinProvider::~PinProvider() = default;

void PinProvider::pinPadEntry(const PinRequest &request, bool active)
{
    Q_UNUSED(request)
    Q_UNUSED(active)
}

} // namespace dms
