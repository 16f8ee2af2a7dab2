// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchange/message/DocumentStatus.h"

#include <optional>

namespace dms::exchange {

/** The receiver's life cycle of an incoming document:
 *  (new) → DS_WAIT_REGISTRATION → DS_REGISTERED → DS_CLOSED | DS_STOPPED,
 *  DS_WAIT_REGISTRATION → DS_REJECTED, or (new) → DS_REGISTERED when automatic.
 *  We enforce it for what we report; statuses reported to us by peers are all
 *  accepted and kept in a history, since the specification forbids none. */
class DocumentStatusMachine
{
public:
    /** Whether we may move an incoming document from `from` (nullopt = new) to `to`. */
    static bool canMove(std::optional<DocumentStatus> from, DocumentStatus to);
    /** Whether the status ends the document's exchange. */
    static bool isFinal(DocumentStatus status);
};

} // namespace dms::exchange
