// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/RevocationFetcher.h"

namespace dms {

RevocationFetcher::~RevocationFetcher() = default;

} // namespace dms
