// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/SignatureBatch.h"

#include <QList>

#include <atomic>
#include <functional>
#include <optional>

namespace dms {

/** A SignatureBatch without a thread of its own: take() signs the oldest input on the
 *  caller's thread with the function given. What software keys and tokens without a
 *  worker thread do by default (same order, stop and cancel rules, no overlap). */
class SequentialSignatureBatch final : public SignatureBatch
{
public:
    /** @p sign must stay callable for the life of the batch. */
    explicit SequentialSignatureBatch(std::function<Result<QByteArray>(const QByteArray &)> sign);

    void add(const QByteArray &input) override;
    [[nodiscard]] Result<QByteArray> take() override;
    void cancel() override;

private:
    std::function<Result<QByteArray>(const QByteArray &)> m_sign;
    QList<QByteArray> m_inputs;
    std::optional<Error> m_failure;
    std::atomic<bool> m_cancelled {false};
};

} // namespace dms
