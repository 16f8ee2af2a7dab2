// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/DocumentStatusMachine.h"

namespace dms::exchange {

bool DocumentStatusMachine::canMove(std::optional<DocumentStatus> from, DocumentStatus to)
{
    using S = DocumentStatus;
    if (!from)
        return to == S::WaitRegistration || to == S::Registered || to == S::Rejected;
    switch (*from) {
    case S::WaitRegistration:
        return to == S::Registered || to == S::Rejected;
    case S::Registered:
        return to == S::Closed || to == S::Stopped;
    case S::Rejected:
    case S::Stopped:
    case S::Closed:
    case S::NotFound:
    case S::AlreadyReceived:
        return false;
    }
    return false;
}

bool DocumentStatusMachine::isFinal(DocumentStatus status)
{
    return status == DocumentStatus::Rejected || status == DocumentStatus::Stopped
        || status == DocumentStatus::Closed;
}

} // namespace dms::exchange
