// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>

namespace dms {

/** What CadesSigner::signBatch() made. */
struct CadesBatchResult
{
    /** The .p7s of the first documents, in their order; all of them when status is ok. */
    QList<QByteArray> signatures;
    /** Why signing stopped at document signatures.size(): the key's error (WrongPin,
     *  TokenRemoved, Cancelled, ...) or that document's (unreadable). */
    Status status;
};

} // namespace dms
