// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/PinRequest.h"

#include <QByteArray>

namespace dms {

/** Supplies PINs to the token layer, which never shows dialogs itself. A GUI
 *  implementation asks the user; the CLI reads a terminal or a file descriptor.
 *  Called on the token worker thread: implementations must be thread-safe and must
 *  not wait for the thread that is blocked in the token call. */
class PinProvider
{
public:
    virtual ~PinProvider();

    /** The PIN for @p request, or an Error with ErrorCode::Cancelled when the user
     *  declined (the operation then stops without signing). */
    [[nodiscard]] virtual Result<QByteArray> pin(const PinRequest &request) = 0;

    /** The PIN is being typed on the reader's PIN pad (@p active true), or that
     *  entry has ended. For a "look at your reader" hint; default: nothing. */
    virtual void pinPadEntry(const PinRequest &request, bool active);
};

} // namespace dms
