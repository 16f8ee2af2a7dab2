// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/ScannerBackend.h"

namespace dms {

ScannerBackend::~ScannerBackend() = default;

} // namespace dms
