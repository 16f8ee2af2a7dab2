// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SignatureBatch.h"

namespace dms {

SignatureBatch::~SignatureBatch() = default;

} // namespace dms
