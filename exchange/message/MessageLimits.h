// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace dms::exchange {

/** Bounds on incoming messages. The protocol sets none (ДАЕУ allows 2 GB), so they
 *  are configuration; a message over a limit is refused before it is parsed. */
struct MessageLimits
{
    qint64 maxMessageBytes = 256LL * 1024 * 1024;
    int maxAttachments = 500;
};

} // namespace dms::exchange
