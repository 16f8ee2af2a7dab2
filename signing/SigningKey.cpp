// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SigningKey.h"

namespace dms {

SigningKey::~SigningKey() = default;

} // namespace dms
