// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/Token.h"

#include <QList>

#include <memory>

namespace dms {

/** A source of tokens: a PKCS#11 module, or a fake in tests. Thread-safe. */
class TokenProvider
{
public:
    virtual ~TokenProvider();

    /** The tokens present now (readers without a card are left out). An empty list is
     *  not an error; callers that need one report ErrorCode::NoToken. */
    [[nodiscard]] virtual Result<QList<std::shared_ptr<Token>>> tokens() = 0;
};

} // namespace dms
