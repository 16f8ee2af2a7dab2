// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

namespace dms {

/** The transport to an RFC 3161 time-stamping authority: a DER TimeStampReq in, the
 *  DER TimeStampResp out. Building the request and checking the answer (status,
 *  message imprint, nonce) is the caller's job (CadesSigner), so an HTTP client, a
 *  loopback responder and an in-process test TSA all fit. */
class TimestampClient
{
public:
    virtual ~TimestampClient();

    /** Network, Timeout, Cancelled, ... when no response was obtained. */
    [[nodiscard]] virtual Result<QByteArray> timestamp(const QByteArray &requestDer) = 0;
};

} // namespace dms
