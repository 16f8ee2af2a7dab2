// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/TokenProvider.h"

namespace dms {

TokenProvider::~TokenProvider() = default;

} // namespace dms
