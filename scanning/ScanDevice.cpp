// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/ScanDevice.h"

namespace dms {

ScanDevice::~ScanDevice() = default;

} // namespace dms
