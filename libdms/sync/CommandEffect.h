// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncMessages.h"

#include <QJsonObject>
#include <QList>

namespace dms {

/** What an applied command answers and publishes. */
struct CommandEffect
{
    QJsonObject result;
    QList<SyncChange> changes; ///< appended to the feed by the caller, last
};

} // namespace dms
