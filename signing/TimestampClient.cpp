// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/TimestampClient.h"

namespace dms {

TimestampClient::~TimestampClient() = default;

} // namespace dms
